"""HTTP as a browser sends it: a user's cookies, the CSRF token in every POST, redirects
followed, and the messages the page shows."""

import html
import re
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

from common import CSRF_SECRET

QUEUE_NOTICE = "The background queue is not reachable at the moment"


class Unprocessed(urllib.request.HTTPErrorProcessor):
    """Every response as it is: redirects are followed by ``Browser`` itself, and an error
    status is an answer to record, not an exception."""

    def http_response(self, request, response):
        return response


OPENER = urllib.request.build_opener(Unprocessed)


@dataclass
class Page:
    """An action's answer: the status of each response (the POST, then the redirects
    followed), the seconds until the first and the last, the messages shown, the text."""

    statuses: list[int]
    first: float
    total: float
    messages: list[str]
    text: str
    url: str

    @property
    def queued_notice(self) -> bool:
        return any(QUEUE_NOTICE in message for message in self.messages)

    def said(self, limit: int = 80) -> str:
        """The messages the user read, the queue notice named as such."""
        shown = [m if len(m) <= limit else m[: limit - 1] + "…" for m in self.messages]
        quoted = [f"'{m}'" for m in shown if QUEUE_NOTICE not in m]
        if self.queued_notice:
            quoted.append("the queue notice")
        return " + ".join(quoted) or "no message"

    def summary(self) -> str:
        chain = "→".join(map(str, self.statuses))
        return f"{chain} in {self.first:.2f} s ({self.total:.2f} s to the page), {self.said()}"


class Browser:
    """A user's cookies (the session and CSRF cookies, and what the portal sets) and the
    requests they send, CSRF token included in every POST."""

    def __init__(self, base: str, cookie: str = "") -> None:
        self.base = base
        self.cookies = dict(pair.split("=", 1) for pair in cookie.split("; ") if pair)

    def get(self, path: str) -> Page:
        return self.send(path, None)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Page:
        return self.send(path, {"csrfmiddlewaretoken": CSRF_SECRET, **(data or {})})

    def send(self, path: str, data: dict[str, Any] | None) -> Page:
        began, statuses, first = time.monotonic(), [], None
        while True:
            try:
                status, headers, body = self.request(path, data)
            except OSError as error:  # reset, refused, timed out: the user saw no page
                statuses.append(0)
                return Page(statuses, first or 0, time.monotonic() - began, [], str(error), path)
            statuses.append(status)
            first = first if first is not None else time.monotonic() - began
            if status in (301, 302, 303) and len(statuses) < 5:
                location = urlsplit(headers["Location"])
                path = location.path + (f"?{location.query}" if location.query else "")
                data = None
                continue
            text = body.decode(errors="replace")
            return Page(statuses, first, time.monotonic() - began, messages_in(text), text, path)

    def request(self, path: str, data: dict[str, Any] | None) -> tuple[int, Any, bytes]:
        url = self.base + path
        request = urllib.request.Request(
            url,
            data=urlencode(data, doseq=True).encode() if data is not None else None,
            headers={
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Referer": url,
            },
        )
        with OPENER.open(request, timeout=60) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                self.remember(header)
            return response.status, response.headers, response.read()

    def remember(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value


def messages_in(text: str) -> list[str]:
    found = re.findall(r'<div class="alert alert-\w+" role="status">(.*?)</div>', text, re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", m))).strip() for m in found]


def concurrently(actions: list[Callable[[], Page]]) -> list[Page]:
    """Each action in a thread of its own, all sent at the same moment; their pages."""
    barrier = threading.Barrier(len(actions))
    pages: list[Page] = []

    def run(action: Callable[[], Page]) -> None:
        barrier.wait()
        pages.append(action())

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return pages

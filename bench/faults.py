"""What the portal's background work does when Redis, the mail server or a worker fails
(issue 10), measured production-like: gunicorn (2 workers, --timeout 30), a Celery worker
(prefork, concurrency 2) and beat as processes of their own with the default outbox
settings, PostgreSQL, a private Redis that is stopped and frozen, an SMTP server that answers
late, and requests over HTTP. Prints the Markdown table fault | tried | lost | duplicated |
what the user saw, then ``manage.py check_integrity``'s verdict. About 4 minutes.

    .venv/bin/python bench/faults.py [--keep]

Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services) and redis-server on the PATH. Starts
its own Redis on a free port (never the machine's) and SMTP server; drops and creates its
database afresh (BENCH_DATABASE_URL, default portal_bench_faults).
"""

import argparse
import asyncio
import contextlib
import email
import html
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

# Before common reads it: this bench drops its database, so it never uses the others' one.
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_faults"
)

import redis
from aiosmtpd.controller import Controller
from common import CSRF_SECRET, DATABASE_URL, PORT, ROOT, gunicorn, session_cookie, setup_django

CELERY = str(ROOT / ".venv/bin/celery")
SMTP_TIMEOUT = 10  # what the workers' SMTP client waits for an answer (MAIL_URL)
# The outages, shorter than the (45 s, 52 s) but of the same order: longer than a
# publish's timeout and the breaker, and than the first steps of the workers' reconnection.
REDIS_DOWN_SECONDS = 30
REDIS_FROZEN_SECONDS = 20
SMTP_DELAY_SECONDS = 12
QUEUE_NOTICE = "The background queue is not reachable at the moment"
LINK = re.compile(r"https?://[^/\s]+(/invitations/[^/\s]+/)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def until(condition: Callable[[], Any], timeout: float, interval: float = 0.1) -> float | None:
    """Seconds until ``condition`` holds, or None when it did not within ``timeout``."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            return None
        time.sleep(interval)
    return time.monotonic() - began


def seconds(value: float | None, timeout: float) -> str:
    return f"{value:.1f} s" if value is not None else f"not within {timeout:.0f} s"


# --- the services: a private Redis, an SMTP server, Celery processes ---------------------


class Redis:
    """A redis-server of our own on a free port that keeps nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen | None = None
        self.frozen = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with (self.folder / "redis.log").open("a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        if until(self.answers, timeout=10) is None:
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            os.kill(self.process.pid, signal.SIGCONT)
            self.frozen = False

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def answers(self) -> bool:
        try:
            with self.client() as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def consumers(self) -> int:
        """Connections blocked reading a queue: workers consuming."""
        try:
            with self.client() as client:
                return sum(each["cmd"] == "brpop" for each in client.client_list())
        except redis.RedisError:
            return 0


@dataclass
class Mail:
    at: float
    to: str
    subject: str
    link: str


class Mailbox:
    """An aiosmtpd handler that stores each message, then waits ``delay`` seconds before it
    answers 250: longer than the client waits, the client sees a timeout although the
    message was delivered."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        texts = [
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        ]
        found = LINK.search(" ".join(texts))
        self.mails.append(
            Mail(time.monotonic(), message["To"], message["Subject"], found[1] if found else "")
        )
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def to(self, address: str, since: float = 0.0, subject: str = "") -> list[Mail]:
        return [
            mail
            for mail in list(self.mails)
            if mail.to == address and mail.at >= since and subject in mail.subject
        ]


def celery(*arguments: str, log: Path) -> subprocess.Popen:
    """A Celery process in a process group of its own, on the bench's environment."""
    with log.open("a") as output:
        return subprocess.Popen(
            [CELERY, "-A", "portal", *arguments],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen, how: int = signal.SIGKILL) -> None:
    """``how`` to the whole process group (a worker: its main process and pool children)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, how)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
        return
    kill_group(process)


@dataclass
class Workers:
    """The Celery worker (replaced after a kill) and beat, each a process group of its own."""

    folder: Path
    started: list[subprocess.Popen] = field(default_factory=list)

    def start_worker(self) -> None:
        number = sum("worker" in process.args for process in self.started) + 1
        self.started.append(
            celery(
                "worker", "--concurrency=2", "--loglevel=warning", f"--hostname=bench{number}@%h",
                log=self.folder / f"worker-{number}.log",
            )
        )  # fmt: skip

    def start_beat(self) -> None:
        schedule = self.folder / "beat-schedule"
        self.started.append(
            celery("beat", "--loglevel=warning", "-s", str(schedule), log=self.folder / "beat.log")
        )

    def kill_worker(self) -> None:
        """SIGKILL to the running worker's main process and pool children (not beat)."""
        for process in self.started:
            if "worker" in process.args and process.poll() is None:
                kill_group(process)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                kill_group(process, signal.SIGTERM)


# --- HTTP as a browser sends it ------------------------------------------------------------


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


# --- the data --------------------------------------------------------------------------------


def person(address: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username=address, email=address)[0]


def organisation(name: str, country: str):
    from consortia.models import Organisation

    return Organisation.objects.create(
        legal_name=name, country=country, kind="enterprise", size="small"
    )


def contact(acronym: str, country: str, number: int = 0) -> str:
    suffix = f"-{number}" if number else ""
    return f"{acronym.lower()}-{country.lower()}{suffix}@example.org"


def proposal(coordinator, acronym: str, countries: list[str], lot: int = 1):
    """A draft with a German applicant and a full partner from each country (contact
    ``<acronym>-<country>@example.org``, a number added when a country comes again)."""
    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    draft = Proposal.objects.create(
        owner=coordinator,
        lot=Lot.objects.get(call__is_default=True, number=lot),
        acronym=acronym,
        title="Skills for welding",
        duration_years=3,
    )
    applicant = Organisation.objects.create(
        legal_name=f"{acronym} School", country="DE", kind="vet_provider"
    )
    Membership.objects.create(proposal=draft, organisation=applicant, role="applicant")
    seen: Counter[str] = Counter()
    for position, country in enumerate(countries, start=1):
        number = seen[country]
        seen[country] += 1
        name = f"{acronym} {country} {number}" if number else f"{acronym} {country}"
        Membership.objects.create(
            proposal=draft,
            organisation=organisation(name, country),
            role="full_partner",
            contact_email=contact(acronym, country, number),
            position=position,
        )
    return draft


def partners(draft):
    return list(draft.memberships.exclude(role="applicant").order_by("position"))


def accept_through_link(membership, coordinator) -> None:
    """A copied link, accepted by the contact, as the services do it."""
    from consortia import selectors, services

    url = services.create_link(membership=membership, by=coordinator)
    invitation, _problem = selectors.invitation_for_token(url.rstrip("/").rsplit("/", 1)[1])
    services.accept_invitation(
        invitation=invitation,
        by=person(membership.contact_email),
        mandate_version=services.invitations.latest_mandate().version,
        organisation_fields={},
    )


def ready_proposal(coordinator, acronym: str):
    """A proposal that passes every check: three partners who accepted."""
    from consortia import specs

    draft = proposal(coordinator, acronym, ["FR", "IT", "ES"])
    for membership in partners(draft):
        accept_through_link(membership, coordinator)
    assert specs.report_for(draft).passed, f"{acronym} is not ready to submit"
    return draft


def save_and_invite_data(draft, countries: list[str]) -> dict[str, Any]:
    """The partners step with a new row per country (an organisation of the directory and
    its contact), sent with "Save and invite"."""
    data: dict[str, Any] = {
        "version": draft.version,
        "invite": "1",
        "partners-INITIAL_FORMS": 0,
        "partners-TOTAL_FORMS": len(countries),
    }
    for index, country in enumerate(countries):
        data[f"partners-{index}-organisation"] = organisation(
            f"{draft.acronym} {country}", country
        ).pk
        data[f"partners-{index}-role"] = "full_partner"
        data[f"partners-{index}-contact_email"] = contact(draft.acronym, country)
    return data


def busy_intents() -> int:
    """Open intents, leaving out those waiting out a backoff after a failed run."""
    from outbox.models import Intent

    open_ = Intent.objects.filter(done_at__isnull=True, given_up_at__isnull=True)
    return open_.exclude(started_at__isnull=True, attempts__gt=0, last_error__gt="").count()


def member_states(browser: Browser, draft) -> dict[str, int]:
    """The invitation states the coordinator's members table shows for the partners, counted."""
    page = browser.get(f"/proposals/{draft.pk}/members/")
    rows = re.findall(r'data-member="([^"]+)" data-state="([^"]+)"', page.text)
    return dict(Counter(state for name, state in rows if name != f"{draft.acronym} School"))


# --- the faults ----------------------------------------------------------------------------


@dataclass
class Row:
    fault: str
    tried: str
    lost: str = "?"
    duplicated: str = "?"
    seen: list[str] = field(default_factory=list)


@dataclass
class Bench:
    base: str
    redis: Redis
    mailbox: Mailbox
    workers: Workers
    exports_dir: Path
    log: Path
    coordinator: Any
    me: Browser
    # Counted again at the end of the run, when late duplicates had minutes to show up.
    finals: list[Callable[[], None]] = field(default_factory=list)

    def another_tab(self) -> Browser:
        """The coordinator in a session of its own."""
        return Browser(self.base, session_cookie(self.coordinator))

    def settled(self, timeout: float = 30) -> None:
        """Wait until the worker finished what is open, so that a fault meets no work of the
        one before (invitations waiting out a backoff aside)."""
        until(lambda: busy_intents() == 0, timeout)


def smtp_late(bench: Bench) -> Row:
    """The mail server stores each message but answers after the client's timeout."""
    from django.db.models import Max

    from consortia.models import Invitation

    row = Row(
        f"SMTP stores the message but answers after {SMTP_DELAY_SECONDS} s "
        f"(client timeout {SMTP_TIMEOUT} s)",
        "Invite all, 6 partners",
    )
    countries = ["FR", "IT", "ES", "PL", "NL", "AT"]
    slow = proposal(bench.coordinator, "SLOW", countries)
    addresses = [contact("SLOW", country) for country in countries]
    bench.settled()

    bench.mailbox.delay = SMTP_DELAY_SECONDS
    page = bench.me.post(f"/proposals/{slow.pk}/members/invite/")
    timeout = 150
    window = until(lambda: all(len(bench.mailbox.to(a)) >= 2 for a in addresses), timeout, 0.5)
    bench.mailbox.delay = 0
    states = member_states(bench.me, slow)
    attempts = Invitation.objects.filter(membership__proposal=slow).aggregate(most=Max("attempts"))

    def emails() -> dict[str, list[Mail]]:
        return {a: bench.mailbox.to(a) for a in addresses}

    def links() -> dict[str, set[str]]:
        return {a: {m.link for m in mails} for a, mails in emails().items()}

    def per_partner(counts: list[int]) -> str:
        return ", ".join(f"{n} x {count}" for count, n in sorted(Counter(counts).items()))

    opened: Counter[str] = Counter()
    for link in set().union(*links().values()):
        answer = Browser(bench.base).get(link)
        ok = answer.statuses == [200] and "You are invited to join SLOW" in answer.text
        opened["the invitation page (200)" if ok else f"{answer.statuses}"] += 1
    row.seen = [
        f"Invite all: {page.summary()}",
        f"every partner had 2 emails {seconds(window, timeout)} after the click (first "
        f"attempts 2 at a time, {SMTP_TIMEOUT} s each; the next after a 30 s backoff and a "
        f"sweep); by then at most {attempts['most']} attempts per invitation, emails per "
        f"partner {per_partner([len(m) for m in emails().values()])}, distinct links per "
        f"partner {per_partner([len(ls) for ls in links().values()])}",
        f"each distinct link opened: {dict(opened)}; members table then: {states}",
    ]

    def final() -> None:
        counts = [len(m) for m in emails().values()]
        row.lost = f"{sum(not ls for ls in links().values())} of 6 partners without a link"
        row.duplicated = (
            f"{sum(counts) - 6} extra emails (per partner {per_partner(counts)}), "
            f"{sum(len(ls) - 1 for ls in links().values() if ls)} extra links"
        )
        row.seen.append(
            f"at the end of the run, the server answering in time since: members table "
            f"{member_states(bench.me, slow)}"
        )

    bench.finals.append(final)
    return row


def redis_stopped(bench: Bench) -> Row:
    """Redis refuses connections while a coordinator and a partner act; then it is back."""
    from django.utils import timezone

    from consortia import services
    from consortia.models import ExportJob, Membership, Proposal, Submission

    row = Row(
        f"Redis refuses connections for {REDIS_DOWN_SECONDS} s (stopped; started again empty)",
        "save-and-invite (5 partners), PDF export, resend, submit, a partner's accept",
    )
    me, coordinator, inbox = bench.me, bench.coordinator, bench.mailbox
    invite = proposal(coordinator, "INVITE", [])
    countries = ["FR", "IT", "ES", "PL", "NL"]
    addresses = [contact("INVITE", country) for country in countries]
    form = save_and_invite_data(invite, countries)
    ready = ready_proposal(coordinator, "SUBMIT")
    answer = proposal(coordinator, "ANSWER", ["PL", "NL"])
    resent, accepting = partners(answer)
    services.invite_members(proposal=answer, by=coordinator, membership_ids=[resent.pk])
    copied = urlsplit(services.create_link(membership=accepting, by=coordinator)).path
    partner = Browser(bench.base, session_cookie(person(accepting.contact_email)))
    partner.get(copied)  # the partner opened the link, signed in
    accept_form = {
        "legal_name": accepting.organisation.legal_name,
        "kind": "enterprise",
        "size": "small",
        "mandate_version": services.invitations.latest_mandate().version,
        "mandate": "on",
    }
    until(lambda: inbox.to(resent.contact_email), 30)
    bench.settled()

    bench.redis.stop()
    down = time.monotonic()
    pages = {
        "save-and-invite": me.post(f"/proposals/{invite.pk}/partners/", form),
        "export": me.post(f"/proposals/{invite.pk}/exports/", {"format": "pdf"}),
        "resend": me.post(f"/proposals/{answer.pk}/members/{resent.pk}/resend/"),
        "submit": me.post(f"/proposals/{ready.pk}/submit/"),
        "accept": partner.post("/invitations/respond/", accept_form),
    }
    job = ExportJob.objects.filter(proposal=invite).first()
    committed = (
        f"{sum(m.status == 'invited' for m in partners(invite))} of 5 partners invited, "
        f"export job {job.status if job else 'missing'}, proposal "
        f"{Proposal.objects.get(pk=ready.pk).status}, partner "
        f"{Membership.objects.get(pk=accepting.pk).status}; members table "
        f"{member_states(me, invite)}"
    )
    time.sleep(max(0.0, REDIS_DOWN_SECONDS - (time.monotonic() - down)))
    bench.redis.start()
    up, up_at = time.monotonic(), timezone.now()

    notice = f"{accepting.organisation.legal_name} accepted"

    def effects() -> dict[str, list[Mail]]:
        return {
            **{a: inbox.to(a) for a in addresses},
            "resent invitation": inbox.to(resent.contact_email, since=down),
            "receipt": inbox.to(coordinator.email, since=down, subject="Receipt: SUBMIT"),
            "accept notice": inbox.to(coordinator.email, since=down, subject=notice),
        }

    def exported() -> Any:
        return ExportJob.objects.filter(proposal=invite, status="done").first()

    timeout = 120
    until(lambda: all(effects().values()) and exported(), timeout)
    arrived = {name: mails[0].at - up for name, mails in effects().items() if mails}
    job = exported()
    back = [
        f"the 5 invitations {max(arrived[a] for a in addresses):.1f} s"
        if all(a in arrived for a in addresses)
        else f"the 5 invitations: {sum(a in arrived for a in addresses)} within {timeout} s"
    ]
    back += [
        f"{name} {arrived[name]:.1f} s" if name in arrived else f"{name} not within {timeout} s"
        for name in ("resent invitation", "receipt", "accept notice")
    ]
    back.append(
        f"the export done {(job.finished_at - up_at).total_seconds():.1f} s"
        if job
        else f"the export not done within {timeout} s"
    )
    row.seen = [f"{action}: {page.summary()}" for action, page in pages.items()]
    row.seen.append(f"saved while Redis was down: {committed}")

    def final() -> None:
        effects_now = effects()
        jobs = ExportJob.objects.filter(proposal=invite)
        files = list((bench.exports_dir / str(invite.pk)).rglob("*.pdf"))
        lost = [name for name, mails in effects_now.items() if not mails]
        if not (jobs.filter(status="done").exists() and files):
            lost.append("export")
        row.lost = f"{len(lost)} of 9 (5 invitations, the resent one, receipt, notice, export)"
        if lost:
            row.lost += f": {', '.join(lost)}"
        row.duplicated = (
            f"{sum(len(m) - 1 for m in effects_now.values() if m)} extra emails, "
            f"{jobs.count() - 1} extra export jobs, {len(files) - 1} extra files, "
            f"{Submission.objects.filter(proposal=ready).count() - 1} extra submissions"
        )
        row.seen.append(
            f"after Redis came back: {', '.join(back)}; members table at the end "
            f"{member_states(me, invite)}"
        )

    bench.finals.append(final)
    return row


def redis_frozen(bench: Bench) -> Row:
    """Redis stops answering (SIGSTOP: connections are accepted, nothing is read)."""
    row = Row(
        f"Redis frozen (SIGSTOP) for {REDIS_FROZEN_SECONDS} s",
        "/health/, /ready/, dashboard, Invite all (3 partners), dashboard and /health/ again",
    )
    countries = ["FR", "IT", "PL"]
    addresses = [contact("FROZEN", country) for country in countries]
    frozen = proposal(bench.coordinator, "FROZEN", countries)
    anyone = Browser(bench.base)
    bench.settled()

    bench.redis.freeze()
    froze = time.monotonic()
    pages = {
        "/health/": anyone.get("/health/"),
        "/ready/": anyone.get("/ready/"),
        "dashboard": bench.me.get("/proposals/"),
        "Invite all": bench.me.post(f"/proposals/{frozen.pk}/members/invite/"),
        "dashboard again": bench.me.get("/proposals/"),
        "/health/ again": anyone.get("/health/"),
    }
    failing = [
        name
        for name, check in re.findall(r'"(\w+)": \{"ok": (\w+)', pages["/ready/"].text)
        if check == "false"
    ]
    time.sleep(max(0.0, REDIS_FROZEN_SECONDS - (time.monotonic() - froze)))
    bench.redis.thaw()
    timeout = 90
    sent_in = until(lambda: all(bench.mailbox.to(a) for a in addresses), timeout)

    slowest = max(page.first for page in pages.values())
    row.seen = [f"{name}: {page.summary()}" for name, page in pages.items()]
    row.seen.append(
        f"/ready/ names as failing: {', '.join(failing) or 'nothing'}; slowest answer "
        f"{slowest:.2f} s ({'under' if slowest < 2 else 'OVER'} 2 s); after the thaw the 3 "
        f"invitations arrived within {seconds(sent_in, timeout)}"
    )

    def final() -> None:
        counts = [len(bench.mailbox.to(a)) for a in addresses]
        row.lost = f"{counts.count(0)} of 3 invitations"
        row.duplicated = f"{sum(max(0, c - 1) for c in counts)} extra emails"

    bench.finals.append(final)
    return row


def worker_killed(bench: Bench) -> Row:
    """The whole worker SIGKILLed while it renders a big PDF; a new one started at once."""
    from consortia.models import ExportJob
    from outbox.models import Intent

    row = Row(
        "the whole worker (main process and pool children) SIGKILLed mid-PDF-export, a new "
        "one started at once; default settings",
        "PDF export of a proposal with 150 partners",
    )
    countries = ["FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "CH"]
    big = proposal(bench.coordinator, "BIG", [countries[n % 9] for n in range(150)], lot=2)
    bench.settled()

    page = bench.me.post(f"/proposals/{big.pk}/exports/", {"format": "pdf"})
    job = ExportJob.objects.get(proposal=big)

    def rendering() -> bool:  # 40%: the page is built, WeasyPrint is making the PDF
        job.refresh_from_db()
        return job.status == "running" and job.progress >= 40

    until(rendering, 60, interval=0.02)
    progress = job.progress
    bench.workers.kill_worker()
    killed = time.monotonic()
    bench.workers.start_worker()
    timeout = 180
    done = until(lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(), timeout)
    done_in = None if done is None else time.monotonic() - killed
    job.refresh_from_db()
    intent = Intent.objects.get(task="consortia.run_export", kwargs__job_id=job.pk)
    folder = bench.exports_dir / str(big.pk) / str(job.pk)
    files = sorted(folder.iterdir()) if folder.exists() else []
    row.lost = "0 of 1 export" if job.status == "done" and files else "1 of 1 export"
    row.duplicated = f"{len(files) - 1} extra files ({len(files)} in the job's folder)"
    row.seen = [
        f"export: {page.summary()}",
        f"killed at 'Running {progress}%'; the job was done by itself "
        f"{seconds(done_in, timeout)} after the kill (job attempts {job.attempts}, outbox "
        f"attempts {intent.attempts}, publishes {intent.publishes}; the last attempt took "
        f"{(job.finished_at - job.started_at).total_seconds():.1f} s); job page: "
        f"{job.get_status_display()} {job.progress}%",
    ]
    return row


def concurrent_exports(bench: Bench) -> Row:
    from consortia.models import ExportJob

    row = Row("20 concurrent export requests of one proposal", "20 PDF export POSTs at once")
    many = proposal(bench.coordinator, "MANY", ["FR", "IT", "ES"])
    tabs = [bench.another_tab() for _ in range(20)]
    bench.settled()

    pages = concurrently(
        [partial(tab.post, f"/proposals/{many.pk}/exports/", {"format": "pdf"}) for tab in tabs]
    )
    until(lambda: not ExportJob.objects.filter(proposal=many).exclude(status="done"), 60)
    jobs = ExportJob.objects.filter(proposal=many).count()
    files = list((bench.exports_dir / str(many.pk)).rglob("*.pdf"))
    statuses = Counter("→".join(map(str, page.statuses)) for page in pages)
    row.lost = "0 of 1 export" if jobs and files else "1 of 1 export"
    row.duplicated = f"{jobs - 1} extra jobs, {len(files) - 1} extra files"
    row.seen = [
        f"{dict(statuses)}, slowest {max(p.first for p in pages):.2f} s; "
        f"{len({page.url for page in pages})} distinct job page(s) shown"
    ]
    return row


def concurrent_submits(bench: Bench) -> Row:
    from consortia.models import Submission

    row = Row("10 concurrent submits", "10 Submit POSTs at once, of a ready proposal")
    twice = ready_proposal(bench.coordinator, "TWICE")
    tabs = [bench.another_tab() for _ in range(10)]
    bench.settled()

    pages = concurrently([partial(tab.post, f"/proposals/{twice.pk}/submit/") for tab in tabs])
    submissions = Submission.objects.filter(proposal=twice).count()
    kinds = ("Submitted.", "Already submitted on")
    said = Counter(
        next((kind for kind in kinds if page.messages and page.messages[0].startswith(kind)), None)
        or page.said()
        for page in pages
    )
    statuses = Counter("→".join(map(str, page.statuses)) for page in pages)
    row.lost = "0 of 1 submission" if submissions else "1 of 1 submission"
    row.duplicated = f"{submissions - 1} extra submissions"
    row.seen = [
        f"{dict(statuses)}, slowest {max(p.first for p in pages):.2f} s; messages: "
        + ", ".join(f"'{kind} …' x {n}" for kind, n in said.items())
    ]
    if example := next((m for p in pages for m in p.messages if m.startswith(kinds[1])), ""):
        row.seen.append(f"e.g. '{example}'")

    def final() -> None:
        receipts = len(bench.mailbox.to(bench.coordinator.email, subject="Receipt: TWICE"))
        row.duplicated += f", {max(0, receipts - 1)} extra receipts ({receipts} sent)"

    bench.finals.append(final)
    return row


# --- the run -------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = [
        "| fault | tried | lost | duplicated | what the user saw |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [row.fault, row.tried, row.lost, row.duplicated, "<br>".join(row.seen)]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def fresh_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
        check=True,
    )


def check_integrity() -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "check_integrity"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
    )
    said = (result.stdout + result.stderr).strip() or "(nothing printed)"
    return f"manage.py check_integrity: exit {result.returncode}\n{said}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the logs of Redis, gunicorn and Celery"
    )
    args = parser.parse_args()
    began = time.monotonic()
    with contextlib.ExitStack() as stack:
        if args.keep:
            folder = Path(tempfile.mkdtemp(prefix="faults-"))
            stack.callback(print, f"logs kept in {folder}")
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="faults-")))
        exports_dir = folder / "exports"
        redis = Redis(folder)
        redis.start()
        stack.callback(redis.stop)
        mailbox = Mailbox()
        smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        smtp.start()
        stack.callback(smtp.stop)
        base = f"http://127.0.0.1:{PORT}"
        fresh_database()
        setup_django(
            CELERY_BROKER_URL=redis.url,
            MAIL_URL=f"smtp://127.0.0.1:{smtp.port}?timeout={SMTP_TIMEOUT}",
            EXPORTS_DIR=str(exports_dir),
            PORTAL_BASE_URL=base,
            PORTAL_VAR_DIR=str(folder / "var"),
            LOG_LEVEL="WARNING",
        )
        from django.core.management import call_command

        call_command("collectstatic", "--no-input", verbosity=0)  # DEBUG is off: the manifest
        workers = Workers(folder)
        stack.callback(workers.stop)
        workers.start_worker()
        workers.start_beat()
        log = folder / "gunicorn.log"
        served = stack.enter_context(gunicorn(2, options=["--timeout", "30"], log=log))
        assert served == base
        if until(lambda: redis.consumers() >= 1, 60) is None:
            raise RuntimeError("the worker did not connect (--keep keeps its log)")
        coordinator = person("coordinator@example.org")
        me = Browser(base, session_cookie(coordinator))
        bench = Bench(base, redis, mailbox, workers, exports_dir, log, coordinator, me)
        print(f"set up in {time.monotonic() - began:.0f} s; running the faults", flush=True)

        rows = []
        for scenario in (
            smtp_late,  # first: its last retries go out while the others run
            redis_stopped,
            redis_frozen,
            worker_killed,
            concurrent_exports,
            concurrent_submits,
        ):
            started = time.monotonic()
            rows.append(scenario(bench))
            print(f"  {scenario.__name__}: {time.monotonic() - started:.0f} s", flush=True)
        bench.settled()
        for final in bench.finals:
            final()
        said = log.read_text()
        print()
        print(table(rows))
        print()
        print(
            f"gunicorn's log: {said.count('Internal Server Error')} HTTP 500s, "
            f"{said.count('WORKER TIMEOUT')} worker timeouts; the run took "
            f"{time.monotonic() - began:.0f} s"
        )
        print(check_integrity())


if __name__ == "__main__":
    main()

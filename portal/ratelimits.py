"""Rate limits of requests (``settings.RATE_LIMITS``), counted in the shared cache by
django-ratelimit, and the 429 answer over a limit: a page saying when to try again, or JSON from
the API, with a Retry-After header either way. allauth's sign-in and sign-up limits answer with
the same page (``handler429``)."""

import math
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

# What each limit counts, for the 429 page; allauth's by the URL names of its views.
COUNTED = {
    "api": _("API requests from your address"),
    "export": _("exports"),
    "import": _("imports"),
    "account_login": _("sign-in attempts"),
    "account_signup": _("sign-ups from your address"),
    "login_failed": _("failed sign-ins with this address"),
}
# (Too many failed sign-ins are answered by portal.accounts, with their own window.)
ALLAUTH_ACTIONS = {"account_login": ("login",), "account_signup": ("signup",)}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """The request is over a limit; it may be tried again in ``retry_after`` seconds."""

    def __init__(self, name: str, retry_after: int) -> None:
        super().__init__(name, retry_after)
        self.name, self.retry_after = name, retry_after


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it (behind a proxy too), so that both count one
    client the same way."""
    return str(get_adapter().get_client_ip(request))


def retry_after(request: HttpRequest, name: str, *, key: str) -> int | None:
    """Count this request against limit ``name`` per ``key`` ("user" or "ip"): None while
    within it, else the seconds until its window ends. None also when the cache cannot be
    reached (the cache fails open)."""
    usage = get_usage(request, group=name, key=key, rate=settings.RATE_LIMITS[name], increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return int(usage["time_left"]) + 1  # the window's last second still counts


def check(request: HttpRequest, name: str, *, key: str = "user") -> None:
    """Raise ``RateLimited`` when this request is over limit ``name``."""
    if (seconds := retry_after(request, name, key=key)) is not None:
        raise RateLimited(name, seconds)


def rate_limited(name: str, *, key: str = "user") -> Callable[[Callable[..., Any]], Any]:
    """A view's POSTs count against limit ``name`` (below ``login_required`` for "user")."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method == "POST":
                check(request, name, key=key)
            return view(request, *args, **kwargs)

        return limited

    return decorator


class Throttle(BaseThrottle):
    """An API operation's calls count against limit ``name`` per ``key``; django-ninja checks
    it after authentication and before reading the body, and answers 429 over it."""

    def __init__(self, name: str, *, key: str) -> None:
        self.name, self.key = name, key
        self.local = threading.local()  # one instance serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        self.local.wait = retry_after(request, self.name, key=self.key)
        return self.local.wait is None

    def wait(self) -> int | None:
        return self.local.wait


# Every API call counts against the "api" limit, per client address.
PER_ADDRESS = Throttle("api", key="ip")


def waiting_time(seconds: int) -> str:
    """45 -> '45 seconds', 61 -> '2 minutes', 7200 -> '2 hours'."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    if seconds < 5400:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def too_many_requests(request: HttpRequest, name: str, seconds: int) -> HttpResponse:
    """The 429 page: what was counted, that nothing was done, and when to try again."""
    context = {
        "counted": COUNTED.get(name, _("requests")),
        "wait": waiting_time(seconds),
        "retry_at": timezone.now() + timedelta(seconds=seconds),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def longest_window(rates: str) -> int:
    """allauth's '10/m/ip,5/5m/key' -> 300: the longest any of its windows can keep one out."""
    longest = 60
    for rate in filter(None, (part.strip() for part in rates.split(","))):
        duration = rate.split("/")[1]
        longest = max(longest, int(float(duration[:-1] or 1) * PERIODS[duration[-1]]))
    return longest


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's answer over one of its limits (it calls ``ROOT_URLCONF.handler429``). allauth
    does not say which window is full, so Retry-After is the longest of the view's limits."""
    name = request.resolver_match.url_name if request.resolver_match else ""
    rates = ",".join(settings.ACCOUNT_RATE_LIMITS.get(a, "") for a in ALLAUTH_ACTIONS.get(name, ()))
    return too_many_requests(request, name or "", longest_window(rates))

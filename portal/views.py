"""The home page (the calls and their lots for visitors; signed-in users go to their
proposals) and the health check that load balancers and benchmarks call."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from lots import selectors


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("consortia:dashboard")
    return render(request, "portal/home.html", {"calls": selectors.calls_with_lots()})


def health(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: the process is up and serving."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (Django admin's)."""
    return redirect(static("favicon.svg"), permanent=True)

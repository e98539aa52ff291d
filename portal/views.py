"""The home page (the calls and their lots for visitors; signed-in users go to their
proposals), the language switcher's target, the health check that load balancers and
benchmarks call, and the readiness check that says which service this process cannot reach."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views import i18n
from django.views.decorators.cache import never_cache

from lots import selectors
from portal import readiness
from portal.languages import save_language


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("consortia:dashboard")
    return render(request, "portal/home.html", {"calls": selectors.calls_with_lots()})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, back to ``next``), and a signed-in user's choice
    saved, so that it follows them to other browsers and into the portal's emails."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        save_language(request.user, request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, ""))
    return response


def health(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: the process is up and serving."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Database, broker, storage and mail, each ok or failing with its reason, within about
    1.5 s whatever they do: 200 when all pass, 503 otherwise. Reads no session or user."""
    checks = readiness.run_checks()
    passed = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if passed else "fail", "checks": checks}, status=200 if passed else 503
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (Django admin's)."""
    return redirect(static("favicon.svg"), permanent=True)

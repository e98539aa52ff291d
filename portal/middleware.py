"""Middleware of the portal: the Permissions-Policy header; a ``Conflict`` no view caught
becomes the 409 page, a request over a rate limit the 429 page."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.exceptions import Conflict
from portal.ratelimits import RateLimited, too_many_requests


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY on every response (Django has no setting for it);
    above WhiteNoise in MIDDLEWARE, so static files carry it too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ConflictMiddleware:
    """Views that expect a conflict show it in place (the wizard's steps); any other one
    answers 409 with the reason and a reload link, rather than a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Conflict):
            return render(request, "409.html", {"message": exception.message}, status=409)
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.name, exception.retry_after)
        return None

"""Middleware of the portal: the Permissions-Policy header; one catalogue of rules per request;
a query string with a null character answers 400; a ``Conflict`` no view caught becomes the 409
page, a request over a rate limit the 429 page."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from consortia.exceptions import Conflict
from lots import catalogue
from portal.api import api, bad_request
from portal.null_characters import MESSAGE, field_with_null_character
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


def pin_catalogue(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A request reads the rules of every lot it needs from one catalogue, and asks the shared
    cache whether it is current once, when it first needs it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with catalogue.pinned():
            return get_response(request)

    return middleware


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


class NullCharacterMiddleware:
    """Query strings reach queries raw in many places (searches, admin filters and searches,
    API parameters), and PostgreSQL refuses a null character in text: a query string carrying
    one answers 400 naming the parameter (as JSON in the API), before any view runs. Form data
    goes through forms, which refuse it beside the field (``ProhibitNullCharactersValidator``),
    and JSON bodies through their schemas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        field = field_with_null_character(request.GET)
        if field is None:
            return None
        if request.resolver_match and request.resolver_match.namespace == api.urls_namespace:
            return bad_request(request, {field: [MESSAGE]})
        message = gettext("“%(field)s”: %(problem)s") % {
            "field": field,
            "problem": gettext(MESSAGE),
        }
        return render(request, "400.html", {"message": message}, status=400)

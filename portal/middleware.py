"""Middleware of the portal: a ``Conflict`` no view caught becomes the 409 page; a query
string with a null character answers 400."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.exceptions import Conflict
from portal.api import api, bad_request
from portal.null_characters import MESSAGE, field_with_null_character


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
        message = f"“{field}”: {MESSAGE}"
        return render(request, "400.html", {"message": message}, status=400)

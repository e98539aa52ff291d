"""The JSON API at /api/v1/: one NinjaAPI, its OpenAPI 3 document, and errors as JSON 400s.

Every bad request answers ``{"detail": ..., "errors": {"<field path>": [messages]}}``, so a
client can show each message beside its field; nothing here answers 500 for bad input. A
request over a rate limit (every call per client address; exports and imports per user)
answers 429 ``{"detail": ..., "retry_after": seconds}`` with a Retry-After header. Messages
are in the request's language (its Accept-Language header, through LocaleMiddleware): English,
French or German; field paths and codes stay as they are.
"""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from consortia.api import router as proposals_router
from lots.api import InvalidInput
from lots.api import router as lots_router
from portal.ratelimits import PER_ADDRESS

api = NinjaAPI(
    title="Consortium Portal API",
    version="1",
    description="Calls, lots and their rules; a stateless eligibility check of a consortium; "
    "the export and import of proposals (signed-in users).",
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[PER_ADDRESS],
)
api.add_router("/", lots_router)
api.add_router("/", proposals_router)


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'partners', 2, 'country') -> 'partners.2.country'."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"]:
        parts = parts[2:] if len(parts) > 2 else []  # drop 'body' and the parameter name
    return ".".join(parts) or "body"


# Pydantic's own messages are English, and English clients may rely on their wording: in
# another language the common ones are said in that language, the rare ones stay English.
SCHEMA_MESSAGES = {
    "extra_forbidden": gettext_lazy("Unknown field."),
    "missing": gettext_lazy("This field is required."),
}
TRANSLATED_SCHEMA_MESSAGES = {
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "float_type": gettext_lazy("Enter a number."),
    "string_type": gettext_lazy("Enter a text."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
}


def error_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in SCHEMA_MESSAGES:
        return str(SCHEMA_MESSAGES[kind])
    if get_language() != "en":
        if kind in TRANSLATED_SCHEMA_MESSAGES:
            return str(TRANSLATED_SCHEMA_MESSAGES[kind])
        if kind == "string_too_long":
            limit = error.get("ctx", {}).get("max_length", 0)
            return ngettext(
                "Ensure this value has at most %(limit)d character.",
                "Ensure this value has at most %(limit)d characters.",
                limit,
            ) % {"limit": limit}
    message = str(error.get("msg", gettext("Invalid value.")))
    return message.removeprefix("Value error, ")


def bad_request(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(
        request, {"detail": gettext("Invalid request."), "errors": errors}, status=400
    )


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(field_path(error.get("loc", ())), []).append(error_message(error))
    return bad_request(request, errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises HttpError(400) from the JSON decoder's ValueError on a bad body.
    if isinstance(exc.__cause__, ValueError):
        return bad_request(request, {"body": [gettext("The body is not valid JSON.")]})
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = gettext("Sign in first: this needs a signed-in user.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # django-ninja adds the Retry-After header.
    seconds = int(exc.wait or 60)
    detail = gettext("Too many requests: try again in %(seconds)d s.") % {"seconds": seconds}
    return api.create_response(request, {"detail": detail, "retry_after": seconds}, status=429)


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return bad_request(request, exc.errors)


@api.exception_handler(ModelValidationError)
def refused_by_a_model(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    # Services name each refused value by its place in the body ("members.2.contact_email").
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
    return bad_request(request, errors)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return bad_request(request, {"body": [gettext("The body is too large.")]})

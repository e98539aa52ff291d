"""The JSON API at /api/v1/: one NinjaAPI, its OpenAPI 3 document, and errors as JSON 400s.

Every bad request answers ``{"detail": ..., "errors": {"<field path>": [messages]}}``, so a
client can show each message beside its field; nothing here answers 500 for bad input. A
request over a rate limit (every call per client address; exports and imports per user)
answers 429 ``{"detail": ..., "retry_after": seconds}`` with a Retry-After header.
"""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError

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


def error_message(error: dict[str, Any]) -> str:
    if error.get("type") == "extra_forbidden":
        return "Unknown field."
    if error.get("type") == "missing":
        return "This field is required."
    message = str(error.get("msg", "Invalid value."))
    return message.removeprefix("Value error, ")


def bad_request(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Invalid request.", "errors": errors}, status=400
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
        return bad_request(request, {"body": ["The body is not valid JSON."]})
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # django-ninja adds the Retry-After header.
    seconds = int(exc.wait or 60)
    detail = f"Too many requests: try again in {seconds} s."
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
    return bad_request(request, {"body": ["The body is too large."]})

"""Error reporting to Sentry, started by the settings only when SENTRY_DSN is set: a view's
or a task's uncaught exception, and every ERROR log line, become events tagged with the
request id (``portal.request_ids``), without personal data (no addresses, cookies or users)."""

from typing import Any

from portal import request_ids


def start(*, dsn: str, environment: str, release: str | None) -> None:
    import sentry_sdk  # noqa: PLC0415 (only processes that report errors load the SDK)
    from sentry_sdk.integrations.celery import CeleryIntegration  # noqa: PLC0415 (same)
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415 (same)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=tag_request_id,
    )


def tag_request_id(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """The id the request's log lines and response header carry, to find them from the event."""
    if request_id := request_ids.current.get():
        event.setdefault("tags", {})["request_id"] = request_id
    return event

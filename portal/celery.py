"""The Celery app. Its configuration is the CELERY_* part of portal.settings."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_portal_logging(**kwargs: object) -> None:
    """Workers and beat log as the web processes do (settings.LOGGING: JSON lines with the
    request id), instead of Celery's own format."""
    from django.conf import settings  # noqa: PLC0415 (read once the worker starts)

    from portal import logs  # noqa: PLC0415 (as settings)

    logs.apply(settings.LOGGING)

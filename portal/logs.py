"""Log lines: one JSON object each (time, level, logger, message, request_id, and the
exception when there is one) for the log collectors of production, or readable text in
embedded mode; both carry the request id (``portal.request_ids``). ``config`` is the LOGGING
setting, which web processes (LOGGING_CONFIG) and Celery workers (``portal.celery``) both
``apply``."""

import logging
import logging.config
import os
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from portal import request_ids

FIELDS = ["asctime", "levelname", "name", "message", "request_id"]


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (empty outside any request or task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_ids.current.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    def __init__(self) -> None:
        super().__init__(
            FIELDS,
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            # A record's extra values are kept (Django's status_code), but not the request
            # object Django adds, whose text repeats the message.
            reserved_attrs=[*RESERVED_ATTRS, "request"],
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC, to the millisecond."""
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def from_environment(*, debug: bool) -> dict[str, Any]:
    """LOG_FORMAT (json or text; default text with DEBUG, for embedded mode, json otherwise)
    and LOG_LEVEL (INFO)."""
    chosen = os.environ.get("LOG_FORMAT", "text" if debug else "json")
    if chosen not in {"json", "text"}:
        raise ValueError(f"LOG_FORMAT: {chosen!r} (json or text)")
    return config(json=chosen == "json", level=os.environ.get("LOG_LEVEL", "INFO"))


def config(*, json: bool, level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Only through the root's handler: Django's own console handler would write its
            # records a second time, unformatted.
            "django": {"level": "INFO"},
            # gunicorn's own lines (a worker booting, timing out) too, in its master process
            # (gunicorn.conf.py) and in its workers.
            "gunicorn.error": {"level": "INFO", "propagate": True},
            "gunicorn.access": {"level": "INFO", "propagate": True},
            "django.db.backends": {"level": "INFO"},
            # WeasyPrint and fontTools report every rendering step at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def apply(config: dict[str, Any]) -> None:
    """The configuration, and Python's warnings as log lines too (not raw text on stderr)."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)

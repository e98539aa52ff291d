"""The readiness checks behind /ready/: can this process reach its database, its Celery broker,
its exports storage and its mail server? Each is answered within about a second, whatever the
service does (down, frozen, or accepting connections and saying nothing)."""

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connections

# Each network call's connect and read timeout (seconds).
TIMEOUT = 1.0
# The checks run at the same time; one still running after DEADLINE seconds has failed.
DEADLINE = 1.5
# Longest error message shown: enough for the cause, too short for a stack of detail.
ERROR_LENGTH = 160


class NotReady(Exception):
    """A service answered, but not as this process needs."""


def check_database() -> str:
    """``SELECT 1`` on a connection of the check's own thread, closed after."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()
    return connection.vendor


def check_broker() -> str:
    """PING Redis (a client made from a URL tries once: no retries to wait through); the
    filesystem transport needs its folders to exist and be writable."""
    url = settings.CELERY_BROKER_URL
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
    elif scheme == "filesystem":
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            folder = Path(options[key])
            if not (folder.is_dir() and os.access(folder, os.W_OK)):
                raise NotReady(f"{key} is not a writable folder")
    else:
        raise NotReady(f"no readiness check for {scheme} brokers")
    return scheme


def check_storage() -> str:
    """Write a small file to the exports storage (the local disk or the S3 bucket) and delete
    it."""
    storage = storages["exports"]
    name = storage.save(f"ready-{uuid4().hex}.probe", ContentFile(b"ready"))
    storage.delete(name)
    return type(storage).__name__


def check_mail() -> str:
    """For SMTP, read the server's 220 greeting and say QUIT; no mail is sent and no login
    made. Other backends (file, console, locmem) have nothing to reach."""
    mailer = mailers.default
    if isinstance(mailer, SMTPBackend):
        options = {"context": mailer.ssl_context} if mailer.use_ssl else {}
        # The constructor connects and reads the greeting (SMTPConnectError unless 220);
        # leaving the block says QUIT.
        with mailer.connection_class(mailer.host, mailer.port, timeout=TIMEOUT, **options):
            pass
    return type(mailer).__module__.rsplit(".", 1)[-1]


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "mail": check_mail,
}


def secrets() -> set[str]:
    """What an error message must never show: the broker URL and every password or key we
    hold."""
    mail_options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    found = {
        settings.CELERY_BROKER_URL,
        urlsplit(settings.CELERY_BROKER_URL).password,
        settings.DATABASES["default"].get("PASSWORD"),
        mail_options.get("password"),
        settings.S3_OPTIONS["secret_key"],
    }
    return {secret for secret in found if secret}


def describe(error: BaseException) -> str:
    """The exception's class and a short message, with any secret blanked out."""
    message = str(error)
    for secret in sorted(secrets(), key=len, reverse=True):  # a URL before the password in it
        message = message.replace(secret, "***")
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text[:ERROR_LENGTH]


def run(check: Callable[[], str], into: dict[str, object]) -> None:
    started = time.monotonic()
    try:
        kind = check()
    except Exception as error:  # whatever the failure, the answer is "not ready" and why
        into |= {"ok": False, "error": describe(error)}
    else:
        into |= {"ok": True, "kind": kind}
    into["ms"] = round((time.monotonic() - started) * 1000)


def run_checks() -> dict[str, dict[str, object]]:
    """Run every check at once, each in its own daemon thread, and wait at most DEADLINE: a
    check still hanging then (a frozen service past its timeouts) is reported and left to end
    on its own, without holding the request."""
    results: dict[str, dict[str, object]] = {name: {} for name in CHECKS}
    threads = [
        threading.Thread(target=run, args=(check, results[name]), daemon=True, name=f"ready-{name}")
        for name, check in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + DEADLINE
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    late = round(DEADLINE * 1000)
    return {
        name: dict(result) if "ms" in result else {"ok": False, "error": "timed out", "ms": late}
        for name, result in results.items()
    }

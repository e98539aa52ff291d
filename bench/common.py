"""What the benchmarks share: their own PostgreSQL database, Django set up on it, a signed-in
session, and the portal served by gunicorn the way production serves it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8077"))  # another port for runs side by side
CSRF_SECRET = "b" * 32  # the same secret in cookie and header passes Django's CSRF check
ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    # The benchmarks measure speed and faults, not the abuse limits: one user does far more.
    "RATE_LIMIT_EXPORT": "10000/m",
    "RATE_LIMIT_INVITATIONS_PER_PROPOSAL": "10000/h",
    "RATE_LIMIT_ORGANISATIONS_PER_USER": "10000/h",
}


def setup_django(**extra: str) -> None:
    """Create the benchmark database if needed, set Django up on it and migrate."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    created = subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, text=True
    )
    if created.returncode and "already exists" not in created.stderr:
        raise RuntimeError(created.stderr)
    os.environ.update(ENVIRONMENT, **extra)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def session_cookie(user: object) -> str:
    """A Cookie header that signs ``user`` in, with the CSRF cookie."""
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    session.create()
    return f"sessionid={session.session_key}; csrftoken={CSRF_SECRET}"


@contextmanager
def gunicorn(
    workers: int = 2, *, options: Sequence[str] = (), log: Path | None = None, **extra: str
) -> Iterator[str]:
    """The portal on gunicorn at the yielded base URL, until the block ends; ``options`` are
    more gunicorn arguments, ``log`` a file for its output (else the terminal)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:  # never measure someone else's server
            raise RuntimeError(f"Port {PORT} is taken: set BENCH_PORT to a free one.")
    output = log.open("a") if log is not None else None
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, **ENVIRONMENT, **extra},
        stdout=output,
        stderr=output,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}")
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        if output is not None:
            output.close()

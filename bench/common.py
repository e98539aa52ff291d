"""What the benchmarks share: their own PostgreSQL database, Django set up on it, a signed-in
session, and the portal served by gunicorn the way production serves it."""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
# Another port lets two benchmarks (two checkouts) run side by side.
PORT = int(os.environ.get("BENCH_PORT", "8077"))
CSRF_SECRET = "b" * 32  # the same secret in cookie and header passes Django's CSRF check
ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    # The benchmarks measure speed and faults, not the abuse limits: one user does far more.
    "RATE_LIMIT_API": "1000000/m",
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
    session["_auth_user_backend"] = "portal.auth_backends.CachedModelBackend"
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
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still answering what a load test left queued
            server.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown, workers included
            server.wait(timeout=10)
        if output is not None:
            output.close()


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    cookie: str = "",
    body: str = "",
    content_type: str = "application/x-www-form-urlencoded",
) -> float:
    """Requests per second wrk gets from ``url`` (a POST of ``body`` when one is given), with
    the session ``cookie`` and the CSRF header; raises when any answer is not 2xx."""
    lines = [f'wrk.method = "{"POST" if body else "GET"}"']
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = "{cookie}"')
    lines += [
        f'wrk.headers["X-CSRFToken"] = "{CSRF_SECRET}"',
        f'wrk.headers["Content-Type"] = "{content_type}"',
        f'wrk.headers["Referer"] = "http://127.0.0.1:{PORT}/"',
    ]
    if body:
        lines.append(f"wrk.body = [==[{body}]==]")  # a Lua long string: no escaping needed
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + "\n")
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None or not float(rate.group(1)):
        raise RuntimeError(f"wrk counted no answer from {url}:\n{output}")
    return float(rate.group(1))


def collect_static() -> None:
    """collectstatic (DEBUG is off: pages need the manifest), unless the manifest is newer than
    static/ and uv.lock: compressing every file again takes minutes on this machine."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [ROOT / "uv.lock", *(path for path in (ROOT / "static").rglob("*"))]
    if manifest.exists() and all(
        path.stat().st_mtime < manifest.stat().st_mtime for path in sources
    ):
        return
    call_command("collectstatic", "--no-input", verbosity=0)


def request_times(url: str, cookie: str, count: int) -> list[float]:
    """Milliseconds of ``count`` GETs of ``url``, one after another, each answered 200."""
    runs = []
    for _ in range(count):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            assert response.status == 200
        runs.append((time.perf_counter() - start) * 1000)
    return runs


def print_latency(name: str, url: str, cookie: str, count: int) -> None:
    """p50 and p95 of ``count`` GETs, after 5 to warm up (connections, caches, the plan)."""
    request_times(url, cookie, 5)
    runs = sorted(request_times(url, cookie, count))
    p95 = runs[int(len(runs) * 0.95) - 1]
    print(f"{name:>20}: p50 {statistics.median(runs):6.1f} ms, p95 {p95:6.1f} ms")

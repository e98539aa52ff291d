"""Security headers: pages and static files carry the same ones (Permissions-Policy among
them), gunicorn names no software in a Server header, and HSTS is on behind a TLS proxy."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
]


def security_headers(response):
    return {name: response.headers.get(name) for name in SECURITY_HEADERS}


@pytest.mark.django_db
def test_page_and_static_file_carry_the_same_security_headers(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise serves static/ as in production
    settings.WHITENOISE_AUTOREFRESH = True

    page = client.get("/")
    icon = client.get("/static/favicon.svg")

    assert (page.status_code, icon.status_code) == (200, 200)
    assert b"<svg" in b"".join(icon.streaming_content)
    assert security_headers(icon) == security_headers(page)
    assert page.headers["Permissions-Policy"].startswith("accelerometer=(), autoplay=(), camera=()")
    assert "geolocation=()" in page.headers["Permissions-Policy"]
    assert "microphone=()" in page.headers["Permissions-Policy"]
    assert None not in security_headers(page).values()


def environment(**extra):
    """The test run's environment for a child process, with HSTS left to the settings."""
    env = {key: value for key, value in os.environ.items() if key != "SECURE_HSTS_SECONDS"}
    return {**env, "DJANGO_SETTINGS_MODULE": "portal.settings", **extra}


def get(port, path, headers, timeout=20):
    """The response to a GET, its body read, once the server answers (it may be starting)."""
    deadline = time.monotonic() + timeout
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.body = response.read()
            return response
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
        finally:
            connection.close()


@pytest.fixture
def gunicorn_behind_tls():
    """The portal on gunicorn, from the project's root as production runs it, behind a TLS
    proxy; yields its port."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [ROOT / ".venv/bin/gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=environment(DEBUG="false", SECRET_KEY="headers-test", BEHIND_TLS_PROXY="true"),
    )  # fmt: skip
    yield port
    server.terminate()
    server.wait(timeout=10)


def test_gunicorn_names_no_software_and_sends_hsts_behind_tls(gunicorn_behind_tls):
    response = get(gunicorn_behind_tls, "/health/", {"X-Forwarded-Proto": "https"})

    assert (response.status, response.body) == (200, b"ok")
    assert response.getheader("Server") is None
    assert "gunicorn" not in str(response.headers).lower()
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert response.getheader("Permissions-Policy", "").startswith("accelerometer=()")


def hsts_seconds(**env):
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)",
        ],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(printed.stdout)


@pytest.mark.parametrize(
    ("env", "seconds"),
    [
        ({"BEHIND_TLS_PROXY": "true"}, 31536000),
        ({"BEHIND_TLS_PROXY": "true", "SECURE_HSTS_SECONDS": "600"}, 600),
        ({"BEHIND_TLS_PROXY": "false"}, 0),
    ],
    ids=["behind-tls", "behind-tls-explicit", "plain-http"],
)
def test_hsts_is_on_whenever_behind_tls(env, seconds):
    assert hsts_seconds(**env) == seconds

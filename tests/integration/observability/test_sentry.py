"""Error reporting: with SENTRY_DSN set, a view's exception reaches the Sentry server named
(here a small HTTP server of the test's, standing for Sentry's ingest) as an envelope carrying
the exception, the request id as a tag, the environment and release, and no personal data;
without it, the SDK is not even imported."""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from tests.integration.observability.conftest import child_environment

ROOT = Path(__file__).resolve().parents[3]

BROKEN_REQUEST = """
import django, sentry_sdk
django.setup()
from django.test import Client
from django.test.utils import override_settings

with override_settings(ROOT_URLCONF="tests.integration.portal.error_urls", DEBUG=False):
    response = Client(raise_request_exception=False).get(
        "/broken/", headers={"X-Request-ID": "sentry-trace-1"}, HTTP_COOKIE="sessionid=secret"
    )
print(response.status_code, response["X-Request-ID"])
sentry_sdk.flush(timeout=10)
"""


class Ingest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint: keeps each envelope's items as (header, payload) pairs."""

    envelopes: list[list[tuple[dict, dict]]]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        body = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, bytes)(body)
        lines = body.splitlines()
        items = [
            (json.loads(h), json.loads(p)) for h, p in zip(lines[1::2], lines[2::2], strict=False)
        ]
        self.server.envelopes.append((self.path, json.loads(lines[0]), items))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_portal(code, **env):
    """Runs ``code`` in a process of the portal; what it printed."""
    done = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_environment(ALLOWED_HOSTS="testserver", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_views_exception_reaches_sentry_tagged_with_the_request_id(
    transactional_db, sentry_server
):
    port = sentry_server.server_address[1]

    printed = run_portal(
        BROKEN_REQUEST,
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="ci",
        SENTRY_RELEASE="portal@1.2.3",
    )

    events = [
        payload
        for path, _, items in sentry_server.envelopes
        for header, payload in items
        if header["type"] == "event" and path == "/api/1/envelope/"
    ]
    (event,) = events
    (exception,) = event["exception"]["values"]
    assert printed.split() == ["500", "sentry-trace-1"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "a bug no view expected")
    assert event["tags"]["request_id"] == "sentry-trace-1"
    assert (event["environment"], event["release"]) == ("ci", "portal@1.2.3")
    assert event["transaction"] == "/broken/"
    assert "secret" not in json.dumps(event)  # no cookies (send_default_pii off)
    assert "user" not in event


def test_without_a_dsn_the_sdk_is_not_even_imported():
    printed = run_portal(
        "import django, sys; django.setup(); print('sentry_sdk' in sys.modules)", SENTRY_DSN=""
    )

    assert printed.strip() == "False"

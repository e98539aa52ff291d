"""Schemathesis on the API's OpenAPI document, in process: every operation gets generated
requests (a signed-in coordinator, with the CSRF cookie and header a browser sends), and none
may answer with a server error or with what the document does not describe. The default call
and its lots exist, so imports can reach the import itself."""

import pytest
import schemathesis
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from portal.wsgi import application
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CSRF = "c" * 32
EXAMPLES = 60


@pytest.fixture
def keep_connection():
    """Requests here go through the WSGI application, whose end closes the database
    connection, and with it the test's transaction; Django's own test client unhooks that
    signal the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def browser_headers(db, settings, keep_connection):
    """A coordinator's session cookie and the CSRF pair; limits raised past this run."""
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api": "100000/m",
        "import": "100000/h",
        "export": "100000/m",
        "organisations_per_user": "100000/h",
    }
    user = UserFactory()
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "portal.auth_backends.CachedModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return {
        "Cookie": f"sessionid={session.session_key}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_gives_a_server_error(case, browser_headers):
    response = case.call(headers=browser_headers)

    assert response.status_code < 500, response.text[:500]

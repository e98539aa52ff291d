"""A signed-in request reads its session and its user from the shared cache, not the database;
a change to the user (deactivated, a new password) is seen by the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("consortia:dashboard")


@pytest.fixture
def user():
    return UserFactory(email="coordinator@example.org")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 200  # the session and the user are cached
    return client


def tables_read(client):
    """The tables the request read rows of by themselves (not joined to another's)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return {
        table
        for query in queries
        for table in ("django_session", "auth_user")
        if f'FROM "{table}" WHERE' in query["sql"]
    }


def test_a_signed_in_request_reads_neither_session_nor_user_from_the_database(signed_in):
    assert tables_read(signed_in) == set()


def test_a_deactivated_user_is_signed_out_on_the_next_request(signed_in, user):
    user.is_active = False
    user.save()

    response = signed_in.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_new_password_signs_out_the_other_sessions_on_their_next_request(signed_in, user):
    user.set_password("a new password, set elsewhere")
    user.save()

    assert signed_in.get(DASHBOARD).status_code == 302


def test_sign_in_works_from_the_database_while_the_cache_is_unreachable(signed_in):
    breaker = cache._cache.breaker
    breaker.trip(60)
    try:
        tables = tables_read(signed_in)
    finally:
        breaker.reset()

    assert tables == {"django_session", "auth_user"}

"""The home page presents the open calls and their lots' rules in plain words."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_default_call_lots_with_their_rules(client):
    response = client.get("/")

    assert response.status_code == 200
    for minimum in (4, 8, 12):
        assert f"At least {minimum} Programme countries" in response.text
    assert "Duration: 2, 3, 4 years" in response.text


def test_home_sends_a_content_security_policy(client):
    response = client.get("/")

    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_health_answers_ok_without_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")

    assert (response.status_code, response.text) == (200, "ok")


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response.url) == (301, "/static/favicon.svg")

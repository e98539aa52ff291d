"""The error pages as people meet them in production (DEBUG off): in the portal's layout,
saying what happened and what to do next."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ProposalFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.integration.portal.error_urls")]

NOT_FOUND = "This page does not exist, or it is not yours"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def user():
    return UserFactory(email="someone@example.org")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def main_of(response) -> str:
    """The page's <main>, which the layout (base.html) wraps in its navigation."""
    return re.search(r"<main[^>]*>(.*)</main>", response.text, re.DOTALL).group(1)


def test_missing_page_is_a_friendly_404_in_the_layout(signed_in):
    response = signed_in.get("/no-such-page/")

    assert response.status_code == 404
    assert NOT_FOUND in response.text
    assert "You are signed in as <strong>someone@example.org</strong>" in response.text
    assert f'href="{reverse("consortia:dashboard")}">Go to your proposals</a>' in main_of(response)
    assert 'aria-label="Main"' in response.text


def test_missing_page_offers_sign_in_to_visitors(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert NOT_FOUND in main_of(response)
    assert 'href="/accounts/login/?next=/no-such-page/">Sign in</a>' in main_of(response)


def test_someone_elses_proposal_looks_exactly_like_a_missing_one(signed_in):
    proposal = ProposalFactory(owner=UserFactory())
    missing = proposal.pk + 1000

    theirs = signed_in.get(reverse("consortia:proposal-detail", args=[proposal.pk]))
    nothing = signed_in.get(reverse("consortia:proposal-detail", args=[missing]))

    assert (theirs.status_code, nothing.status_code) == (404, 404)
    assert NOT_FOUND in main_of(theirs)
    assert main_of(theirs) == main_of(nothing)


def test_form_without_csrf_token_gets_the_expired_form_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("consortia:proposal-new"), {"lot": 1})

    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert "<strong>Nothing was saved.</strong>" in response.text
    assert "reload the page, and send the form again" in response.text
    assert "My proposals</a>" in response.text


def test_permission_denied_is_a_friendly_403(signed_in):
    response = signed_in.get("/forbidden/")

    assert response.status_code == 403
    assert "You may not open this page or do this" in main_of(response)
    assert "not for you" not in response.text


def test_unexpected_error_renders_the_500_page(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in main_of(response)
    assert "What you were doing may not have been saved." in response.text
    assert '<a class="btn btn-primary" href="/">Go to the home page</a>' in response.text
    assert "a bug no view expected" not in response.text


def test_uncaught_conflict_is_the_409_page_with_a_reload_link(signed_in):
    response = signed_in.get("/conflicting/?step=2")

    assert response.status_code == 409
    assert "This was changed elsewhere in the meantime" in main_of(response)
    assert "so nothing was saved. Reload the page to see the current version" in response.text
    assert 'href="/conflicting/?step=2">Reload the page</a>' in response.text


def test_request_for_an_unknown_host_is_a_friendly_400(client):
    response = client.get("/", HTTP_HOST="portal.evil.example")

    assert response.status_code == 400
    assert "The portal could not understand this request" in main_of(response)
    assert "<strong>Nothing was saved.</strong>" in response.text


@pytest.mark.parametrize(
    ("path", "status", "french"),
    [
        ("/no-such-page/", 404, "<title>Page introuvable - Consortium Portal</title>"),
        ("/forbidden/", 403, "<title>Action non autorisée - Consortium Portal</title>"),
        ("/conflicting/", 409, "<title>Modifié ailleurs - Consortium Portal</title>"),
        ("/broken/", 500, "Erreur 500"),  # its title has an apostrophe
    ],
)
def test_error_pages_speak_the_visitors_language(user, path, status, french):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.cookies["django_language"] = "fr"

    response = client.get(path)

    assert response.status_code == status
    assert '<html lang="fr">' in response.text
    assert french in response.text

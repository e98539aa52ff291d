"""The frame of every page speaks the active language: <html lang>, the switcher (which works
without JavaScript and remembers a signed-in user's choice), the language a user gets back when
signing in, and the one saved at sign-up."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.languages import save_language, saved_language
from portal.models import LanguagePreference
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def switcher(html):
    return re.search(r'<form class="language-switcher".*?</form>', html, re.S)[0]


def test_html_lang_follows_the_language_cookie(client):
    assert '<html lang="en">' in client.get("/accounts/login/").text
    client.cookies[COOKIE] = "fr"
    response = client.get("/accounts/login/")
    assert '<html lang="fr">' in response.text
    assert response.headers["Content-Language"] == "fr"


def test_switcher_names_each_language_in_itself_and_marks_the_current_one(client):
    client.cookies[COOKIE] = "de"
    form = switcher(client.get("/accounts/login/?next=/proposals/%3Fpage%3D2").text)

    assert 'action="/i18n/setlang/"' in form
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/accounts/login/?next=/proposals/%3Fpage%3D2"' in form
    buttons = re.findall(r"<button [^>]*>[^<]*</button>", form)
    assert [re.search(r">([^<]*)<", b)[1] for b in buttons] == ["English", "Français", "Deutsch"]
    assert [re.search(r'lang="(\w+)"', b)[1] for b in buttons] == ["en", "fr", "de"]
    assert ['aria-current="true"' in b for b in buttons] == [False, False, True]
    assert re.search(r'role="group" aria-label="[^"]+"', form)


def test_switching_comes_back_to_the_same_page_and_query(client):
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/accounts/login/?next=/proposals/"}
    )

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/proposals/"
    assert response.cookies[COOKIE].value == "fr"
    assert '<html lang="fr">' in client.get(response.url).text


def test_a_visitor_switching_saves_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert response.cookies[COOKIE].value == "de"
    assert not LanguagePreference.objects.exists()


def test_a_signed_in_user_switching_saves_the_choice(client):
    user = UserFactory()
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert saved_language(user) == "fr"
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert saved_language(user) == "de"
    client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    assert saved_language(user) == "de"


def test_signing_in_brings_back_the_saved_language(client):
    user = verified_user()
    save_language(user, "fr")
    client.cookies[COOKIE] = "en"

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    page = client.get(response.url)
    assert '<html lang="fr">' in page.text


def test_signing_in_without_a_saved_language_keeps_the_current_one(client):
    user = verified_user()
    client.cookies[COOKIE] = "de"

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert saved_language(user) is None


def test_signing_up_saves_the_language_of_the_page(client):
    client.cookies[COOKIE] = "de"

    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    user = EmailAddress.objects.get(email="neu@example.org").user
    assert saved_language(user) == "de"


def test_a_signed_in_page_never_reads_the_saved_language(client):
    """The saved language is read once, at sign-in; afterwards the cookie carries it, so a
    page costs no query for it."""
    user = UserFactory()
    save_language(user, "fr")
    client.force_login(user)
    client.cookies[COOKIE] = "fr"

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/no-such-page/")

    assert '<html lang="fr">' in response.text
    table = "portal_languagepreference"
    assert not [q["sql"] for q in queries if table in q["sql"]]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/accounts/login/", "Sign In - Consortium Portal"),
        ("/accounts/signup/", "Signup - Consortium Portal"),
        ("/no-such-page/", "Page not found - Consortium Portal"),
        ("/", "Consortium Portal"),
    ],
)
def test_page_titles_end_with_the_portals_name(client, path, title):
    """As browsers read them: white space collapsed."""
    html = client.get(path).text
    assert " ".join(re.search(r"<title>(.*?)</title>", html, re.S)[1].split()) == title

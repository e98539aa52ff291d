"""The portal's own account emails (templates/account/email/), sent through the real views:
what each says, and that its link works."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def sign_up(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_email_says_what_to_do_and_its_link_confirms(client, mailoutbox):
    sign_up(client, "new@example.org")

    [message] = mailoutbox
    assert message.subject == "Consortium Portal: confirm your email address"
    assert message.from_email == "Consortium Portal <portal@localhost>"
    body = message.body
    assert "signed up to the Consortium Portal with this email address:\n\n  new@example.org" in (
        body
    )
    assert "The link works for 3 days." in body
    assert "If it was not you, ignore this email" in body
    assert "You received this email because this address was entered on the portal" in body
    confirm, home = links_in(message)
    assert home == "http://testserver/"

    client.get(confirm)

    user = get_user_model().objects.get(email="new@example.org")
    assert user.emailaddress_set.get().verified


def test_sign_in_before_confirming_sends_a_confirmation_email(client, mailoutbox):
    UserFactory(email="unverified@example.org")

    client.post(reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD})

    [message] = mailoutbox
    assert message.subject == "Consortium Portal: confirm your email address"
    assert "signed in to the Consortium Portal with this email address" in message.body
    assert "  unverified@example.org" in message.body
    client.get(links_in(message)[0])
    user = get_user_model().objects.get(email="unverified@example.org")
    assert user.emailaddress_set.get().verified


def test_sign_up_with_a_taken_address_tells_its_owner(client, mailoutbox):
    UserFactory(email="taken@example.org")

    sign_up(client, "taken@example.org")

    [message] = mailoutbox
    assert message.subject == "Consortium Portal: you already have an account"
    assert "An account with this address already exists, so no new one was made." in message.body
    assert links_in(message)[:2] == [
        "http://testserver/accounts/login/",
        "http://testserver/accounts/password/reset/",
    ]
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1


def test_password_reset_email_says_how_long_and_its_link_sets_a_password(client, mailoutbox):
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    [message] = mailoutbox
    assert message.subject == "Consortium Portal: reset your password"
    assert "account that signs in with this email address:\n\n  forgetful@example.org" in (
        message.body
    )
    assert "The link works once, for 3 days." in message.body
    assert "If it was not you, ignore this email: your password stays as it is" in message.body
    set_password_page = client.get(links_in(message)[0], follow=True).redirect_chain[-1][0]
    client.post(
        set_password_page, {"password1": "a-new-long-password", "password2": "a-new-long-password"}
    )
    user = get_user_model().objects.get(email="forgetful@example.org")
    assert user.check_password("a-new-long-password")


def test_password_reset_for_an_unknown_address_says_no_account_uses_it(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    [message] = mailoutbox
    assert message.subject == "Consortium Portal: no account uses this email address"
    assert "No account on the portal uses this address, so there is no password to reset." in (
        message.body
    )
    assert links_in(message)[0] == "http://testserver/accounts/signup/"


def test_link_lifetime_follows_the_settings(client, mailoutbox, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    assert "The link works once, for 1 hour." in mailoutbox[0].body


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("fr", "Consortium Portal: confirmez votre adresse électronique", "Le lien est valable 3"),
        ("de", "Consortium Portal: Bestätigen Sie Ihre E-Mail-Adresse", "Der Link ist 3 Tage"),
    ],
)
def test_account_emails_speak_the_language_of_the_page(
    client, mailoutbox, language, subject, sentence
):
    client.cookies["django_language"] = language
    sign_up(client, "new@example.org")

    [message] = mailoutbox
    assert message.subject == subject
    assert sentence in message.body
    assert "new@example.org" in message.body

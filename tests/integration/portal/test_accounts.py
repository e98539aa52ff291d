"""Accounts by email (django-allauth): sign up, verify, sign in, reset the password, sign out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message):
    return re.search(r"https?://[^\s]+", message.body).group(0)


def test_sign_up_sends_verification_link_that_signs_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert client.get(reverse("consortia:dashboard")).status_code == 302

    confirmed = client.get(link_in(mailoutbox[0]))

    assert confirmed.status_code == 302
    assert client.get(reverse("consortia:dashboard")).status_code == 200
    assert get_user_model().objects.get(email="new@example.org").emailaddress_set.get().verified


def test_sign_in_by_email_needs_verified_address(client, mailoutbox):
    UserFactory(email="unverified@example.org")

    response = client.post(
        reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
    )

    assert response.url == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1


def test_password_reset_mails_a_working_link(client, mailoutbox):
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    set_password_page = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(
        set_password_page, {"password1": "a-new-long-password", "password2": "a-new-long-password"}
    )

    user = get_user_model().objects.get(email="forgetful@example.org")
    assert user.check_password("a-new-long-password")


def test_password_reset_form_tells_cancel_from_change(client, mailoutbox):
    """Cancel signs out of the reset: it must not look like "Change Password" beside it."""
    UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    page_text = client.get(link_in(mailoutbox[0]), follow=True).text

    change = re.search(r'<button class="([^"]*)"[^>]*name="action"', page_text).group(1)
    cancel = re.search(r'<button class="([^"]*)"[^>]*form="logout-from-stage"', page_text).group(1)
    assert "btn-primary" in change.split()
    assert "btn-primary" not in cancel.split()


def test_signed_in_message_names_the_address_not_a_derived_username(client):
    """Users never chose a username: "signed in as contact" named nobody they know."""
    user = UserFactory(username="contact", email="contact@amfa.example.org")  # as sign-up makes it
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(
        reverse("account_login"),
        {"login": "contact@amfa.example.org", "password": PASSWORD},
        follow=True,
    )

    assert "Successfully signed in as contact@amfa.example.org." in response.text


def test_sign_out_is_a_post(client):
    client.force_login(UserFactory())

    client.post(reverse("account_logout"))

    assert client.get(reverse("consortia:dashboard")).status_code == 302

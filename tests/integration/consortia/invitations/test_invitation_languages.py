"""Invitations and their emails in the recipient's language, through the real parts: a Celery
worker on Redis sends over SMTP to an aiosmtpd server, and the test reads what it received;
the link's pages open in the invitation's language for a visitor who chose none."""

import re
import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from consortia import services
from consortia.models import Invitation, Membership
from lots.choices import Role
from lots.models import Lot
from portal.languages import save_language
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
    invitee,
)

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PORTAL_BASE_URL = "http://portal.example.org"


@pytest.fixture(autouse=True)
def coordinator_speaks_english():
    """The coordinator's request is in English (the test client's requests of an earlier
    test may leave another language active in this thread)."""
    with translation.override("en"):
        yield


@pytest.fixture
def partner():
    coordinator = UserFactory(email="coordinator@example.org")
    proposal = ProposalFactory(
        owner=coordinator, lot=Lot.objects.get(call__is_default=True, number=1), acronym="SMTP"
    )
    MembershipFactory(proposal=proposal, organisation=OrganisationFactory(), role=Role.APPLICANT)
    return MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Lyon Metal", country="FR"),
        contact_email="contact@lyon.example.org",
    )


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def body(message):
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


def link_path(message):
    return re.search(r"http://portal\.example\.org(/invitations/\S+/)", body(message))[1]


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)


def test_invitation_to_french_contact_arrives_in_french_and_its_pages_open_in_french(
    smtp, client, partner
):
    Membership.objects.filter(pk=partner.pk).update(contact_language="fr")

    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)

    (message,) = smtp.wait_for(1)
    assert subject(message) == "coordinator@example.org invite Lyon Metal au consortium de SMTP"
    assert message["Content-Language"] == "fr"
    assert body(message).startswith("Bonjour,\n")
    assert "invite Lyon Metal à rejoindre son consortium" in body(message)
    expires = timezone.localtime(Invitation.objects.get().expires_at)  # Brussels time
    with translation.override("fr"):
        assert f"jusqu\u2019au {date_format(expires, 'DATE_FORMAT')}." in body(message)
    page = client.get(link_path(message))
    assert page.status_code == 200
    assert page["Content-Language"] == "fr"
    assert "Vous êtes invité à rejoindre SMTP" in page.text
    assert "<title>Invitation à SMTP - " in page.text
    assert page.cookies["django_language"].value == "fr"
    # The cookie set, the next page follows it.
    assert client.get(reverse("home"))["Content-Language"] == "fr"


def test_visitors_own_choice_wins_over_the_invitations_language(smtp, client, partner):
    Membership.objects.filter(pk=partner.pk).update(contact_language="fr")
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    (message,) = smtp.wait_for(1)
    client.cookies["django_language"] = "de"

    page = client.get(link_path(message))

    assert page["Content-Language"] == "de"
    assert "django_language" not in page.cookies


def test_reminder_to_a_german_invitee_is_in_german(smtp, partner):
    save_language(invitee("contact@lyon.example.org"), "de")  # the address's saved language
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    smtp.wait_for(1)
    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.SENT)
    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=1))

    with translation.override("en"):
        assert services.send_due_reminders() == 1

    first, reminder = smtp.wait_for(2)
    assert (
        subject(first) == "coordinator@example.org lädt Lyon Metal in das Konsortium von SMTP ein"
    )
    assert subject(reminder) == (
        "Erinnerung: coordinator@example.org lädt Lyon Metal in das Konsortium von SMTP ein"
    )
    assert reminder["Content-Language"] == "de"
    assert body(reminder).startswith("Guten Tag,\n")
    assert "Dies ist eine Erinnerung:" in body(reminder)


def test_coordinator_who_saved_german_gets_the_acceptance_notice_in_german(smtp, partner):
    save_language(partner.proposal.owner, "de")
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    smtp.wait_for(1)
    with translation.override("fr"):  # the partner's request: the coordinator's choice wins
        services.accept_invitation(
            invitation=Invitation.objects.get(),
            by=invitee("contact@lyon.example.org"),
            mandate_version="1",
            organisation_fields={},
        )

    notice = smtp.wait_for(2)[1]
    assert notice["To"] == "coordinator@example.org"
    assert subject(notice) == "Lyon Metal hat zugesagt: SMTP"
    assert "contact@lyon.example.org hat für Lyon Metal die Einladung zu SMTP angenommen" in (
        body(notice)
    )


def test_decline_notice_follows_the_request_when_the_coordinator_chose_no_language(smtp, partner):
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    smtp.wait_for(1)
    with translation.override("fr"):
        services.decline_invitation(
            invitation=Invitation.objects.get(), by=None, reason="Pas cette année."
        )

    notice = smtp.wait_for(2)[1]
    assert subject(notice) == "Lyon Metal a décliné\u00a0: SMTP"
    assert "Motif indiqué\u00a0: Pas cette année." in body(notice)


def test_english_stays_english_without_any_choice(smtp, client, partner):
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)

    (message,) = smtp.wait_for(1)
    assert Invitation.objects.get().language == "en"
    assert (
        subject(message) == "coordinator@example.org invites Lyon Metal to the consortium of SMTP"
    )
    assert message["Content-Language"] == "en"
    assert body(message).startswith("Hello,\n")
    page = client.get(link_path(message))
    assert page["Content-Language"] == "en"
    assert "You are invited to join SMTP" in page.text


@pytest.mark.parametrize(
    ("contact", "saved", "active", "expected"),
    [
        ("fr", "de", "en", "fr"),  # the contact's language, chosen by the coordinator
        ("", "de", "fr", "de"),  # else the address's saved language
        ("", None, "fr", "fr"),  # else the coordinator's active language
    ],
    ids=["contact", "saved", "coordinator"],
)
def test_invitation_language_comes_from_the_contact_the_address_or_the_coordinator(
    partner, contact, saved, active, expected
):
    Membership.objects.filter(pk=partner.pk).update(contact_language=contact)
    if saved:
        save_language(invitee("Contact@Lyon.example.org"), saved)

    with translation.override(active):
        (invitation,) = services.invite_members(
            proposal=partner.proposal, by=partner.proposal.owner
        )
        link = services.create_link(membership=partner, by=partner.proposal.owner)

    assert invitation.language == expected
    assert link
    assert Invitation.objects.get(channel="link").language == expected

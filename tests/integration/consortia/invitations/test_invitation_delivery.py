"""Invitations through the real parts: a Celery worker on Redis sends over SMTP to an
aiosmtpd server on loopback, and the test reads what the server received."""

import time

import pytest

from consortia import services
from consortia.models import Invitation, Membership
from lots.choices import Role
from lots.models import Lot
from tests.conftest import free_port, smtp_mailers
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker")


@pytest.fixture
def fast_retries(settings):
    settings.INVITATION_SEND_RETRIES = 2
    settings.INVITATION_RETRY_BACKOFF_SECONDS = 0.05
    settings.PORTAL_BASE_URL = "http://portal.example.org"


@pytest.fixture
def partner():
    coordinator = UserFactory()
    proposal = ProposalFactory(
        owner=coordinator, lot=Lot.objects.get(call__is_default=True, number=1), acronym="SMTP"
    )
    MembershipFactory(proposal=proposal, organisation=OrganisationFactory(), role=Role.APPLICANT)
    return MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Lyon Metal", country="FR"),
        contact_email="contact@lyon.example.org",
    )


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)


def test_worker_sends_invitation_over_smtp(smtp, fast_retries, partner):
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)

    (message,) = smtp.wait_for(1)
    body = message.get_payload(decode=True).decode()
    assert message["To"] == "contact@lyon.example.org"
    assert "invites Lyon Metal to the consortium of SMTP" in message["Subject"]
    assert "http://portal.example.org/invitations/" in body
    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.SENT)
    assert Invitation.objects.get().attempts == 1


@pytest.mark.usefixtures("sweeper")
def test_smtp_down_shows_failed_then_delivers_by_itself_once_back(
    smtp, smtp_controller, settings, fast_retries, partner
):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)

    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.FAILED)
    failed = Invitation.objects.get()
    assert failed.attempts == 3
    assert "ConnectionRefusedError" in failed.last_error
    assert Membership.objects.get(pk=partner.pk).status == Membership.Status.INVITED
    assert smtp.messages == []

    settings.MAILERS = smtp_mailers(smtp_controller.port)  # the mail server is back

    (message,) = smtp.wait_for(1)
    assert message["To"] == "contact@lyon.example.org"
    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.SENT)
    time.sleep(0.5)  # the sweep goes on: nothing more is sent
    assert len(smtp.messages) == 1

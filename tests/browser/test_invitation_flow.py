"""A partner joins by the emailed link in Chromium, and the coordinator submits: a real
Celery worker on Redis sends through a real SMTP server, whose messages the test reads."""

import re

import pytest
from playwright.sync_api import expect

from consortia import services
from consortia.models import Invitation, Proposal
from tests.browser.conftest import three_partner_draft
from tests.factories import invitee

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker")


@pytest.fixture
def proposal(live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url
    return three_partner_draft("JOIN-US")


def link_to(inbox, address):
    message = next(m for m in inbox.messages if m["To"] == address)
    return re.search(r"https?://\S+/invitations/\S+/", message.get_payload(decode=True).decode())[0]


def test_partner_accepts_from_email_and_coordinator_submits(
    page, browser, live_server, sign_in, smtp, proposal
):
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")
    page.get_by_role("button", name="Invite every partner not invited yet").click()
    expect(page.get_by_text("3 invitations are on their way.")).to_be_visible()
    smtp.wait_for(3)

    partner = browser.new_context().new_page()
    partner.goto(link_to(smtp, "contact@fr.example.org"))
    expect(partner.get_by_role("heading", name="You are invited to join JOIN-US")).to_be_visible()
    partner.get_by_role("link", name="Create an account").click()
    expect(partner.get_by_label("Email")).to_have_value("contact@fr.example.org")
    partner.locator("#id_password1").fill("partner-password-1")
    partner.locator("#id_password2").fill("partner-password-1")
    partner.get_by_role("button", name="Sign Up").click()
    expect(partner.locator("#mandate-text")).to_contain_text(
        "Lyon Metal takes part as a full partner"
    )
    partner.get_by_label(re.compile("I confirm this mandate")).check()
    partner.get_by_role("button", name="Accept the invitation").click()
    expect(partner.get_by_text("you accepted, and the coordinator has been told")).to_be_visible()

    lyon = page.locator('[data-member="Lyon Metal"]')
    expect(lyon).to_have_attribute("data-state", "accepted", timeout=15_000)
    expect(lyon).to_contain_text("Mandate v1 confirmed")
    for invitation in Invitation.objects.exclude(membership__organisation__legal_name="Lyon Metal"):
        services.accept_invitation(
            invitation=invitation,
            by=invitee(invitation.email),
            mandate_version="1",
            organisation_fields={},
        )
    page.reload()
    page.get_by_role("button", name="Submit the proposal").click()

    expect(page.locator("#receipt")).to_contain_text("SHA-256")
    sha = Proposal.objects.get(pk=proposal.pk).submissions.get().sha256
    # 3 invitations, 3 notices to the coordinator that a partner accepted, the receipt
    receipt = next(m for m in smtp.wait_for(7) if m["Subject"] == "Receipt: JOIN-US submitted")
    assert sha in receipt.get_payload(decode=True).decode()

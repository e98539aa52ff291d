"""Whole journeys of a coordinator and a partner in Chromium, with a real Celery worker on Redis
and a real SMTP server: what each sees, and which emails each receives (exactly)."""

import re
import time

import pytest
from playwright.sync_api import expect

from consortia import services
from consortia.models import Invitation, Membership
from lots.choices import Role
from lots.models import Lot
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
    invitee,
)

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker", "metrics_after_journey")

# (legal name, country, kind)
DIRECTORY = [
    ("Berlin Welding School", "DE", "vet_provider"),
    ("Lyon Metal", "FR", "enterprise"),
    ("Torino Chamber", "IT", "chamber"),
    ("Porto Polytechnic", "PT", "higher_education"),
    ("Bilbao Training Centre", "ES", "vet_provider"),
    ("Warsaw Steelworks", "PL", "enterprise"),
    ("Gdansk Shipyard", "PL", "enterprise"),
]


@pytest.fixture
def directory():
    return {
        name: OrganisationFactory(
            legal_name=name,
            country=country,
            kind=kind,
            size="small" if kind == "enterprise" else "",
        )
        for name, country, kind in DIRECTORY
    }


@pytest.fixture
def settings_for_journeys(settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    settings.MEMBERS_POLL_SECONDS = 1
    return settings


def draft(directory, partners, lot=1, contacts=True):
    """A draft of a new coordinator: Berlin as applicant, then ``partners`` (names)."""
    proposal = ProposalFactory(
        owner=UserFactory(),
        acronym="WELD-UP",
        lot=Lot.objects.get(call__is_default=True, number=lot),
    )
    MembershipFactory(
        proposal=proposal, organisation=directory["Berlin Welding School"], role=Role.APPLICANT
    )
    for position, name in enumerate(partners, start=1):
        MembershipFactory(
            proposal=proposal,
            organisation=directory[name],
            position=position,
            contact_email=address(name) if contacts else "",
        )
    return proposal


def address(name):
    return f"{name.split()[0].lower()}@example.org"


def recipients(inbox):
    return sorted(m["To"] for m in inbox.messages)


def settled(inbox, count, quiet=1.5):
    """Wait for ``count`` messages, then a while more: no message may follow."""
    inbox.wait_for(count)
    time.sleep(quiet)
    assert len(inbox.messages) == count, recipients(inbox)
    return inbox.messages


def link_to(inbox, email):
    message = next(m for m in inbox.messages if m["To"] == email)
    body = message.get_payload(decode=True).decode()
    return re.search(r"https?://\S+/invitations/\S+/", body)[0]


def add_partner(page, name, email=""):
    page.get_by_label("Add from the directory").fill(name.split()[0])
    page.locator("#partner-results").get_by_role("button", name=f"Add {name}").click()
    row = page.locator(".partner-row", has_text=name)
    expect(row).to_be_visible()
    if email:
        row.get_by_label("Contact email").fill(email)
    return row


def test_save_and_invite_with_new_rows_emails_every_contact_exactly_once(
    page, live_server, sign_in, smtp, settings_for_journeys, directory
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber"])
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/partners/")

    add_partner(page, "Bilbao Training Centre", address("Bilbao Training Centre"))
    add_partner(page, "Warsaw Steelworks", address("Warsaw Steelworks"))
    page.get_by_role("button", name="Save and invite new contacts").click()

    expect(page.get_by_text("Saved. 4 invitations are on their way.")).to_be_visible()
    settled(smtp, 4)
    assert recipients(smtp) == [
        "bilbao@example.org",
        "lyon@example.org",
        "torino@example.org",
        "warsaw@example.org",
    ]
    for name in ("Lyon Metal", "Torino Chamber", "Bilbao Training Centre", "Warsaw Steelworks"):
        expect(page.locator(f'[data-member="{name}"]')).to_have_attribute("data-state", "sent")
    expect(page.get_by_role("button", name="Invite every partner not invited yet")).to_have_count(0)


def test_declined_partner_is_not_counted_and_is_replaced_with_save_and_invite(
    page, browser, live_server, sign_in, smtp, settings_for_journeys, directory
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber", "Porto Polytechnic"])
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")
    page.get_by_role("button", name="Invite every partner not invited yet").click()
    expect(page.get_by_text("3 invitations are on their way.")).to_be_visible()
    settled(smtp, 3)

    partner = browser.new_context().new_page()
    partner.goto(link_to(smtp, "porto@example.org"))
    partner.get_by_label("Why do you decline?").fill("No capacity this year")
    partner.get_by_role("button", name="Decline the invitation").click()
    expect(partner.get_by_role("heading", name="You declined the invitation")).to_be_visible()

    # The table polls only while invitations are being sent: an answer shows on reload.
    page.reload()
    porto = page.locator('[data-member="Porto Polytechnic"]')
    expect(porto).to_have_attribute("data-state", "declined", timeout=15_000)
    expect(porto).to_contain_text("No capacity this year")
    notice = next(m for m in settled(smtp, 4) if m["To"] == proposal.owner.email)
    assert notice["Subject"] == "Porto Polytechnic declined: WELD-UP"

    page.get_by_role("link", name="4. Partners").click()
    countries = page.locator("#eligibility-panel [data-code='min_programme_countries']")
    expect(countries).to_contain_text("3 Programme countries, 4 needed: France, Germany, Italy.")
    expect(countries).to_contain_text("Porto Polytechnic (Portugal) declined and no longer counts")
    page.get_by_role("button", name="Remove Porto Polytechnic").click()
    add_partner(page, "Bilbao Training Centre", "new-contact@example.org")
    expect(countries).to_have_attribute("data-passed", "true")
    page.get_by_role("button", name="Save and invite new contacts").click()

    expect(page.get_by_text("Saved. 1 invitation is on its way.")).to_be_visible()
    expect(page.locator('[data-member="Porto Polytechnic"]')).to_have_count(0)
    assert [m["To"] for m in settled(smtp, 5)][-1] == "new-contact@example.org"
    expect(page.locator('[data-member="Bilbao Training Centre"]')).to_have_attribute(
        "data-state", "sent"
    )


def test_double_clicked_invite_all_emails_each_partner_once(
    page, live_server, sign_in, smtp, settings_for_journeys, directory
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber", "Porto Polytechnic"])
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")

    page.get_by_role("button", name="Invite every partner not invited yet").dblclick()

    expect(page.get_by_text("3 invitations are on their way.")).to_be_visible()
    settled(smtp, 3)
    assert recipients(smtp) == ["lyon@example.org", "porto@example.org", "torino@example.org"]
    assert Invitation.objects.filter(membership__proposal=proposal).count() == 3


def test_step_link_saves_unsaved_rows_and_stays_when_a_field_is_wrong(
    page, live_server, sign_in, settings_for_journeys, directory
):
    proposal = draft(directory, [])
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/partners/")
    expect(page.locator("#no-partners")).to_be_visible()
    for name in ("Lyon Metal", "Torino Chamber", "Porto Polytechnic", "Bilbao Training Centre"):
        add_partner(page, name, address(name))
    expect(page.locator("#no-partners")).to_be_hidden()

    page.get_by_role("button", name="2. Project").click()
    page.wait_for_url(re.compile(r"/project/$"))
    page.get_by_role("button", name="4. Partners").click()

    expect(page.locator(".partner-row")).to_have_count(4)
    add_partner(page, "Warsaw Steelworks", "not-an-email")
    page.get_by_role("button", name="5. Review").click()
    expect(page.locator(".invalid-feedback")).to_have_text("Enter a valid email address.")
    assert page.url.endswith("/partners/")
    expect(page.locator(".partner-row")).to_have_count(5)
    assert sorted(
        proposal.memberships.exclude(role=Role.APPLICANT).values_list(
            "organisation__legal_name", flat=True
        )
    ) == ["Bilbao Training Centre", "Lyon Metal", "Porto Polytechnic", "Torino Chamber"]


def test_adding_the_same_organisation_twice_gives_one_row(
    page, live_server, sign_in, settings_for_journeys, directory
):
    proposal = draft(directory, [])
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/partners/")
    page.get_by_label("Add from the directory").fill("Lyon")
    add = page.locator("#partner-results").get_by_role("button", name="Add Lyon Metal")

    add.dblclick()
    add.click()

    expect(page.locator("#partner-status")).to_contain_text("Lyon Metal is already a partner")
    expect(page.locator(".partner-row")).to_have_count(1)
    expect(page.locator("#id_partners-TOTAL_FORMS")).to_have_value("1")


@pytest.mark.parametrize("width", [1280, 1366], ids=["1280px", "1366px"])
def test_review_step_buttons_are_clickable_beside_the_panel_and_keep_focus(
    page, live_server, sign_in, smtp, settings_for_journeys, directory, width
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber", "Porto Polytechnic"])
    services.invite_members(proposal=proposal, by=proposal.owner)
    settled(smtp, 3)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")

    panel = page.locator("#eligibility-panel").bounding_box()
    buttons = page.locator("#members button")
    expect(buttons).to_have_count(9)  # Resend, Revoke, Copy link for each partner
    for index in range(9):
        button = buttons.nth(index)
        box = button.bounding_box()
        assert box["x"] + box["width"] <= panel["x"], button.inner_text()
        button.click(trial=True)  # fails if another element would receive the click

    lyon = proposal.memberships.get(organisation__legal_name="Lyon Metal")
    page.locator(f"#link-{lyon.pk}").focus()
    torino = Invitation.objects.get(membership__organisation__legal_name="Torino Chamber")
    services.accept_invitation(
        invitation=torino, by=invitee(torino.email), mandate_version="1", organisation_fields={}
    )
    # Every invitation is sent: the table no longer polls (answers show on the next visit), so
    # the focused button stays where it is.
    page.wait_for_timeout(2500)
    assert page.evaluate("document.activeElement.id") == f"link-{lyon.pk}"
    page.reload()
    expect(page.locator('[data-member="Torino Chamber"]')).to_have_attribute(
        "data-state", "accepted"
    )

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Revoke the invitation of Porto Polytechnic").click()
    expect(page.locator('[data-member="Porto Polytechnic"]')).to_have_attribute(
        "data-state", "sent"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke the invitation of Porto Polytechnic").click()
    expect(page.get_by_text("The invitation of Porto Polytechnic is revoked.")).to_be_visible()
    assert Membership.objects.get(organisation__legal_name="Porto Polytechnic").status == (
        "to_invite"
    )


def test_partner_accepts_then_sees_the_proposal_read_only_and_the_link_says_accepted(
    page, live_server, smtp, settings_for_journeys, directory
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber", "Porto Polytechnic"])
    services.invite_members(proposal=proposal, by=proposal.owner)
    settled(smtp, 3)
    link = link_to(smtp, "lyon@example.org")

    page.goto(link)
    page.get_by_role("link", name="Create an account").click()
    page.locator("#id_password1").fill("partner-password-1")
    page.locator("#id_password2").fill("partner-password-1")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_label(re.compile("I confirm this mandate")).check()
    page.get_by_role("button", name="Accept the invitation").click()

    expect(page.get_by_text("you accepted, and the coordinator has been told")).to_be_visible()
    summary = page.locator("dl").first
    expect(summary).to_contain_text("Berlin Welding School (Germany)")
    expect(summary).not_to_contain_text("not chosen yet")
    page.goto(link)
    expect(page.get_by_role("heading", name="This invitation has been accepted")).to_be_visible()
    page.get_by_role("link", name="Open the proposal").click()
    expect(page.get_by_role("heading", name=re.compile("WELD-UP"))).to_be_visible()


def test_pages_fit_a_320_px_phone_and_the_menu_opens(
    page, live_server, sign_in, settings_for_journeys, directory
):
    proposal = draft(directory, ["Lyon Metal", "Torino Chamber", "Porto Polytechnic"])
    services.invite_members(proposal=proposal, by=proposal.owner)
    page.set_viewport_size({"width": 320, "height": 700})
    sign_in(proposal.owner)

    for path in (f"{proposal.pk}/partners/", f"{proposal.pk}/review/", "", "../organisations/"):
        page.goto(f"{live_server.url}/proposals/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path

    expect(page.get_by_role("link", name="My proposals")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="My proposals")).to_be_visible()

"""A coordinator builds a consortium in Chromium, as users do: signing up, watching the live
panel, adding partners without reloads, clicking a gap suggestion, using only the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from consortia.models import Proposal
from lots.choices import Role
from lots.models import Lot
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def directory():
    return {
        name: OrganisationFactory(legal_name=name, country=country, kind=kind, size=size)
        for name, country, kind, size in [
            ("Berlin Welding School", "DE", "vet_provider", ""),
            ("Lyon Metal SAS", "FR", "enterprise", "small"),
            ("Torino Chamber of Crafts", "IT", "chamber", ""),
            ("Bilbao Training Centre", "ES", "vet_provider", ""),
            ("Zurich Career Guidance", "CH", "guidance_service", ""),
        ]
    }


def panel_check(page, code):
    return page.locator(f"#eligibility-panel [data-code='{code}']")


def add_partner(page, name):
    page.get_by_label("Add from the directory").fill(name.split()[0])
    page.locator("#partner-results").get_by_role("button", name=f"Add {name}").click()
    expect(page.locator("#partner-rows")).to_contain_text(name)


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue", exact=True).click()


def test_coordinator_signs_up_and_builds_eligible_lot_1_consortium(
    page, live_server, mailoutbox, directory
):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("coordinator@example.org")
    page.locator("#id_password1").fill("a-long-enough-password")
    page.locator("#id_password2").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="My proposals")).to_be_visible()

    page.get_by_role("link", name="New proposal").click()
    page.get_by_label(re.compile("Lot 1")).check()
    page.get_by_role("button", name="Start the proposal").click()

    page.get_by_label("Title").fill("Welding futures")
    page.get_by_label("Acronym").fill("WELD-FUT")
    page.get_by_label("Sector").fill("25")
    page.get_by_label("3 years").check()
    save_and_continue(page)

    page.get_by_label("Search the directory").fill("Berlin")
    page.locator("#applicant-results").get_by_label(re.compile("Berlin Welding School")).check()
    save_and_continue(page)

    countries = panel_check(page, "min_programme_countries")
    expect(countries).to_have_attribute("data-passed", "false")
    expect(countries).to_contain_text("1 Programme country, 4 needed")
    add_partner(page, "Lyon Metal SAS")
    expect(countries).to_contain_text("2 Programme countries, 4 needed")
    add_partner(page, "Zurich Career Guidance")
    add_partner(page, "Torino Chamber of Crafts")
    expect(countries).to_contain_text("3 Programme countries, 4 needed")
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "ineligible")
    add_partner(page, "Bilbao Training Centre")
    expect(countries).to_have_attribute("data-passed", "true")
    # Every rule of the lot is met; what remains is the partners' acceptance (invitations).
    failing = page.locator("#eligibility-panel [data-passed='false']")
    expect(failing).to_have_count(1)
    expect(failing).to_have_attribute("data-code", "members_accepted")
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    proposal = Proposal.objects.get(acronym="WELD-FUT")
    assert proposal.owner.email == "coordinator@example.org"
    assert sorted(m.organisation.country.code for m in proposal.memberships.all()) == [
        "CH", "DE", "ES", "FR", "IT",
    ]  # fmt: skip


@pytest.fixture
def draft(directory):
    coordinator = UserFactory()
    proposal = ProposalFactory(
        owner=coordinator, lot=Lot.objects.get(call__is_default=True, number=1)
    )
    MembershipFactory(
        proposal=proposal, organisation=directory["Berlin Welding School"], role=Role.APPLICANT
    )
    return proposal


def test_gap_suggestion_click_lands_in_formset_and_remove_takes_it_out(
    page, live_server, sign_in, draft
):
    sign_in(draft.owner)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")
    suggestion = page.locator("#suggestions li").first
    name = suggestion.locator("span").first.inner_text().splitlines()[0]

    suggestion.get_by_role("button").click()

    row = page.locator(".partner-row", has_text=name)
    expect(row).to_be_visible()
    expect(page.locator("#id_partners-TOTAL_FORMS")).to_have_value("1")
    expect(panel_check(page, "min_programme_countries")).to_contain_text("2 Programme countries")
    row.get_by_role("button", name=f"Remove {name}").click()
    expect(row).to_be_hidden()
    expect(panel_check(page, "min_programme_countries")).to_contain_text("1 Programme country,")
    save_and_continue(page)
    assert list(draft.memberships.values_list("role", flat=True)) == [Role.APPLICANT]


def test_refused_new_partner_organisation_shows_its_error_on_screen(
    page, live_server, sign_in, draft
):
    """The create button sits at the foot of the partners step; the page that refuses the
    organisation opens on its error summary, whose link leads to the field in error."""
    sign_in(draft.owner)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")
    page.get_by_text("Not in the directory? Create the organisation").click()
    page.locator("#id_new-legal_name").fill("Tallinna Toidukool")
    page.locator("#id_new-country").select_option("EE")
    page.locator("#id_new-kind").select_option(label="Enterprise")

    page.get_by_role("button", name="Create it and add it as a partner").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Size: Choose the enterprise's size.").click()
    expect(page.locator("#id_new-size")).to_be_focused()
    expect(page.locator("#id_new-size_error")).to_be_in_viewport()


def test_project_step_completed_with_keyboard_alone(page, live_server, sign_in, draft):
    sign_in(draft.owner)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/project/")

    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "id_title":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("KEYS")
    page.keyboard.press("Tab")
    page.keyboard.type("25")
    page.keyboard.press("Tab")
    page.keyboard.type("Welder")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/applicant/$"))
    draft.refresh_from_db()
    assert (draft.title, draft.acronym, draft.sector.code, draft.duration_years) == (
        "Keyboard only",
        "KEYS",
        "25",
        4,
    )

"""A past call from its preset to a proposal, in Chromium: an admin loads the 2020 call from
the call list and opens it; a coordinator starts a Blueprint proposal in it, sees the caveat,
is offered only the lot's duration, finds the call's own sector by typing part of its name,
and the eligibility panel checks the lot's own rules."""

import re

import pytest
from playwright.sync_api import expect

from lots.models import Call
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

PRESET = "Erasmus+ Sector Skills Alliances 2020"


def admin_loads_and_opens_the_2020_call(page, live_server):
    admin = UserFactory(is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/lots/call/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Load a past call").click()
    row = page.get_by_role("row", name=re.compile(re.escape(PRESET)))
    expect(row).to_contain_text("not verified")
    page.get_by_role("button", name=f"Load {PRESET}").click()
    expect(page.locator(".messagelist")).to_contain_text("closed")
    page.get_by_label("Is open").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_a_coordinator_builds_a_blueprint_proposal_in_a_loaded_past_call(
    browser, page, live_server, sign_in
):
    admin_context = browser.new_context()
    admin_loads_and_opens_the_2020_call(admin_context.new_page(), live_server)
    admin_context.close()
    assert Call.objects.get(slug="sector-skills-alliances-2020").is_open

    sign_in()
    page.get_by_role("link", name="New proposal").click()
    blueprint = page.get_by_label(re.compile("Sector Skills Alliances for implementing"))
    expect(page.get_by_text("recalled from the 2020 Programme Guide").first).to_be_visible()
    blueprint.check()
    page.get_by_role("button", name="Start the proposal").click()

    page.get_by_label("Title").fill("Batteries for Europe")
    page.get_by_label("Acronym").fill("BAT-EU")
    expect(page.get_by_role("radio")).to_have_count(1)
    page.get_by_label("4 years").check()
    page.get_by_role("combobox", name="Sector").press_sequentially("batter")
    page.get_by_role("option", name="BP20-BAT: Batteries for electro-mobility").click()
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/applicant/$"))

    panel = page.locator("#eligibility-panel")
    expect(panel).to_contain_text("Batteries for electro-mobility is one of the lot's sectors.")
    expect(panel).to_contain_text("12 needed")
    expect(panel).to_contain_text("at least 5 needed")

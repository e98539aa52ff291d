"""The Sector box in Chromium: typing part of a trade suggests the sector, picking it (by mouse
or keyboard) fills the box and re-checks the panel, and saving stores it."""

import re

import pytest
from playwright.sync_api import expect

from lots.models import Lot
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

METAL_25 = "25: Manufacture of fabricated metal products, except machinery and equipment"


@pytest.fixture
def project_page(page, live_server, sign_in):
    proposal = ProposalFactory(
        owner=UserFactory(), lot=Lot.objects.get(call__is_default=True, number=1)
    )
    sign_in(proposal.owner)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/project/")
    page.get_by_label("Title").fill("Welding futures")
    page.get_by_label("Acronym").fill("WELD-FUT")
    page.get_by_label("3 years").check()
    return proposal


def rechecks_with_sector_25(request):
    """The eligibility panel's request with the picked sector (earlier ones may be pending)."""
    return "/check/project/" in request.url and "&sector=25%3A" in (request.post_data or "")


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue", exact=True).click()
    page.wait_for_url(re.compile(r"/applicant/$"))


def test_typing_weld_suggests_metal_products_and_clicking_it_saves_25(page, project_page):
    box = page.get_by_role("combobox", name="Sector")

    box.press_sequentially("weld")
    option = page.get_by_role("option", name=re.compile(r"^25: Manufacture of fabricated metal"))
    expect(option).to_have_text(METAL_25)
    expect(box).to_have_attribute("aria-expanded", "true")
    with page.expect_request(rechecks_with_sector_25):
        option.click()

    expect(box).to_have_value(METAL_25)
    expect(page.get_by_role("listbox")).to_have_count(0)
    save_and_continue(page)
    project_page.refresh_from_db()
    assert (project_page.acronym, project_page.sector.code) == ("WELD-FUT", "25")


def test_sector_is_picked_with_arrow_keys_and_enter_without_saving_the_step(page, project_page):
    box = page.get_by_role("combobox", name="Sector")

    box.press_sequentially("metal")
    expect(page.get_by_role("option")).to_have_count(4)
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(page.get_by_role("option", selected=True)).to_have_text(METAL_25)
    box.press("Enter")

    expect(box).to_have_value(METAL_25)
    expect(box).to_be_focused()
    assert page.url.endswith("/project/")
    save_and_continue(page)
    project_page.refresh_from_db()
    assert project_page.sector.code == "25"


def test_ambiguous_sector_without_a_pick_shows_the_candidates(page, project_page):
    box = page.get_by_role("combobox", name="Sector")

    box.fill("metal")
    box.press("Escape")
    page.get_by_role("button", name="Save and continue", exact=True).click()

    expect(page.locator("#id_sector_error")).to_have_text(
        'Several sectors match "metal": 07: Mining of metal ores, 24: Manufacture of basic '
        f"metals, {METAL_25}; type one of them."
    )
    expect(page.get_by_label("Title")).to_have_value("Welding futures")

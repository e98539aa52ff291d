"""The language switcher in Chromium: it reloads the same page in the chosen language, works
from the keyboard, and a signed-in user's choice follows them to another browser."""

import pytest
from playwright.sync_api import expect

from portal.languages import saved_language
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("reference_data")


def test_switching_to_french_reloads_the_same_page_in_french(page, live_server):
    url = f"{live_server.url}/accounts/login/?next=/proposals/"
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # From the keyboard: Tab to the switcher's French button and press Enter.
    french = page.get_by_role("button", name="Français")
    expect(french).to_have_attribute("lang", "fr")
    french.focus()
    page.keyboard.press("Enter")

    page.wait_for_load_state()
    assert page.url == url
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    navbar = page.get_by_role("navigation")
    expect(navbar.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("button", name="English")).not_to_have_attribute("aria-current", "true")


def test_focus_is_visible_on_the_navbar_and_on_the_page(page, live_server):
    """A 3px solid ring on what the keyboard reaches, in Tab order: yellow on the navy bands
    at the top (the switcher, the navbar), navy on the page."""
    page.goto(f"{live_server.url}/no-such-page/")
    ring = (
        "e => { const s = getComputedStyle(e); "
        "return [s.outlineStyle, s.outlineWidth, s.outlineColor] }"
    )

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the switcher, in the band above the navbar
    focused = page.locator(":focus")
    expect(focused).to_have_text("English")
    assert focused.evaluate(ring) == ["solid", "3px", "rgb(255, 204, 0)"]
    for _language in ("Français", "Deutsch", "the portal's name"):
        page.keyboard.press("Tab")
    expect(focused).to_have_text("Consortium Portal")
    assert focused.evaluate(ring) == ["solid", "3px", "rgb(255, 204, 0)"]

    page.get_by_role("link", name="Go to the home page").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.locator(":focus").evaluate(ring) == ["solid", "3px", "rgb(15, 45, 82)"]


def test_a_signed_in_choice_is_saved_and_comes_back_at_the_next_sign_in(
    page, browser, live_server, sign_in
):
    user = sign_in()
    page.get_by_role("button", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert saved_language(user) == "de"

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert saved_language(user) == "fr"
    page.get_by_role("navigation").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()

    # Another browser, which has never seen the portal: English until the user signs in.
    other = browser.new_context().new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    expect(other.locator("html")).to_have_attribute("lang", "en")
    other.get_by_label("Email").fill(user.email)
    other.locator("#id_password").fill(PASSWORD)
    other.get_by_role("button", name="Sign In").click()
    other.wait_for_url(f"{live_server.url}/proposals/")
    expect(other.locator("html")).to_have_attribute("lang", "fr")
    expect(
        other.get_by_role("navigation").get_by_role("link", name="Mes propositions")
    ).to_be_visible()

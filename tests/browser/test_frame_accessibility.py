"""axe-core finds no serious or critical WCAG 2.1 AA violation on the pages every visitor
meets (home, the account pages, the 404 and 403 pages), in English, French and German."""

import pytest

from tests.browser.accessibility import axe_violations

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ("en", "fr", "de")


def violations_in_each_language(page, live_server, path):
    """axe's findings on the page at ``path`` in each language, chosen with the cookie the
    language switcher sets; only the languages with findings are kept."""
    found = {}
    for code in LANGUAGES:
        page.context.add_cookies(
            [{"name": "django_language", "value": code, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == code
        if lines := axe_violations(page):
            found[code] = lines
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
        "/no-such-page/",
    ],
    ids=["home", "sign-in", "sign-up", "password-reset", "verification-sent", "404"],
)
def test_visitor_pages_have_no_serious_violations(page, live_server, path):
    assert violations_in_each_language(page, live_server, path) == {}


@pytest.mark.urls("tests.integration.portal.error_urls")
def test_forbidden_page_has_no_serious_violations(page, live_server, sign_in):
    sign_in()
    assert violations_in_each_language(page, live_server, "/forbidden/") == {}


def test_signed_in_frame_has_no_serious_violations(page, live_server, sign_in):
    """The navbar of a signed-in user (their address, sign out, the switcher) on the 404 page,
    the one page of the frame a signed-in user meets that no other helper's test covers."""
    sign_in()
    assert violations_in_each_language(page, live_server, "/no-such-page/") == {}

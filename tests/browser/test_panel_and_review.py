"""The live panel and the review step as a screen-reader user meets them, in Chromium: the
panel swaps and announces only what changed, the members table polls only while an
invitation is being sent and never replaces the focused button, focus lands where an action
did, and axe finds nothing serious on these pages in English, French and German."""

import re

import pytest
from playwright.sync_api import expect

from consortia import services
from consortia.models import Invitation
from lots.choices import Role
from tests.browser.accessibility import BLOCKING, WCAG_AA_TAGS, axe_results, axe_violations
from tests.browser.conftest import three_partner_draft

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ["en", "fr", "de"]

# Counts the panel's DOM mutations, and keeps what the live region says, as it changes.
WATCH = """() => {
  window.panelMutations = 0;
  window.announced = [];
  new MutationObserver((records) => { window.panelMutations += records.length; })
    .observe(document.querySelector('#eligibility-panel'),
             {childList: true, subtree: true, characterData: true});
  const news = document.querySelector('#panel-news');
  new MutationObserver(() => { window.announced.push(news.textContent.trim()); })
    .observe(news, {childList: true, subtree: true, characterData: true});
}"""


def in_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def check_response(page):
    return page.expect_response(lambda r: "/check/" in r.url and r.request.method == "POST")


@pytest.fixture
def draft(sign_in):
    proposal = three_partner_draft("PANEL")
    sign_in(proposal.owner)
    return proposal


def test_a_field_that_changes_no_check_swaps_nothing_and_announces_nothing(
    page, live_server, draft
):
    page.goto(f"{live_server.url}/proposals/{draft.pk}/project/")
    page.evaluate(WATCH)

    with check_response(page) as answer:
        page.get_by_label("Title").fill("A title that no rule reads")
        page.get_by_label("Acronym").focus()  # leaving the field fires "change"

    assert answer.value.status == 204
    page.wait_for_timeout(300)
    assert page.evaluate("[window.panelMutations, window.announced]") == [0, []]
    expect(page.locator("#panel-news")).to_have_text("")


def test_a_change_that_flips_a_check_announces_exactly_the_short_sentence(page, live_server, draft):
    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")
    page.evaluate(WATCH)
    total = page.locator("#eligibility-panel li.check").count()

    with check_response(page) as answer:
        page.get_by_role("button", name="Remove Bilbao Centre").click()

    assert answer.value.status == 200
    expect(page.locator("#panel-news")).to_have_text(
        f"Programme countries: now fails, 3 of 4. 2 of {total} checks fail."
    )
    assert page.evaluate("window.announced") == [
        f"Programme countries: now fails, 3 of 4. 2 of {total} checks fail."
    ]
    # The panel is not a live region itself: only the sentence is announced.
    assert page.locator("#eligibility-panel").get_attribute("aria-live") is None


def test_members_table_keeps_the_focused_button_and_stops_polling_when_nothing_is_sent(
    page, live_server, draft, settings
):
    settings.MEMBERS_POLL_SECONDS = 1
    services.invite_members(proposal=draft, by=draft.owner)  # queued: no worker sends them
    partner = draft.memberships.exclude(role=Role.APPLICANT).first()
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/members/" in r.url else None)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/review/")
    expect(page.locator("#members")).to_have_attribute("hx-trigger", "every 1s")

    button = page.locator(f"#resend-{partner.pk}")
    button.focus()
    page.evaluate(f"document.querySelector('#resend-{partner.pk}').dataset.sameNode = 'yes'")
    page.wait_for_timeout(2500)

    assert polls == []  # skipped while the focus is inside the table
    assert page.evaluate(
        "[document.activeElement.id, document.activeElement.dataset.sameNode]"
    ) == [
        f"resend-{partner.pk}",
        "yes",
    ]

    Invitation.objects.filter(membership__proposal=draft).update(status=Invitation.Status.SENT)
    page.locator("#review-heading").focus()
    expect(page.locator("tr[data-state='sent']")).to_have_count(3, timeout=5000)
    settled = len(polls)
    page.wait_for_timeout(3000)

    assert settled >= 1
    assert len(polls) == settled  # nothing pending: no more polls
    assert page.locator("#members").get_attribute("hx-trigger") is None


def test_focus_lands_on_the_members_status_after_an_action(page, live_server, draft):
    partner = draft.memberships.exclude(role=Role.APPLICANT).first()
    page.goto(f"{live_server.url}/proposals/{draft.pk}/review/")

    page.locator(f"#invite-{partner.pk}").click()

    page.wait_for_url(re.compile(rf"#member-{partner.pk}-status$"))
    assert page.evaluate("document.activeElement.id") == f"member-{partner.pk}-status"


def test_review_reflows_at_320_pixels(page, live_server, draft):
    page.set_viewport_size({"width": 320, "height": 800})
    services.invite_members(proposal=draft, by=draft.owner)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/review/")

    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )

    assert widths[0] <= widths[1]


def axe_of_ours(page):
    """axe's serious and critical violations in the step's own content (the page but for the
    site's navigation bar and the wizard's step links, which other work owns)."""
    axe_results(page)  # injects axe
    found = page.evaluate(
        "tags => axe.run({include: [['main']], exclude: [['.wizard-steps']]}, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS,
    )
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in found["violations"]
        if v["impact"] in BLOCKING
    ]


def title_and_axe(page, live_server, url, language):
    """The page's title and axe's findings, first in the step's own content, then anywhere."""
    in_language(page, live_server, language)
    page.goto(f"{live_server.url}{url}")
    ours = axe_of_ours(page)
    assert ours == [], language
    return page.title(), axe_violations(page)


def test_review_step_with_failing_checks_is_axe_clean_and_titled(page, live_server, draft):
    anywhere = {}
    for language in LANGUAGES:
        title, violations = title_and_axe(
            page, live_server, f"/proposals/{draft.pk}/review/", language
        )
        anywhere[language] = violations
        if language == "en":
            assert title == "Review (1 check fails) - PANEL - Consortium Portal"
        expect(page.locator("#remaining li").first).to_be_visible()
    assert anywhere == {language: [] for language in LANGUAGES}


def test_review_step_with_invitations_pending_is_axe_clean(page, live_server, draft):
    services.invite_members(proposal=draft, by=draft.owner)
    anywhere = {}
    for language in LANGUAGES:
        _title, violations = title_and_axe(
            page, live_server, f"/proposals/{draft.pk}/review/", language
        )
        anywhere[language] = violations
    assert anywhere == {language: [] for language in LANGUAGES}


def test_submitted_review_step_is_axe_clean_and_titled(page, live_server, draft):
    draft.memberships.update(status="accepted")
    services.submit_proposal(proposal=draft, by=draft.owner)
    anywhere = {}
    for language in LANGUAGES:
        title, violations = title_and_axe(
            page, live_server, f"/proposals/{draft.pk}/review/", language
        )
        anywhere[language] = violations
        if language == "en":
            assert title == "Review (submitted) - PANEL - Consortium Portal"
    assert anywhere == {language: [] for language in LANGUAGES}


def test_wizard_step_with_failures_in_the_panel_is_axe_clean(page, live_server, draft):
    draft.memberships.filter(organisation__country="ES").delete()
    anywhere = {}
    for language in LANGUAGES:
        _title, violations = title_and_axe(
            page, live_server, f"/proposals/{draft.pk}/partners/", language
        )
        anywhere[language] = violations
        expect(page.locator("#eligibility-panel [data-passed='false']").first).to_be_visible()
    assert anywhere == {language: [] for language in LANGUAGES}

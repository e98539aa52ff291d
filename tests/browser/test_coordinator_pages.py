"""The coordinator's other pages (dashboard, directory, corrections, a proposal read-only, the
import) in Chromium: no serious or critical WCAG 2.1 AA violation in English, French or German,
and no sideways scrolling of the page at 320 px."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consortia.models import OrganisationCorrection, Proposal
from lots.choices import Role
from tests.browser.accessibility import axe_violations
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ("en", "fr", "de")
# The proposal whose stored verdict fails three checks, as the dashboard shows it.
FAILING = ["min_programme_countries", "duration", "members_accepted"]


WIDEST_TABLE = (
    "Math.max(0, ...[...document.querySelectorAll('table')].map("
    "t => Math.max(t.scrollWidth, t.getBoundingClientRect().right)))"
)


def in_each_language(page, live_server):
    """Reload the page in English, French and German (the ``django_language`` cookie) and
    return the violations found in each, keyed by language."""
    found = {}
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.reload()
        found[language] = axe_violations(page)
    return found


def no_violations(page, live_server):
    found = in_each_language(page, live_server)
    if os.environ.get("AXE_REPORT"):  # the figures of the report: counts per page
        print("AXE", page.url, found)
    assert found == {language: [] for language in LANGUAGES}


def stored_verdict(proposal, *, failing):
    Proposal.objects.filter(pk=proposal.pk).update(
        eligible=not failing, failing_checks=failing, verdict_at=timezone.now()
    )


@pytest.fixture
def coordinator(sign_in):
    return sign_in()


@pytest.fixture
def dashboard_proposals(coordinator):
    eligible = ProposalFactory(owner=coordinator, acronym="READY")
    failing = ProposalFactory(
        owner=coordinator, acronym="NOT-YET", title="A title long enough to wrap on a phone"
    )
    for proposal in (eligible, failing):
        MembershipFactory(proposal=proposal, role=Role.APPLICANT)
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(
                legal_name="Verylongorganisationnamewithoutanyspaces-Berufsbildungszentrum"
            ),
        )
    stored_verdict(eligible, failing=[])
    stored_verdict(failing, failing=FAILING)
    return eligible, failing


@pytest.fixture
def managed(coordinator):
    """An organisation the coordinator manages, with a correction another user proposed."""
    organisation = OrganisationFactory(
        legal_name="Lyon Metal Industries", country="FR", managers=[coordinator], city="Lyon"
    )
    OrganisationCorrection.objects.create(
        organisation=organisation,
        fields={"city": "Villeurbanne", "website": "https://lyon-metal.example.org/"},
        proposed_by=UserFactory(email="someone.with.a.very.long.address@partner.example.org"),
    )
    return organisation


def test_dashboard_has_no_violations_with_an_eligible_and_a_failing_proposal(
    page, live_server, dashboard_proposals
):
    page.goto(f"{live_server.url}/proposals/")
    expect(page.locator("#proposals")).to_contain_text("3 to fix")

    no_violations(page, live_server)


def test_dashboard_has_no_violations_without_proposals(page, live_server, coordinator):
    page.goto(f"{live_server.url}/proposals/")

    no_violations(page, live_server)


def test_directory_list_has_no_violations_with_results_and_with_none(page, live_server, managed):
    page.goto(f"{live_server.url}/organisations/?q=Lyon")
    expect(page.locator("#organisations")).to_contain_text("Lyon Metal Industries")
    # The count alone goes into the polite live region, once the page has loaded.
    expect(page.get_by_role("status")).to_have_text("1 organisation")
    no_violations(page, live_server)

    page.goto(f"{live_server.url}/organisations/?q=nothing-matches-this")
    no_violations(page, live_server)


def test_organisation_detail_has_no_violations(page, live_server, managed):
    page.goto(f"{live_server.url}/organisations/{managed.pk}/")

    no_violations(page, live_server)


def test_organisation_form_with_errors_has_no_violations(page, live_server, coordinator):
    page.goto(f"{live_server.url}/organisations/new/")
    page.locator("form.narrow-form").get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    # Reloading would send the form again: each language posts it anew.
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/organisations/new/")
        page.locator("form.narrow-form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_be_focused()
        found = axe_violations(page)
        if os.environ.get("AXE_REPORT"):
            print("AXE", page.url, language, found)
        assert found == [], language


def test_corrections_list_has_no_violations(page, live_server, managed):
    page.goto(f"{live_server.url}/organisations/corrections/")
    expect(page.get_by_text("Villeurbanne")).to_be_visible()

    no_violations(page, live_server)


def test_proposal_detail_and_summary_have_no_violations(page, live_server, coordinator):
    proposal = ProposalFactory(acronym="SHARED")
    MembershipFactory(proposal=proposal, role=Role.APPLICANT)
    MembershipFactory(
        proposal=proposal, contact_user=coordinator, status="accepted", contact_email="x@e.org"
    )
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("SHARED")

    no_violations(page, live_server)


def test_import_page_has_no_violations(page, live_server, coordinator):
    page.goto(f"{live_server.url}/proposals/import/")

    no_violations(page, live_server)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_and_directory_reflow_at_320_px(
    page, live_server, dashboard_proposals, managed, language
):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 320, "height": 700})

    for path in (
        "proposals/",
        "organisations/",
        "organisations/?q=Lyon",
        f"organisations/{managed.pk}/",
        "organisations/corrections/",
    ):
        page.goto(f"{live_server.url}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        # Tables are stacked rows, not scrolled inside a box wider than the screen.
        assert page.evaluate(WIDEST_TABLE) <= 320, path
    page.goto(f"{live_server.url}/proposals/")
    expect(page.locator("#proposals")).to_contain_text("3")

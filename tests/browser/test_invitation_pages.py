"""The invitation link's pages and the export page in Chromium: axe finds no serious or
critical WCAG 2.1 AA violation in any state, in English, French and German, at normal width
and at 320 px (without sideways scrolling); the export page announces its outcome once."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consortia import services
from consortia.models import ExportJob, Invitation
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import three_partner_draft
from tests.factories import PASSWORD, invitee

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ("en", "fr", "de")
WIDTHS = (1280, 320)


@pytest.fixture
def proposal(live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url
    return three_partner_draft("AXE-US")


@pytest.fixture
def lyon(proposal):
    return proposal.memberships.get(organisation__legal_name="Lyon Metal")


@pytest.fixture
def link(lyon, proposal, live_server):
    """A copied link to Lyon Metal's invitation (the token is known only from it)."""
    return services.create_link(membership=lyon, by=proposal.owner)


def in_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def sign_in_form(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/proposals/"))


POST_FROM_PAGE = """url => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  const token = document.createElement("input");
  token.name = "csrfmiddlewaretoken";
  token.value = document.querySelector("[name=csrfmiddlewaretoken]").value;
  form.append(token);
  document.body.append(form);
  form.submit();
}"""


def assert_clean(page, states):
    """axe on the page as each language and width shows it; ``states`` brings the page to
    the state under test (it is run again after the language cookie changes)."""
    found = {}
    for language in LANGUAGES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            states(language)
            assert page.evaluate("document.documentElement.lang") in (language, "en")
            found[language, width] = axe_violations(page)
            if width == 320:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                found[language, width] += [f"page scrolls sideways: {scroll} px"] * (scroll > 320)
    if report := os.environ.get("AXE_REPORT"):  # the figures of the report
        with open(report, "a") as file:
            for (language, width), lines in found.items():
                rules = sorted(line[:160] for line in lines)
                file.write(f"{states.__name__:14} {language} {width:5} {len(lines)} {rules}\n")
        return
    assert {key: lines for key, lines in found.items() if lines} == {}


def test_invitation_page_and_its_decline_errors_are_accessible(page, live_server, link):
    def opened(language):
        in_language(page, live_server, language)
        page.goto(link)
        expect(page.locator("h1")).to_contain_text("AXE-US")
        assert page.title().endswith(" - Consortium Portal")

    def with_errors(language):
        opened(language)
        page.locator("form[action*='decline'] button").click()
        expect(page.locator("#decline-errors")).to_be_focused()
        expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
        assert re.search(r"\(1 (error|erreur|Fehler)\)", page.title())

    assert_clean(page, opened)
    assert_clean(page, with_errors)


def test_respond_page_and_its_errors_are_accessible(page, live_server, link, lyon):
    sign_in_form(page, live_server, invitee("contact@fr.example.org"))

    def signed_in(language):
        in_language(page, live_server, language)
        page.goto(link)
        page.locator("a[href='/invitations/respond/']").click()
        expect(page.locator("#mandate-text")).to_contain_text("Lyon Metal")

    def with_errors(language):
        signed_in(language)
        page.locator("#id_legal_name").fill("")
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator("#error-summary")).to_be_focused()
        expect(page.locator("#id_legal_name")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#id_mandate")).to_have_attribute("aria-invalid", "true")

    assert_clean(page, signed_in)
    assert_clean(page, with_errors)


def test_answered_and_unusable_link_pages_are_accessible(page, live_server, link, lyon):
    def declined(language):
        Invitation.objects.update(status="sent", responded_at=None)
        type(lyon).objects.filter(pk=lyon.pk).update(status="invited")
        in_language(page, live_server, language)
        page.goto(link)
        page.locator("#id_reason").fill("Not this year.")
        page.locator("form[action*='decline'] button").click()
        expect(page.locator("h1")).not_to_contain_text("AXE-US")

    def reopened(language):
        in_language(page, live_server, language)
        response = page.goto(link)
        assert response.status == 410
        expect(page.locator("[data-problem=declined]")).to_be_visible()

    def asked(language):
        reopened(language)
        page.locator("form[action*='new-link'] button").click()
        expect(page.locator("h1")).to_be_visible()

    def expired(language):
        Invitation.objects.update(status="sent", expires_at=timezone.now())
        in_language(page, live_server, language)
        assert page.goto(link).status == 410
        expect(page.locator("[data-problem=expired]")).to_be_visible()

    def tampered(language):
        in_language(page, live_server, language)
        assert page.goto(link[:-3] + "xx/").status == 400

    for states in (declined, reopened, asked, expired, tampered):
        assert_clean(page, states)


def test_accepted_and_wrong_account_pages_are_accessible(page, live_server, link, lyon):
    sign_in_form(page, live_server, invitee("someone@else.example.org"))

    def wrong_account(language):
        in_language(page, live_server, language)
        page.goto(link)
        expect(page.locator("#wrong-account")).to_be_visible()
        assert page.goto(f"{live_server.url}/invitations/respond/").status == 403

    assert_clean(page, wrong_account)
    services.accept_invitation(
        invitation=Invitation.objects.get(),
        by=invitee("contact@fr.example.org"),
        mandate_version="1",
        organisation_fields={},
    )

    def accepted(language):
        in_language(page, live_server, language)
        page.goto(link)
        expect(page.locator("a[href*='/proposals/']").last).to_be_visible()

    assert_clean(page, accepted)


def test_copied_link_and_confirm_pages_are_accessible(page, live_server, sign_in, proposal, lyon):
    sign_in(proposal.owner)

    def post(language, action):
        in_language(page, live_server, language)
        page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")
        page.evaluate(POST_FROM_PAGE, f"/proposals/{proposal.pk}/members/{lyon.pk}/{action}/")

    def copied(language):
        post(language, "link")
        expect(page.locator("#invitation-url")).to_be_visible()

    def confirming(language):
        post(language, "revoke")
        expect(page.locator("#question")).to_be_visible()

    for states in (copied, confirming):
        assert_clean(page, states)


# What a screen reader hears once, as soon as the region changes: the observer is installed
# before the page's own scripts run, and checks that the region is never replaced.
OBSERVE_ANNOUNCEMENTS = """document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("job-announcement");
  if (!region) return;
  window.announcements = [];
  let last = region.textContent;
  new MutationObserver(() => {
    window.regionKept = document.getElementById("job-announcement") === region;
    if (region.textContent !== last) {
      last = region.textContent;
      window.announcements.push(last.trim());
    }
  }).observe(document.body, {childList: true, characterData: true, subtree: true});
});"""


def test_export_page_announces_the_outcome_once_and_focuses_the_download(
    page, live_server, sign_in, proposal
):
    sign_in(proposal.owner)
    job = ExportJob.objects.create(proposal=proposal, format="xlsx", requested_by=proposal.owner)
    page.add_init_script(OBSERVE_ANNOUNCEMENTS)
    page.goto(f"{live_server.url}/exports/{job.pk}/")
    expect(page.locator("#job-status")).to_have_attribute("data-status", "queued")
    assert page.locator("[aria-live], [role=status]").count() == 1  # only the announcement
    page.wait_for_timeout(1500)  # polled at least once while queued: nothing announced

    services.run_export(job_id=job.pk, final_attempt=True)

    download = page.get_by_role("link", name=re.compile("^Download "))
    expect(download).to_be_focused()
    page.wait_for_timeout(2500)  # polling has stopped: nothing more changes
    job.refresh_from_db()
    assert page.evaluate("window.announcements") == [f"The export is ready: {job.filename}."]
    assert page.evaluate("window.regionKept") is True
    assert page.title() == f"Excel (XLSX) export of {proposal}: ready - Consortium Portal"


def test_export_pages_are_accessible(page, live_server, sign_in, proposal):
    sign_in(proposal.owner)
    done = services.request_export(proposal=proposal, format="json", by=proposal.owner)
    services.run_export(job_id=done.pk, final_attempt=True)
    queued = ExportJob.objects.create(proposal=proposal, format="pdf", requested_by=proposal.owner)

    for job in (done, queued):

        def shown(language, job=job):
            in_language(page, live_server, language)
            page.goto(f"{live_server.url}/exports/{job.pk}/")
            expect(page.locator("#job-status")).to_be_visible()

        assert_clean(page, shown)

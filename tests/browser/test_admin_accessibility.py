"""The admin pages a reviewer uses meet WCAG 2.1 AA (axe: no serious or critical violation) in
English, French and German: the proposal list, a draft's change page with its members, its
history, the review action's page, a lot's change page, the call presets and the organisation
directory. Each test loads its page in the three languages (the ``django_language`` cookie, as
the language switcher sets it) and checks that the page is in that language."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consortia.models import Proposal
from lots.models import Lot
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import admin_sign_in, three_partner_draft
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ["en", "fr", "de"]
NONE = {language: [] for language in LANGUAGES}


@pytest.fixture
def draft():
    return three_partner_draft("WELD-ACCESS")


@pytest.fixture
def submitted():
    proposal = three_partner_draft("WELD-SENT")
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save()
    return proposal


@pytest.fixture
def reviewer(page, live_server):
    """The page, signed in to admin as a reviewer (staff, in the Reviewers group)."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return admin_sign_in(page, live_server, user)


def in_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def violations_per_language(page, live_server, path, then=None):
    """axe's findings on ``path`` in each language (after ``then(page)`` when given)."""
    found = {}
    for language in LANGUAGES:
        in_language(page, live_server, language)
        page.goto(f"{live_server.url}{path}")
        if then is not None:
            then(page)
        assert page.locator("html").get_attribute("lang") == language
        found[language] = axe_violations(page)
    return found


def test_proposal_list(reviewer, live_server, draft, submitted):
    assert violations_per_language(reviewer, live_server, "/admin/consortia/proposal/") == NONE


def test_change_page_of_a_draft_with_its_members(superuser, live_server, draft):
    """As an admin who may edit it: the members inline's fields are inputs (a reviewer sees
    them as text)."""
    path = f"/admin/consortia/proposal/{draft.pk}/change/"

    assert violations_per_language(superuser, live_server, path) == NONE


def test_members_inline_fields_are_named_by_organisation(superuser, live_server, draft):
    superuser.goto(f"{live_server.url}/admin/consortia/proposal/{draft.pk}/change/")

    assert superuser.get_by_label("Role of Lyon Metal", exact=True).count() == 1
    assert superuser.get_by_label("Contact email of Torino Chamber", exact=True).count() == 1


def test_history_of_a_proposal(reviewer, live_server, draft):
    path = f"/admin/consortia/proposal/{draft.pk}/history/"

    assert violations_per_language(reviewer, live_server, path) == NONE


def test_review_action_page(reviewer, live_server, submitted):
    def choose_review_action(page):
        page.locator("#result_list input.action-select").first.check()
        page.locator("select[name=action]").select_option("record_outcome")
        page.locator("button[name=index]").click()
        page.wait_for_selector("input[name=apply]")

    found = violations_per_language(
        reviewer, live_server, "/admin/consortia/proposal/", then=choose_review_action
    )

    assert found == NONE


def test_lot_change_page(superuser, live_server):
    lot = Lot.objects.get(call__is_default=True, number=1)

    found = violations_per_language(superuser, live_server, f"/admin/lots/lot/{lot.pk}/change/")

    assert found == NONE


def test_call_presets(superuser, live_server):
    assert violations_per_language(superuser, live_server, "/admin/lots/call/presets/") == NONE


def test_organisation_directory(reviewer, live_server, draft):
    found = violations_per_language(reviewer, live_server, "/admin/consortia/organisation/")

    assert found == NONE


def test_call_change_page_with_its_lots_inline(superuser, live_server):
    call = Lot.objects.get(call__is_default=True, number=1).call

    found = violations_per_language(superuser, live_server, f"/admin/lots/call/{call.pk}/change/")

    assert found == NONE

"""My proposals: mine only, with lot, status, deadline and an eligibility badge."""

import html as html_module
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from consortia import services, specs
from consortia.models import Proposal
from lots.choices import Role
from tests.factories import MembershipFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_english():
    """A request in French or German leaves its language active in this thread: the tests
    after it, which call services directly, expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_dashboard_lists_my_proposals_with_eligibility(coordinator_client, proposal, directory):
    ProposalFactory(acronym="NOT-MINE")

    response = coordinator_client.get(reverse("consortia:dashboard"))

    assert [(r.proposal.acronym, r.proposal.eligible) for r in response.context["rows"]] == [
        ("DRAFT", False)
    ]
    assert "NOT-MINE" not in response.text
    assert "2 to fix" in response.text


def test_dashboard_shows_proposals_whose_invitation_i_accepted(client, proposal):
    partner_contact = UserFactory()
    membership = proposal.memberships.get(role=Role.FULL_PARTNER)
    membership.contact_user = partner_contact
    membership.status = "accepted"
    membership.save()
    client.force_login(partner_contact)

    response = client.get(reverse("consortia:dashboard"))

    assert [row.proposal.acronym for row in response.context["rows"]] == ["DRAFT"]


def test_dashboard_shows_deadline_countdown_in_brussels_time(coordinator_client, proposal):
    call = proposal.lot.call
    call.deadline = "2099-02-26T12:00:00+01:00"
    call.save()

    response = coordinator_client.get(reverse("consortia:dashboard"))

    assert "26\u00a0Feb\u00a02099, 12:00" in response.text
    assert " left" in response.text
    assert "Closed" not in response.text


@pytest.mark.parametrize("proposals", [1, 3], ids=["1-proposal", "3-proposals"])
def test_dashboard_queries_do_not_grow_with_proposals(
    coordinator_client, coordinator, proposals, django_assert_num_queries
):
    for _ in range(proposals):
        proposal = ProposalFactory(owner=coordinator)
        MembershipFactory(proposal=proposal, role=Role.APPLICANT)
        MembershipFactory.create_batch(3, proposal=proposal)
    services.refresh_verdicts(Proposal.objects.values_list("pk", flat=True))

    with django_assert_num_queries(2):
        response = coordinator_client.get(reverse("consortia:dashboard"))

    assert len(response.context["rows"]) == proposals


def test_new_proposal_page_shows_lots_with_rules(coordinator_client):
    response = coordinator_client.get(reverse("consortia:proposal-new"))

    assert response.text.count('name="lot"') == 3
    assert "At least 12 Programme countries" in response.text


def test_dashboard_shows_the_stored_verdict_and_what_to_fix(
    coordinator_client, proposal, directory
):
    services.refresh_verdicts([proposal.pk])

    response = coordinator_client.get(reverse("consortia:dashboard"))

    [row] = response.context["rows"]
    shown = row.proposal
    assert (shown.eligible, shown.failing_checks) == (False, proposal_failing(proposal))
    assert row.to_fix == [
        {
            "min_programme_countries": "Programme countries",
            "members_accepted": "partners' answers",
        }.get(code, code)
        for code in shown.failing_checks
    ]
    # Visible text, not a tooltip: the badge, then each check in a list.
    eligibility = cell(response, 6)
    assert "title=" not in eligibility
    assert visible_words(eligibility) == [
        f"{len(row.to_fix)} to fix",
        *(label[0].upper() + label[1:] for label in row.to_fix),
    ]


def proposal_failing(proposal):
    return [check.code for check in specs.evaluate(proposal).report.failed]


def cell(response, column):
    """The HTML inside the first row's cell of a column (1 = Proposal ... 6 = Eligibility)."""
    return response.text.split('<td data-label="')[column].split(">", 1)[1].split("</td>")[0]


def visible_words(html):
    """The texts between tags, stripped (HTML entities decoded)."""
    return [html_module.unescape(t.strip()) for t in re.split(r"<[^>]+>", html) if t.strip()]


@pytest.mark.parametrize(
    ("language", "closed", "to_fix"),
    [
        ("en", "Closed", ["3 to fix", "Programme countries", "Duration", "Partners' answers"]),
        (
            "fr",
            "Clôturé",
            ["3 à corriger", "Pays participants au programme", "Durée", "Réponses des partenaires"],
        ),
        (
            "de",
            "Abgelaufen",
            ["3 zu beheben", "Programmländer", "Laufzeit", "Antworten der Partner"],
        ),
    ],
)
def test_dashboard_says_closed_and_what_to_fix_in_each_language(
    coordinator_client, coordinator, language, closed, to_fix
):
    proposal = ProposalFactory(owner=coordinator)
    call = proposal.lot.call
    call.deadline = "2020-02-26T12:00:00+01:00"
    call.save()
    Proposal.objects.filter(pk=proposal.pk).update(
        eligible=False,
        failing_checks=["min_programme_countries", "duration", "members_accepted"],
        verdict_at=timezone.now(),
    )
    coordinator_client.cookies["django_language"] = language

    response = coordinator_client.get(reverse("consortia:dashboard"))

    [_date, state] = visible_words(cell(response, 4))
    assert state == closed
    assert visible_words(cell(response, 6)) == to_fix

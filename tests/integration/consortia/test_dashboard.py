"""My proposals: mine only, with lot, status, deadline and an eligibility badge."""

import pytest
from django.urls import reverse

from consortia import services, specs
from consortia.models import Proposal
from lots.choices import Role
from tests.factories import MembershipFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_lists_my_proposals_with_eligibility(coordinator_client, proposal, directory):
    ProposalFactory(acronym="NOT-MINE")

    response = coordinator_client.get(reverse("consortia:dashboard"))

    assert [(p.acronym, p.eligible) for p, _to_fix in response.context["rows"]] == [
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

    assert [p.acronym for p, _to_fix in response.context["rows"]] == ["DRAFT"]


def test_dashboard_shows_deadline_countdown_in_brussels_time(coordinator_client, proposal):
    call = proposal.lot.call
    call.deadline = "2099-02-26T12:00:00+01:00"
    call.save()

    response = coordinator_client.get(reverse("consortia:dashboard"))

    assert "26 Feb 2099, 12:00" in response.text
    assert "left" in response.text


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

    [(shown, to_fix)] = response.context["rows"]
    assert (shown.eligible, shown.failing_checks) == (False, proposal_failing(proposal))
    assert to_fix == ", ".join(
        {
            "min_programme_countries": "Programme countries",
            "members_accepted": "partners' answers",
        }.get(code, code)
        for code in shown.failing_checks
    )
    assert f'title="To fix: {to_fix}"' in response.text.replace("&#x27;", "'")


def proposal_failing(proposal):
    return [check.code for check in specs.report_for(proposal).failed]

"""Reports of saved proposals: members' answers, and a fixed number of queries for any number
of proposals and members (the one-applicant-per-sector rule: test_sector_rule.py)."""

import pytest

from consortia import selectors, specs
from lots.choices import Role
from lots.models import Sector
from lots.rules import Check
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def proposal_with_applicant(applicant, sector_code, **fields):
    proposal = ProposalFactory(sector=Sector.objects.get(code=sector_code), **fields)
    MembershipFactory(proposal=proposal, organisation=applicant, role=Role.APPLICANT)
    return proposal


def report(proposal):
    return specs.evaluate(selectors.proposals_with_consortium().get(pk=proposal.pk)).report


def test_members_of_saved_proposal_count_towards_minimum():
    proposal = proposal_with_applicant(OrganisationFactory(country="DE"), "25")
    for country in ("FR", "IT", "ES"):
        MembershipFactory(
            proposal=proposal, organisation=OrganisationFactory(country=country), status="accepted"
        )

    assert report(proposal).passed is True


def test_evaluating_many_proposals_takes_fixed_queries(django_assert_num_queries):
    for partners in (1, 3, 5):
        proposal = proposal_with_applicant(OrganisationFactory(), "10")
        MembershipFactory.create_batch(partners, proposal=proposal)

    with django_assert_num_queries(3):
        evaluations = specs.evaluate_all(list(selectors.proposals_with_consortium()))

    assert len(evaluations) == 3


def test_partners_who_have_not_accepted_are_listed():
    proposal = proposal_with_applicant(OrganisationFactory(country="DE"), "25")
    for name, status in [("Yes Ltd", "accepted"), ("Maybe SA", "invited"), ("No AG", "declined")]:
        MembershipFactory(
            proposal=proposal, organisation=OrganisationFactory(legal_name=name), status=status
        )

    check = report(proposal).get("members_accepted")

    assert (check.passed, check.message) == (
        False,
        "Waiting for 1 of 3 partners: Maybe SA (invited). Declined: No AG (Germany).",
    )


def test_saved_proposal_keeps_the_checks_a_stateless_request_leaves_out():
    proposal = proposal_with_applicant(OrganisationFactory(country="DE"), "25")
    MembershipFactory(proposal=proposal, organisation=OrganisationFactory(country="FR"))

    found = report(proposal)

    assert (found.get("unique_organisations"), found.get("applicant_sector_conflict")) == (
        Check("unique_organisations", True, "Every organisation appears once."),
        Check(
            "applicant_sector_conflict",
            True,
            "No other proposal of this applicant addresses this sector.",
        ),
    )

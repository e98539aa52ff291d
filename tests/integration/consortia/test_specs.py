"""Reports of saved proposals: the one-applicant-per-sector rule across proposals, and a fixed
number of queries for any number of proposals and members."""

import pytest

from consortia import selectors, specs
from consortia.models import Proposal
from lots.choices import Role
from lots.models import Lot, Sector
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def proposal_with_applicant(applicant, sector_code, **fields):
    proposal = ProposalFactory(sector=Sector.objects.get(code=sector_code), **fields)
    MembershipFactory(proposal=proposal, organisation=applicant, role=Role.APPLICANT)
    return proposal


def report(proposal):
    return specs.report_for(selectors.proposals_with_consortium().get(pk=proposal.pk))


def test_same_applicant_same_sector_flags_later_proposal_with_earlier_acronym():
    applicant = OrganisationFactory()
    earlier = proposal_with_applicant(applicant, "10", acronym="FOOD-1")
    later = proposal_with_applicant(
        applicant, "10", acronym="FOOD-2", lot=Lot.objects.get(call__is_default=True, number=2)
    )

    assert report(earlier).get("applicant_sector_conflict").passed is True
    check = report(later).get("applicant_sector_conflict")
    assert (check.passed, check.message) == (
        False,
        "The applicant already applies for this sector in this call: FOOD-1.",
    )


@pytest.mark.parametrize(
    ("sector", "status"),
    [("25", Proposal.Status.DRAFT), ("10", Proposal.Status.WITHDRAWN)],
    ids=["other-sector", "earlier-withdrawn"],
)
def test_no_conflict_for_other_sector_or_withdrawn_proposal(sector, status):
    applicant = OrganisationFactory()
    proposal_with_applicant(applicant, sector, status=status, acronym="OTHER")
    later = proposal_with_applicant(applicant, "10")

    assert report(later).get("applicant_sector_conflict").passed is True


def test_members_of_saved_proposal_count_towards_minimum():
    proposal = proposal_with_applicant(OrganisationFactory(country="DE"), "25")
    for country in ("FR", "IT", "ES"):
        MembershipFactory(
            proposal=proposal, organisation=OrganisationFactory(country=country), status="accepted"
        )

    assert report(proposal).passed is True


def test_reports_for_many_proposals_take_fixed_queries(django_assert_num_queries):
    for partners in (1, 3, 5):
        proposal = proposal_with_applicant(OrganisationFactory(), "10")
        MembershipFactory.create_batch(partners, proposal=proposal)

    with django_assert_num_queries(6):
        reports = specs.reports_for(list(selectors.proposals_with_consortium()))

    assert len(reports) == 3


def test_partners_who_have_not_accepted_are_listed():
    proposal = proposal_with_applicant(OrganisationFactory(country="DE"), "25")
    for name, status in [("Yes Ltd", "accepted"), ("Maybe SA", "invited"), ("No AG", "declined")]:
        MembershipFactory(
            proposal=proposal, organisation=OrganisationFactory(legal_name=name), status=status
        )

    check = report(proposal).get("members_accepted")

    assert (check.passed, check.message) == (
        False,
        "Waiting for 2 of 3 partners: Maybe SA (invited); No AG (declined).",
    )

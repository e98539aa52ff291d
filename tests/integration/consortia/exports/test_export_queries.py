"""The PDF export reads a proposal in a fixed number of queries, however many members it has
(each member's mandate confirmer included): an N+1 there costs a query per partner."""

import pytest
from django.utils import timezone

from consortia import exports, selectors
from consortia.exports.pdf import sheet_html
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_partners_with_mandates(proposal, count):
    for number in range(count):
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(legal_name=f"Partner {number}", country="IT"),
            status="accepted",
            position=10 + number,
            mandate_version="1",
            mandate_confirmed_at=timezone.now(),
            mandate_confirmed_by=UserFactory(email=f"signer{number}@example.org"),
        )


def pdf_html(proposal_id):
    proposal = selectors.proposals_with_consortium().get(pk=proposal_id)
    selectors.show_as_submitted([proposal])
    return sheet_html(exports.sheet(proposal))


@pytest.mark.parametrize("partners", [10, 50], ids=["10 partners", "50 partners"])
def test_pdf_html_takes_the_same_queries_for_10_and_50_partners(
    proposal, partners, django_assert_num_queries
):
    add_partners_with_mandates(proposal, partners)

    with django_assert_num_queries(3):
        html = pdf_html(proposal.pk)

    assert f"signer{partners - 1}@example.org" in html

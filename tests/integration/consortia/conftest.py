"""Fixtures of the consortia tests: a coordinator, a directory and a draft proposal."""

import pytest

from consortia.models import Proposal
from lots.choices import Role
from lots.models import Lot
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "PT", "GR", "CH", "AL"]


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def directory():
    """One VET provider and one enterprise in each of several countries (CH, AL: Partner)."""
    return {
        (country, kind): OrganisationFactory(
            legal_name=f"{kind.title()} {country}",
            country=country,
            kind=kind,
            size="small" if kind == "enterprise" else "",
        )
        for country in COUNTRIES
        for kind in ("vet_provider", "enterprise")
    }


@pytest.fixture
def lot_1():
    return Lot.objects.get(call__is_default=True, number=1)


@pytest.fixture
def proposal(coordinator, directory, lot_1) -> Proposal:
    """A Lot 1 draft: a German applicant and a French full partner (2 of 4 countries)."""
    proposal = ProposalFactory(owner=coordinator, lot=lot_1, acronym="DRAFT")
    MembershipFactory(
        proposal=proposal, organisation=directory["DE", "vet_provider"], role=Role.APPLICANT
    )
    MembershipFactory(
        proposal=proposal,
        organisation=directory["FR", "enterprise"],
        role=Role.FULL_PARTNER,
        contact_email="fr@example.org",
        position=1,
    )
    return proposal


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client

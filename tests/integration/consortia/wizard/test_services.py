"""Services: the only writes. Permissions, optimistic locking and the partners' rows."""

import pytest

from consortia import services
from consortia.exceptions import Conflict, NotAllowed
from consortia.models import Membership, Proposal
from lots.choices import Role
from lots.models import Sector
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def project(**overrides):
    return {
        "title": "Welding futures",
        "acronym": "WELD",
        "sector": Sector.objects.get(code="25"),
        "occupational_profiles": "Welder",
        "duration_years": 3,
        **overrides,
    }


def test_update_project_with_current_version_saves_and_bumps_version(proposal, coordinator):
    services.update_project(proposal=proposal, version=1, by=coordinator, **project())

    proposal.refresh_from_db()
    assert (proposal.acronym, proposal.duration_years, proposal.version) == ("WELD", 3, 2)


def test_update_project_with_stale_version_raises_conflict_and_changes_nothing(
    proposal, coordinator
):
    services.update_project(proposal=proposal, version=1, by=coordinator, **project())
    other_tab = Proposal.objects.get(pk=proposal.pk)
    other_tab.version = 1

    with pytest.raises(Conflict):
        services.update_project(
            proposal=other_tab, version=1, by=coordinator, **project(acronym="OVERWRITE")
        )

    proposal.refresh_from_db()
    assert (proposal.acronym, proposal.version) == ("WELD", 2)


def test_update_project_by_another_user_is_not_allowed(proposal):
    with pytest.raises(NotAllowed):
        services.update_project(proposal=proposal, version=1, by=UserFactory(), **project())


def test_set_applicant_replaces_former_applicant(proposal, coordinator, directory):
    services.set_applicant(
        proposal=proposal, organisation=directory["IT", "vet_provider"], version=1, by=coordinator
    )

    assert sorted((m.organisation.legal_name, m.role) for m in proposal.memberships.all()) == [
        ("Enterprise FR", Role.FULL_PARTNER),
        ("Vet_Provider IT", Role.APPLICANT),
    ]


def test_set_applicant_promotes_a_partner(proposal, coordinator, directory):
    services.set_applicant(
        proposal=proposal, organisation=directory["FR", "enterprise"], version=1, by=coordinator
    )

    assert [(m.organisation.legal_name, m.role) for m in proposal.memberships.all()] == [
        ("Enterprise FR", Role.APPLICANT)
    ]


def rows(directory, *keys, role=Role.FULL_PARTNER):
    return [services.PartnerRow(organisation=directory[key], role=role) for key in keys]


def test_save_partners_adds_updates_removes_and_orders(proposal, coordinator, directory):
    new_rows = [
        services.PartnerRow(directory["IT", "enterprise"], Role.FULL_PARTNER, "it@example.org"),
        services.PartnerRow(
            directory["FR", "enterprise"], Role.ASSOCIATED_PARTNER, "fr@example.org"
        ),
    ]

    services.save_partners(proposal=proposal, rows=new_rows, version=1, by=coordinator)

    assert [
        (m.organisation.legal_name, m.role, m.contact_email, m.position)
        for m in proposal.memberships.exclude(role=Role.APPLICANT)
    ] == [
        ("Enterprise IT", Role.FULL_PARTNER, "it@example.org", 1),
        ("Enterprise FR", Role.ASSOCIATED_PARTNER, "fr@example.org", 2),
    ]


@pytest.mark.parametrize(
    "keys",
    [(("IT", "enterprise"), ("IT", "enterprise")), (("DE", "vet_provider"),)],
    ids=["duplicate", "applicant-as-partner"],
)
def test_save_partners_refuses_duplicates_and_applicant(proposal, coordinator, directory, keys):
    with pytest.raises(NotAllowed):
        services.save_partners(
            proposal=proposal, rows=rows(directory, *keys), version=1, by=coordinator
        )

    assert Membership.objects.filter(proposal=proposal).count() == 2
    assert Proposal.objects.get(pk=proposal.pk).version == 1


def test_save_partners_queries_do_not_grow_with_rows(
    proposal, coordinator, directory, django_assert_num_queries
):
    one = rows(directory, ("IT", "enterprise"))
    six = rows(directory, *[(c, "enterprise") for c in ("ES", "PL", "NL", "BE", "AT", "SE")])

    with django_assert_num_queries(12):  # replaces the French partner by one
        services.save_partners(proposal=proposal, rows=one, version=1, by=coordinator)
    with django_assert_num_queries(12):  # replaces that one by six
        services.save_partners(proposal=proposal, rows=six, version=2, by=coordinator)

    assert proposal.memberships.count() == 7

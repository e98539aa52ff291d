"""Integrity kept by the database itself, whatever code writes."""

import pytest
from django.db import IntegrityError, transaction

from consortia.models import Organisation
from lots.choices import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [{"pic": "12345678"}, {"pic": "12345678X"}, {"oid": "E1234567"}, {"oid": "X12345678"}],
    ids=["pic-8-digits", "pic-letter", "oid-7-digits", "oid-wrong-letter"],
)
def test_database_refuses_malformed_identifiers(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(legal_name="Bad", country="DE", kind="other", **fields)


@pytest.mark.parametrize("field", ["pic", "oid"])
def test_database_refuses_second_organisation_with_same_identifier(field):
    value = "949123456" if field == "pic" else "E10123456"
    OrganisationFactory(**{field: value})

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(**{field: value})


def test_organisations_without_identifiers_coexist():
    OrganisationFactory(pic=None, oid=None)
    OrganisationFactory(pic=None, oid=None)

    assert Organisation.objects.filter(pic__isnull=True, oid__isnull=True).count() == 2


def test_full_clean_explains_malformed_pic():
    organisation = Organisation(legal_name="X", country="DE", kind="other", pic="12")

    with pytest.raises(Exception, match="A PIC has exactly 9 digits"):
        organisation.full_clean()


def test_database_refuses_size_for_non_enterprise():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind="vet_provider", size="small")


def test_database_refuses_same_organisation_twice_in_a_consortium():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(proposal=membership.proposal, organisation=membership.organisation)


def test_database_refuses_second_applicant():
    applicant = MembershipFactory(role=Role.APPLICANT)

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(proposal=applicant.proposal, role=Role.APPLICANT)

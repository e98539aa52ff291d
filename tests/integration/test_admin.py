"""Django admin: every model's pages open, searches and filters work, eligibility shows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consortia.demo import load_demo
from consortia.models import Invitation, MandateText, Membership, Organisation, Proposal
from lots.models import Call, Lot, Sector
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def demo():
    load_demo()


@pytest.fixture
def consortium():
    """One row of every model."""
    membership = MembershipFactory(role="applicant")
    Invitation.objects.create(
        membership=membership,
        email="contact@example.org",
        token_hash="0" * 64,
        expires_at=timezone.now(),
    )


MODELS = [Call, Lot, Sector, Organisation, Proposal, Membership, Invitation, MandateText]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_open(admin_client, consortium, model):
    opts = model._meta

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert (changelist.status_code, add.status_code) == (200, 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_opens(admin_client, consortium, model):
    opts = model._meta
    obj = model.objects.first()

    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )

    assert response.status_code == 200


@pytest.mark.parametrize("term", ["949000001", "E10000001", "Needle"], ids=["pic", "oid", "name"])
def test_organisation_search_by_name_pic_and_oid(admin_client, term):
    OrganisationFactory(legal_name="Needle Institute", pic="949000001", oid="E10000001")
    OrganisationFactory(legal_name="Haystack GmbH")

    response = admin_client.get(reverse("admin:consortia_organisation_changelist"), {"q": term})

    assert [o.legal_name for o in response.context["cl"].result_list] == ["Needle Institute"]


def test_organisation_filter_by_country_and_kind(admin_client):
    OrganisationFactory(legal_name="Wanted", country="FR", kind="chamber")
    OrganisationFactory(legal_name="Other kind", country="FR", kind="enterprise", size="small")
    OrganisationFactory(legal_name="Other country", country="IT", kind="chamber")

    response = admin_client.get(
        reverse("admin:consortia_organisation_changelist"), {"country": "FR", "kind": "chamber"}
    )

    assert [o.legal_name for o in response.context["cl"].result_list] == ["Wanted"]


def test_proposal_list_shows_eligibility_of_each_row(admin_client, demo):
    response = admin_client.get(reverse("admin:consortia_proposal_changelist"))

    rows = {p.acronym: p.report.passed for p in response.context["cl"].result_list}
    assert rows == {"WELD-EXCEL": True, "FOOD-VET": False}
    assert 'alt="True"' in response.text
    assert 'alt="False"' in response.text


def test_proposal_page_shows_full_report_read_only(admin_client, demo):
    proposal = Proposal.objects.get(acronym="FOOD-VET")

    response = admin_client.get(reverse("admin:consortia_proposal_change", args=[proposal.pk]))

    assert "Not eligible" in response.text
    assert "Add full partners from 5 more Programme countries" in response.text


def test_lot_page_edits_composition_rows_inline(admin_client):
    lot = Lot.objects.get(call__is_default=True, number=2)

    response = admin_client.get(reverse("admin:lots_lot_change", args=[lot.pk]))

    assert "compositions-TOTAL_FORMS" in response.text
    assert "grant_caps-TOTAL_FORMS" in response.text

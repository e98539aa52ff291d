"""The requested EU grant in whole euros with a maximum, in the wizard, the model and the panel."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consortia.models import Proposal
from lots.models import GrantCap

pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Welding futures",
    "acronym": "WELD",
    "sector": "25",
    "duration_years": "3",
    "version": 1,
}


@pytest.fixture
def capped(proposal, lot_1):
    """Lot 1 with a cap of EUR 2,000,000 for 3 years, so that the project step asks a grant."""
    GrantCap.objects.create(lot=lot_1, duration_years=3, max_eur=2_000_000)
    return proposal


def project_step(client, proposal, grant):
    url = reverse("consortia:wizard-project", args=[proposal.pk])
    return client.post(url, {**PROJECT, "requested_grant_eur": grant})


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("1500000", 1_500_000), ("1500000.00", 1_500_000), (" 100000000 ", 100_000_000)],
    ids=["whole", "zero-cents", "the-maximum"],
)
def test_project_step_saves_whole_euros(coordinator_client, capped, typed, saved):
    response = project_step(coordinator_client, capped, typed)

    assert response.status_code == 302
    assert Proposal.objects.get(pk=capped.pk).requested_grant_eur == saved


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("1000000.4", "Enter whole euros, without cents."),
        ("100000001", "Enter at most EUR 100,000,000."),
        ("1e400", "Enter at most EUR 100,000,000."),
        ("-1", "Ensure this value is greater than or equal to 0."),
    ],
    ids=["cents", "over-the-maximum", "1e400", "negative"],
)
def test_project_step_refuses_cents_and_amounts_over_the_maximum_with_one_message(
    coordinator_client, capped, typed, error
):
    response = project_step(coordinator_client, capped, typed)

    assert response.status_code == 200
    assert response.context["form"].errors == {"requested_grant_eur": [error]}
    assert Proposal.objects.get(pk=capped.pk).acronym == "DRAFT"


def test_panel_asks_to_lower_a_grant_one_euro_over_the_cap_by_one_euro(coordinator_client, capped):
    url = reverse("consortia:eligibility-check", args=[capped.pk, "project"])

    response = coordinator_client.post(url, {**PROJECT, "requested_grant_eur": "2000001"})

    text = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
    assert "EUR 2,000,001 requested; the maximum is EUR 2,000,000." in text
    assert "Lower the request by EUR 1." in text


def test_model_refuses_a_grant_over_the_maximum(proposal):
    proposal.requested_grant_eur = 100_000_001

    with pytest.raises(ValidationError) as refused:
        proposal.full_clean()

    assert refused.value.message_dict == {
        "requested_grant_eur": ["Ensure this value is less than or equal to 100000000."]
    }

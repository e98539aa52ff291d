"""manage.py load_demo: a directory worth trying, accounts that log in, one eligible proposal
and one not; loading twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from consortia import selectors, specs
from consortia.demo import ADMIN, COORDINATOR
from consortia.models import Membership, Organisation, Proposal
from lots.choices import OrganisationKind
from lots.models import Call

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_demo_directory_spans_countries_kinds_and_partner_countries(loaded):
    countries = {str(c) for c in Organisation.objects.values_list("country", flat=True)}
    programme = {str(c) for c in Call.objects.get(is_default=True).programme_countries}

    assert Organisation.objects.count() >= 40
    assert len(countries) >= 15
    assert countries - programme >= {"CH", "AL", "UA"}
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)


def test_demo_has_one_eligible_and_one_ineligible_proposal(loaded):
    evaluations = specs.evaluate_all(list(selectors.proposals_with_consortium()))

    assert sorted((p.acronym, evaluations[p.pk].report.passed) for p in Proposal.objects.all()) == [
        ("FOOD-VET", False),
        ("WELD-EXCEL", True),
    ]


def test_demo_prints_credentials_that_log_in(loaded, client):
    assert f"{COORDINATOR[0]} / {COORDINATOR[1]}" in loaded
    assert f"{ADMIN[0]} / {ADMIN[1]}" in loaded
    assert client.login(username=ADMIN[0], password=ADMIN[1])
    assert client.get("/admin/").status_code == 200
    assert get_user_model().objects.get(username=COORDINATOR[0]).is_staff is False


def test_demo_organisations_each_work_in_a_sector(loaded):
    assert list(Organisation.objects.filter(sectors=None)) == []


def test_demo_loads_twice_without_change(loaded):
    models = (Organisation, Organisation.sectors.through, Proposal, Membership, get_user_model())
    counts = [m.objects.count() for m in models]

    call_command("load_demo")

    assert [m.objects.count() for m in models] == counts


def test_demo_draft_suggests_food_organisations_first(loaded, client):
    client.login(username=COORDINATOR[0], password=COORDINATOR[1])
    food = Proposal.objects.get(acronym="FOOD-VET")

    response = client.get(reverse("consortia:wizard-partners", args=[food.pk]))

    assert [(s.organisation.short_name, s.adds) for s in response.context["suggestions"]] == [
        ("FSI", "Adds Ireland, a 4th Programme country."),
        ("LCB", "Adds France, a 4th Programme country."),
        ("PAR", "Adds Italy, a 4th Programme country."),
        ("AFV", "Adds Sweden, a 4th Programme country."),
        ("BBZ-RR", "Adds Germany, a 4th Programme country."),
    ]

"""The rules past calls need, entered as an admin would and applied to saved proposals: a
composition row's Partner-country switch, a lot without allowed durations, and the call's
one-applicant rule (different sectors, one proposal per applicant, off)."""

import pytest

from consortia import selectors, services, specs
from consortia.exceptions import NotAllowed
from consortia.forms.wizard import ProjectForm
from lots.models import Call, CompositionRequirement, Lot
from tests.factories import OrganisationFactory, ready_proposal

pytestmark = pytest.mark.django_db


def report_of(proposal):
    return specs.evaluate(selectors.proposals_with_consortium().get(pk=proposal.pk)).report


def api_check(client, body):
    response = client.post("/api/v1/eligibility", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return {check["code"]: check for check in response.json()["checks"]}


@pytest.fixture
def vet_lot():
    call = Call.objects.create(
        slug="vet-2019", title="VET 2019", year=2019, programme_countries=["DE", "FR", "IT"]
    )
    lot = Lot.objects.create(call=call, number=1, title="Design and delivery of VET")
    row = CompositionRequirement.objects.create(
        lot=lot, slug="vet", label="VET providers", min_count=3, kinds=["vet_provider"]
    )
    return lot, row


def three_vet_providers_one_swiss(lot):
    return {
        "call": lot.call.slug,
        "lot": lot.number,
        "duration_years": 3,
        "applicant": {"country": "DE", "kind": "vet_provider"},
        "partners": [
            {"country": "FR", "kind": "vet_provider", "role": "full_partner"},
            {"country": "CH", "kind": "vet_provider", "role": "full_partner"},
        ],
    }


def test_partner_country_members_do_not_count_towards_a_composition_by_default(client, vet_lot):
    lot, _row = vet_lot

    check = api_check(client, three_vet_providers_one_swiss(lot))["composition:vet"]

    assert check["passed"] is False
    assert check["message"] == (
        "VET providers: 2, at least 3 needed; 1 in a Partner country does not count."
    )
    assert "from Programme countries" in check["hint"]


def test_the_rows_switch_lets_partner_country_members_count(client, vet_lot):
    lot, row = vet_lot
    row.partner_countries_count = True
    row.save()

    check = api_check(client, three_vet_providers_one_swiss(lot))["composition:vet"]

    assert (check["passed"], check["message"]) == (True, "VET providers: 3, at least 3 needed.")


def test_a_lot_added_on_the_call_page_shows_its_durations_and_without_any_allows_every_one(
    admin_client,
):
    """The call page's lot inline has the durations field; a lot saved there with none ticked
    has no duration rule, so the wizard offers every duration and each one passes."""
    add_page = admin_client.get("/admin/lots/call/add/").content.decode()
    assert 'name="lots-__prefix__-allowed_durations"' in add_page

    response = admin_client.post(
        "/admin/lots/call/add/",
        {
            "slug": "inline-2018",
            "title_en": "Inline 2018",
            "year": 2018,
            "programme_countries": ["DE", "FR"],
            "applicant_rule": "different_sectors",
            "nace_sectors": "on",
            "is_open": "on",
            "own_sectors-TOTAL_FORMS": 0,
            "own_sectors-INITIAL_FORMS": 0,
            "lots-TOTAL_FORMS": 1,
            "lots-INITIAL_FORMS": 0,
            "lots-0-number": 1,
            "lots-0-title_en": "Design and delivery of VET",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lot = Lot.objects.get(call__slug="inline-2018")
    assert lot.allowed_durations == []

    form = ProjectForm(lot=lot)
    assert [value for value, _label in form.fields["duration_years"].choices] == [1, 2, 3, 4, 5, 6]
    proposal = ready_proposal(OrganisationFactory(country="DE"), "25", "ANY-DUR")
    proposal.lot = lot
    for years in (2, 3, 4):
        proposal.duration_years = years
        proposal.save()
        check = report_of(proposal).get("duration")
        assert (check.passed, check.message, check.hint) == (True, f"{years} years.", "")


def test_the_inline_keeps_durations_ticked_there(admin_client):
    admin_client.post(
        "/admin/lots/call/add/",
        {
            "slug": "inline-2019",
            "title_en": "Inline 2019",
            "year": 2019,
            "applicant_rule": "different_sectors",
            "nace_sectors": "on",
            "own_sectors-TOTAL_FORMS": 0,
            "own_sectors-INITIAL_FORMS": 0,
            "lots-TOTAL_FORMS": 1,
            "lots-INITIAL_FORMS": 0,
            "lots-0-number": 1,
            "lots-0-title_en": "Blueprint",
            "lots-0-allowed_durations": ["4"],
        },
    )

    assert Lot.objects.get(call__slug="inline-2019").allowed_durations == [4]


@pytest.fixture
def applicant():
    return OrganisationFactory(legal_name="Berlin Welding School", country="DE")


def default_call_rule(rule):
    Call.objects.filter(is_default=True).update(applicant_rule=rule)


def test_one_proposal_per_applicant_blocks_a_second_one_in_another_sector(applicant):
    default_call_rule("one_per_call")
    first = ready_proposal(applicant, "10", "FOOD-A")
    second = ready_proposal(applicant, "25", "WELD-B", lot_number=2)
    services.submit_proposal(proposal=first, by=first.owner)

    with pytest.raises(NotAllowed, match="has submitted FOOD-A in this call already"):
        services.submit_proposal(proposal=second, by=second.owner)

    check = report_of(second).get("applicant_once_per_call")
    assert check.passed is False
    assert report_of(second).get("applicant_sector_conflict") is None
    conflicts = selectors.sector_conflicts(
        [selectors.proposals_with_consortium().get(pk=second.pk)],
        selectors.applicant_proposals_for(
            [selectors.proposals_with_consortium().get(pk=second.pk)]
        ),
    )
    assert conflicts[second.pk] == ["FOOD-A"]


def test_different_sectors_rule_lets_the_same_applicant_submit_twice(applicant):
    first = ready_proposal(applicant, "10", "FOOD-A")
    second = ready_proposal(applicant, "25", "WELD-B", lot_number=2)
    services.submit_proposal(proposal=first, by=first.owner)

    services.submit_proposal(proposal=second, by=second.owner)

    assert report_of(second).get("applicant_sector_conflict").passed is True


def test_no_applicant_rule_lets_the_same_applicant_submit_twice_for_one_sector(applicant):
    default_call_rule("off")
    first = ready_proposal(applicant, "10", "FOOD-A")
    second = ready_proposal(applicant, "10", "FOOD-B", lot_number=2)
    services.submit_proposal(proposal=first, by=first.owner)

    services.submit_proposal(proposal=second, by=second.owner)

    codes = {check.code for check in report_of(second).checks}
    assert not codes & {"applicant_sector_conflict", "applicant_once_per_call"}


def test_the_home_page_shows_the_applicant_rule(client):
    default_call_rule("one_per_call")

    assert "One proposal per applicant in the call" in client.get("/").content.decode()

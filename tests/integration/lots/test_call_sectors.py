"""Sectors per call: a call names its own sectors besides NACE Rev. 2 or instead, a lot
narrows the call's list; codes stay unambiguous; the API and admin work within the call."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from lots.models import Call, Lot, Sector
from lots.selectors import call_sectors, sectors_of
from tests.factories import UserFactory
from tests.own_sectors import blueprint_calls

pytestmark = pytest.mark.django_db


@pytest.fixture
def blueprint():
    return blueprint_calls()


NACE_COUNT = 109  # 21 sections and 88 divisions


def codes(sectors):
    return sorted(sector.code for sector in sectors)


# What a call and a lot offer


def test_call_without_nace_offers_its_own_sectors_only(blueprint):
    assert codes(call_sectors(blueprint.call)) == ["BATT", "DEF", "MICRO"]


def test_call_with_nace_offers_its_own_sectors_and_nace(blueprint):
    offered = call_sectors(blueprint.other)

    assert codes(offered.exclude(call=None)) == ["BATT", "SPACE"]
    assert offered.filter(call=None).count() == NACE_COUNT


def test_default_call_offers_nace_as_before():
    default = Call.objects.get(is_default=True)

    assert call_sectors(default).count() == NACE_COUNT


def test_lot_narrowing_to_an_own_sector_offers_that_one(blueprint, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert codes(sectors_of(blueprint.lot_2)) == ["MICRO"]


def test_lot_not_narrowing_offers_the_calls_list(blueprint):
    assert codes(sectors_of(blueprint.lot_1)) == ["BATT", "DEF", "MICRO"]


def test_lot_narrowing_to_a_nace_section_offers_it_with_its_divisions(blueprint):
    lot = Lot.objects.create(call=blueprint.other, number=1, title="Manufacturing")
    lot.sectors.set([Sector.objects.get(code="C"), blueprint.space])

    assert codes(sectors_of(lot)) == sorted(["C", "SPACE", *(f"{n}" for n in range(10, 34))])


# Codes are unambiguous


def test_two_nace_sectors_cannot_share_a_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Sector.objects.create(code="25", name="Again", level="division")


def test_two_sectors_of_one_call_cannot_share_a_code(blueprint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Sector.objects.create(call=blueprint.call, code="DEF", name="Again", level="named")


def test_two_calls_may_name_sectors_with_one_code(blueprint):
    assert (blueprint.sectors["BATT"].code, blueprint.other_batt.code) == ("BATT", "BATT")


def test_own_sector_with_a_parent_is_refused_by_the_database(blueprint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Sector.objects.create(
            call=blueprint.call,
            code="X1",
            name="Under C",
            level="named",
            parent=Sector.objects.get(code="C"),
        )


@pytest.mark.parametrize(
    ("code", "errors"),
    [
        ("C", {"code": ["C is the NACE Rev. 2 code of Manufacturing: choose another code."]}),
        ("c", {"code": ["C is the NACE Rev. 2 code of Manufacturing: choose another code."]}),
        ("DEF", {"__all__": ["The call has a sector with this code already."]}),
        ("B 1", {"code": ["Use letters, digits, dots and hyphens, e.g. 'BATT' or 'B-1'."]}),
    ],
    ids=["nace code", "nace code in lower case", "own code", "space"],
)
def test_own_sector_code_taken_or_malformed_is_refused_clearly(blueprint, code, errors):
    sector = Sector(call=blueprint.call, code=code, name="New", level="named")

    with pytest.raises(ValidationError) as refused:
        sector.full_clean()

    assert refused.value.message_dict == errors


def test_nace_code_of_an_own_sector_is_refused_clearly(blueprint):
    sector = Sector(code="SPACE", name="Space", level="section")

    with pytest.raises(ValidationError) as refused:
        sector.full_clean()

    assert refused.value.message_dict == {
        "code": ["SPACE is the code of Space in Other 2020: choose another code."]
    }


# The API


def eligibility(client, lot, sector):
    body = {
        "call": lot.call.slug,
        "lot": lot.number,
        "sector": sector,
        "applicant": {"country": "DE", "kind": "vet_provider"},
    }
    return client.post("/api/v1/eligibility", json.dumps(body), content_type="application/json")


def sector_check(response):
    return next(check for check in response.json()["checks"] if check["code"] == "sector_allowed")


def test_api_resolves_the_calls_own_code(client, blueprint):
    response = eligibility(client, blueprint.lot_2, "MICRO")

    assert sector_check(response) == {
        "code": "sector_allowed",
        "passed": True,
        "message": "Microelectronics is one of the lot's sectors.",
        "hint": "",
    }


def test_api_own_sector_outside_the_lot_fails_the_check_by_name(client, blueprint):
    response = eligibility(client, blueprint.lot_2, "BATT")

    assert sector_check(response) == {
        "code": "sector_allowed",
        "passed": False,
        "message": "Batteries for electro-mobility is not one of the lot's sectors.",
        "hint": "Choose one of: MICRO, or another lot.",
    }


@pytest.mark.parametrize(
    ("lot", "sector", "error"),
    [
        (
            "blueprint",
            "SPACE",
            "Unknown sector 'SPACE' in blueprint-2020: use one of the call's sectors: "
            "BATT, DEF, MICRO.",
        ),
        (
            "blueprint",
            "25",
            "Unknown sector '25' in blueprint-2020: use one of the call's sectors: "
            "BATT, DEF, MICRO.",
        ),
        (
            "other",
            "DEF",
            "Unknown sector 'DEF' in other-2020: use a NACE Rev. 2 code or one of the call's "
            "own: BATT, SPACE.",
        ),
    ],
    ids=["another call's", "nace in a call without", "another call's in a call with nace"],
)
def test_api_refuses_a_sector_outside_the_call_naming_its_list(
    client, blueprint, lot, sector, error
):
    call_lot = (
        blueprint.lot_1
        if lot == "blueprint"
        else Lot.objects.create(call=blueprint.other, number=1, title="Any", allowed_durations=[2])
    )

    response = eligibility(client, call_lot, sector)

    assert (response.status_code, response.json()["errors"]) == (400, {"sector": [error]})


def test_api_call_with_nace_resolves_nace_and_own_codes(client, blueprint):
    lot = Lot.objects.create(call=blueprint.other, number=1, title="Any", allowed_durations=[2])
    lot.sectors.set([blueprint.space])

    verdicts = [sector_check(eligibility(client, lot, code))["passed"] for code in ("SPACE", "25")]

    assert verdicts == [True, False]


def test_api_calls_lists_each_calls_own_sectors_and_nace_switch(client, blueprint):
    response = client.get("/api/v1/calls")

    calls = {call["slug"]: call for call in response.json()}
    assert (calls["blueprint-2020"]["nace_sectors"], calls["blueprint-2020"]["own_sectors"]) == (
        False,
        [
            {"code": "BATT", "name": "Batteries for electro-mobility"},
            {"code": "DEF", "name": "Defence technologies"},
            {"code": "MICRO", "name": "Microelectronics"},
        ],
    )
    assert [lot["sectors"] for lot in calls["blueprint-2020"]["lots"]] == [[], ["MICRO"]]
    default = calls["sector-skills-alliances"]
    assert (default["nace_sectors"], default["own_sectors"]) == (True, [])


# Admin


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


INLINE_EMPTY = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}


def management(prefix, total=0):
    return {
        f"{prefix}-{key}": value
        for key, value in {**INLINE_EMPTY, "TOTAL_FORMS": str(total)}.items()
    }


def lot_form(call, sectors, **fields):
    return {
        "call": call.pk,
        "number": "7",
        "title_en": "New lot",
        "description_en": "",
        "deadline_0": "",
        "deadline_1": "",
        "allowed_durations": ["2"],
        "min_programme_countries": "",
        "min_full_partners": "",
        "sectors": [sector.pk for sector in sectors],
        **management("compositions"),
        **management("grant_caps"),
        **fields,
    }


def test_admin_lot_with_a_sector_outside_its_calls_list_shows_an_error(admin_client, blueprint):
    nace_25 = Sector.objects.get(code="25")

    response = admin_client.post(
        reverse("admin:lots_lot_add"),
        lot_form(blueprint.call, [blueprint.sectors["BATT"], blueprint.space, nace_25]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "sectors": [
            "Not among the sectors of Blueprint 2020: SPACE Space (Other 2020), 25 Manufacture "
            "of fabricated metal products, except machinery and equipment."
        ]
    }
    assert not Lot.objects.filter(call=blueprint.call, number=7).exists()


def test_admin_lot_with_its_calls_sectors_is_saved(admin_client, blueprint):
    response = admin_client.post(
        reverse("admin:lots_lot_add"), lot_form(blueprint.call, [blueprint.sectors["BATT"]])
    )

    assert response.status_code == 302
    assert codes(Lot.objects.get(call=blueprint.call, number=7).sectors.all()) == ["BATT"]


def test_admin_lot_page_offers_its_calls_sectors_only(admin_client, blueprint):
    response = admin_client.get(reverse("admin:lots_lot_change", args=[blueprint.lot_2.pk]))

    field = response.context["adminform"].form.fields["sectors"]
    assert codes(field.queryset) == ["BATT", "DEF", "MICRO"]


def call_form(call, own=(), **fields):
    """The call's admin page as posted: its fields as they are (empty ones left out), ``own``
    sectors in the inline, and ``fields`` changed."""
    data = {name: value for name, value in model_to_dict(call).items() if value is not None}
    data |= {
        "programme_countries": ["DE", "FR", "IT"],
        **management("own_sectors", len(own)),
        **management("lots"),
        **fields,
    }
    for index, (code, name) in enumerate(own):
        data |= {
            f"own_sectors-{index}-code": code,
            f"own_sectors-{index}-name_en": name,
            f"own_sectors-{index}-keywords": "",
        }
    return data


def test_admin_new_call_names_its_sectors_inline(admin_client):
    call = Call(slug="blueprint-2021", title="Blueprint 2021", year=2021, nace_sectors=False)

    response = admin_client.post(
        reverse("admin:lots_call_add"),
        call_form(call, [("BATT", "Batteries"), ("AERO", "Aeronautics")]),
    )

    assert response.status_code == 302
    saved = Call.objects.get(slug="blueprint-2021")
    assert (saved.nace_sectors, codes(saved.own_sectors.all())) == (False, ["AERO", "BATT"])
    assert set(saved.own_sectors.values_list("level", flat=True)) == {"named"}


@pytest.mark.parametrize(
    ("own", "error"),
    [
        ([("BATT", "Batteries"), ("BATT", "Again")], "Each sector needs its own code: BATT twice."),
        ([("C", "Chips")], "C is the NACE Rev. 2 code of Manufacturing: choose another code."),
    ],
    ids=["twice", "nace code"],
)
def test_admin_call_sector_code_taken_shows_an_error(admin_client, own, error):
    call = Call(slug="blueprint-2021", title="Blueprint 2021", year=2021, nace_sectors=False)

    response = admin_client.post(reverse("admin:lots_call_add"), call_form(call, own))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    found = [
        *formset.non_form_errors(),
        *(e for form in formset.errors for e in form.get("code", [])),
    ]
    assert error in found
    assert not Call.objects.filter(slug="blueprint-2021").exists()


def test_admin_call_existing_code_added_again_shows_an_error(admin_client, blueprint):
    data = call_form(blueprint.call, [("DEF", "Again")])

    response = admin_client.post(reverse("admin:lots_call_change", args=[blueprint.call.pk]), data)

    assert response.status_code == 200
    assert "The call has a sector with this code already." in response.text


def test_admin_call_cannot_leave_nace_out_while_a_lot_narrows_to_nace(admin_client, blueprint):
    lot = Lot.objects.create(call=blueprint.other, number=1, title="Metal", allowed_durations=[2])
    lot.sectors.set([Sector.objects.get(code="25")])
    data = call_form(blueprint.other, nace_sectors="")

    response = admin_client.post(reverse("admin:lots_call_change", args=[blueprint.other.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "nace_sectors": [
            "Lot 1 of this call narrow it to NACE sectors: change their sectors first."
        ]
    }


def test_admin_sector_list_filters_by_call(admin_client, blueprint):
    url = reverse("admin:lots_sector_changelist")

    own = admin_client.get(url, {"call__id__exact": blueprint.call.pk})
    nace = admin_client.get(url, {"call__isnull": "True"})

    assert codes(own.context["cl"].result_list) == ["BATT", "DEF", "MICRO"]
    assert nace.context["cl"].result_count == NACE_COUNT
    assert "Blueprint 2020" in own.text

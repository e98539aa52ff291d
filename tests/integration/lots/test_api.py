"""POST /api/v1/eligibility and GET /api/v1/calls: answers, rules of custom calls, bad input."""

import json

import pytest

from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility"
APPLICANT = {"country": "DE", "kind": "vet_provider"}


def partner(country, kind="enterprise", role="full_partner"):
    return {"country": country, "kind": kind, "role": role}


def post(client, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


def verdicts(response):
    return {check["code"]: check["passed"] for check in response.json()["checks"]}


def test_eligibility_lot_2_short_of_countries_says_how_many_to_add(client):
    body = {"lot": 2, "duration_years": 2, "applicant": APPLICANT, "partners": [partner("FR")]}

    response = post(client, body)

    assert response.status_code == 200
    assert response.json()["eligible"] is False
    check = response.json()["checks"][1]
    assert check["code"] == "min_programme_countries"
    assert check["hint"].startswith("Add full partners from 6 more Programme countries;")


def test_eligibility_applicant_from_partner_country_is_ineligible(client):
    partners = [partner(c) for c in ("FR", "IT", "ES", "PL")]
    body = {"lot": 1, "duration_years": 2, "applicant": {"country": "CH", "kind": "enterprise"}}

    response = post(client, {**body, "partners": partners})

    assert verdicts(response)["applicant_programme_country"] is False
    assert response.json()["eligible"] is False


def test_eligibility_uses_2020_list_where_uk_and_serbia_are_programme_countries(client):
    partners = [partner("GB"), partner("RS"), partner("AL")]
    body = {"lot": 1, "duration_years": 4, "applicant": APPLICANT, "partners": partners}

    response = post(client, body)

    assert response.json()["checks"][1]["message"] == (
        "3 Programme countries, 4 needed: Germany, Serbia, United Kingdom."
    )


def test_eligibility_reads_every_one_of_exactly_500_partners(client):
    # The last partner brings the fourth Programme country: dropped, the verdict would differ.
    partners = [partner("FR")] * 498 + [partner("ES"), partner("IT")]

    response = post(
        client, {"lot": 1, "duration_years": 2, "applicant": APPLICANT, "partners": partners}
    )

    assert (response.json()["eligible"], response.json()["checks"][1]["message"]) == (
        True,
        "4 Programme countries, 4 needed: France, Germany, Italy, Spain.",
    )


@pytest.fixture
def blueprint_call():
    """A call with every kind of rule set, as an admin would enter it."""
    call = Call.objects.create(
        slug="blueprint-test",
        title="Blueprint test",
        year=2019,
        programme_countries=["DE", "FR", "IT"],
    )
    lot = Lot.objects.create(
        call=call,
        number=3,
        title="Blueprint",
        allowed_durations=[4],
        min_programme_countries=2,
        min_full_partners=3,
    )
    lot.sectors.set([Sector.objects.get(code="C")])
    CompositionRequirement.objects.create(
        lot=lot, slug="vet", label="VET providers", min_count=2, kinds=["vet_provider"]
    )
    GrantCap.objects.create(lot=lot, duration_years=4, max_eur=4_000_000)
    return call


def test_eligibility_applies_every_rule_of_named_call(client, blueprint_call):
    body = {
        "call": "blueprint-test",
        "lot": 3,
        "duration_years": 4,
        "sector": "29",
        "requested_grant_eur": 4_500_000,
        "applicant": APPLICANT,
        "partners": [partner("FR", "vet_provider"), partner("IT")],
    }

    response = post(client, body)

    assert verdicts(response) == {
        "applicant_programme_country": True,
        "min_programme_countries": True,
        "min_full_partners": True,
        "composition:vet": True,
        "duration": True,
        "sector_allowed": True,
        "max_grant": False,
    }


def test_calls_lists_rules_of_each_lot(client, blueprint_call):
    response = client.get("/api/v1/calls")

    blueprint = next(c for c in response.json() if c["slug"] == "blueprint-test")
    assert blueprint["lots"] == [
        {
            "number": 3,
            "title": "Blueprint",
            "description": "",
            "allowed_durations": [4],
            "min_programme_countries": 2,
            "min_full_partners": 3,
            "partner_country_full_partners_count": False,
            "compositions": [
                {
                    "slug": "vet",
                    "label": "VET providers",
                    "min_count": 2,
                    "kinds": ["vet_provider"],
                    "per_country": False,
                    "partner_countries_count": False,
                }
            ],
            "max_grant_eur": [{"duration_years": 4, "max_eur": "4000000"}],
            "sectors": ["C"],
            "deadline": None,
        }
    ]
    assert [c["code"] for c in blueprint["programme_countries"]] == ["DE", "FR", "IT"]
    assert blueprint["applicant_rule"] == "different_sectors"


def test_calls_query_count_does_not_grow_with_lots(
    client, blueprint_call, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get("/api/v1/calls")
    Lot.objects.create(call=blueprint_call, number=4, title="More", allowed_durations=[2])

    with django_assert_num_queries(6):
        client.get("/api/v1/calls")


VALID = {"lot": 1, "duration_years": 3, "applicant": APPLICANT, "partners": [partner("FR")]}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ("{not json", {"body": ["The body is not valid JSON."]}),
        ("", {"body": ["This field is required."]}),
        (
            "[1, 2]",
            {"body": ["Input should be a valid dictionary or object to extract fields from"]},
        ),
        (
            {**VALID, "applicant": None},
            {"applicant": ["Input should be a valid dictionary or object to extract fields from"]},
        ),
        ({"lot": 1}, {"applicant": ["This field is required."]}),
        ({**VALID, "lot": "1"}, {"lot": ["Input should be a valid integer"]}),
        ({**VALID, "lot": True}, {"lot": ["Input should be a valid integer"]}),
        ({**VALID, "duration_years": 2.5}, {"duration_years": ["Input should be a valid integer"]}),
        ({**VALID, "lot": 9}, {"lot": ["No lot 9 in sector-skills-alliances; its lots: 1, 2, 3."]}),
        ({**VALID, "call": "erasmus-1987"}, {"call": ["Unknown call 'erasmus-1987'."]}),
        (
            {**VALID, "sector": "ZZ"},
            {"sector": ["Unknown sector 'ZZ' in sector-skills-alliances: use a NACE Rev. 2 code."]},
        ),
        (
            {**VALID, "applicant": {"country": "XX", "kind": "vet_provider"}},
            {
                "applicant.country": [
                    "Unknown country 'XX': use an ISO 3166-1 alpha-2 code such as 'DE'."
                ]
            },
        ),
        (
            {**VALID, "applicant": {"country": "DE"}},
            {"applicant.kind": ["This field is required."]},
        ),
        ({**VALID, "partners": {"FR": 1}}, {"partners": ["Input should be a valid list"]}),
        (
            {**VALID, "partners": [partner("FR", role="applicant")]},
            {"partners.0.role": ["Input should be 'full_partner' or 'associated_partner'"]},
        ),
        (
            {**VALID, "partners": [partner("FR"), {**partner("IT"), "vat": 1}]},
            {"partners.1.vat": ["Unknown field."]},
        ),
        (
            {**VALID, "applicant": {**APPLICANT, "pic": "94912345"}},
            {"applicant.pic": ["A PIC has exactly 9 digits, e.g. 949123456."]},
        ),
        (
            {**VALID, "partners": [{**partner("FR"), "pic": 949123456}]},
            {"partners.0.pic": ["Input should be a valid string"]},
        ),
        (
            {**VALID, "partners": [{**partner("FR"), "oid": "10123456"}]},
            {"partners.0.oid": ["An OID is E followed by 8 digits, e.g. E10123456."]},
        ),
        (
            {**VALID, "partners": [partner("FR")] * 501},
            {"partners": ["List should have at most 500 items after validation, not 501"]},
        ),
        (
            {**VALID, "requested_grant_eur": -1},
            {"requested_grant_eur": ["Input should be greater than or equal to 0"]},
        ),
        (
            {**VALID, "requested_grant_eur": 1_000_000.4},
            {
                "requested_grant_eur": [
                    "Input should be a valid integer, got a number with a fractional part"
                ]
            },
        ),
        (
            json.dumps(VALID)[:-1] + ', "requested_grant_eur": 1e400}',
            {"requested_grant_eur": ["Input should be a finite number"]},
        ),
        (
            {**VALID, "requested_grant_eur": 100_000_001},
            {"requested_grant_eur": ["Input should be less than or equal to 100000000"]},
        ),
        (
            {**VALID, "requested_grant_eur": True},
            {"requested_grant_eur": ["Input should be a valid integer"]},
        ),
        (
            {**VALID, "applicant": {"country": "ZZ ", "kind": "vet_provider"}},
            {
                "applicant.country": [
                    "Unknown country 'ZZ ': use an ISO 3166-1 alpha-2 code such as 'DE'."
                ]
            },
        ),
    ],
    ids=[
        "not-json",
        "empty-body",
        "not-an-object",
        "applicant-null",
        "missing-applicant",
        "lot-as-string",
        "lot-as-bool",
        "duration-as-float",
        "unknown-lot",
        "unknown-call",
        "unknown-sector",
        "unknown-country",
        "missing-kind",
        "partners-not-a-list",
        "partner-as-applicant",
        "unknown-field",
        "pic-of-8-digits",
        "pic-as-number",
        "oid-without-e",
        "501-partners",
        "negative-grant",
        "grant-with-cents",
        "grant-1e400",
        "grant-over-the-maximum",
        "grant-as-bool",
        "unknown-country-with-space",
    ],
)
def test_eligibility_bad_input_answers_400_naming_each_field(client, body, errors):
    response = post(client, body)

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Invalid request.", "errors": errors},
    )


def test_eligibility_unknown_kind_lists_the_kinds(client):
    response = post(client, {**VALID, "partners": [partner("FR", kind="robot")]})

    assert response.status_code == 400
    assert "'vet_provider'" in response.json()["errors"]["partners.0.kind"][0]


def test_eligibility_social_partner_names_the_kinds_that_replaced_it(client):
    body = {**VALID, "applicant": {"country": "DE", "kind": "social_partner"}}

    response = post(client, body)

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {
            "applicant.kind": [
                "'social_partner' is no longer a kind: "
                "use 'employers_organisation' or 'trade_union'."
            ]
        },
    )


def test_eligibility_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_eligibility_body_over_the_upload_limit_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = post(client, {**VALID, "partners": [partner("FR")] * 400})

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"body": ["The body is too large."]},
    )


def check_of(response, code):
    return next((c for c in response.json()["checks"] if c["code"] == code), None)


def test_eligibility_reads_codes_with_spaces_any_case_and_the_eus_el_and_uk(client):
    partners = [partner(" fr"), partner("uk"), partner("EL")]
    body = {"lot": 1, "duration_years": 2, "applicant": {**APPLICANT, "country": "de "}}

    response = post(client, {**body, "partners": partners})

    assert response.status_code == 200
    assert check_of(response, "min_programme_countries")["message"] == (
        "4 Programme countries, 4 needed: France, Germany, Greece, United Kingdom."
    )


def test_eligibility_takes_kosovo_as_a_partner_country(client):
    body = {**VALID, "applicant": {"country": "XK", "kind": "enterprise"}}

    response = post(client, body)

    assert response.status_code == 200
    assert check_of(response, "applicant_programme_country") == {
        "code": "applicant_programme_country",
        "passed": False,
        "message": "The applicant is in Kosovo, a Partner country of this call.",
        "hint": "Choose an applicant established in a Programme country; "
        "the current one can stay as a full partner.",
    }


@pytest.mark.parametrize(
    ("grant", "message", "hint"),
    [
        (4_000_000.0, "EUR 4,000,000 of at most EUR 4,000,000.", ""),
        ("4000001", "EUR 4,000,001 requested; the maximum is EUR 4,000,000.", "EUR 1."),
    ],
    ids=["whole-float-at-the-cap", "string-one-euro-over"],
)
def test_eligibility_grant_in_whole_euros_never_asks_to_lower_by_zero(
    client, blueprint_call, grant, message, hint
):
    body = {"call": "blueprint-test", "lot": 3, "duration_years": 4, "applicant": APPLICANT}

    response = post(client, {**body, "requested_grant_eur": grant})

    check = check_of(response, "max_grant")
    assert (check["message"], check["hint"].removeprefix("Lower the request by ")) == (
        message,
        hint,
    )


@pytest.mark.parametrize("applicant_rule", ["different_sectors", "one_per_call"])
def test_eligibility_without_identities_leaves_out_what_it_cannot_know(
    client, blueprint_call, applicant_rule
):
    Call.objects.filter(pk=blueprint_call.pk).update(applicant_rule=applicant_rule)
    body = {"call": "blueprint-test", "lot": 3, "applicant": APPLICANT, "partners": [partner("FR")]}

    response = post(client, body)

    codes = {check["code"] for check in response.json()["checks"]}
    assert response.status_code == 200
    assert (
        codes & {"unique_organisations", "applicant_sector_conflict", "applicant_once_per_call"}
        == set()
    )


def test_eligibility_same_pic_twice_fails_naming_both_places(client):
    body = {
        **VALID,
        "applicant": {**APPLICANT, "pic": "949123456"},
        "partners": [
            partner("FR"),
            {**partner("IT"), "pic": "949000001"},
            {**partner("DE"), "pic": " 949123456"},
        ],
    }

    response = post(client, body)

    assert response.json()["eligible"] is False
    assert check_of(response, "unique_organisations") == {
        "code": "unique_organisations",
        "passed": False,
        "message": "Listed more than once: the applicant and the 3rd partner.",
        "hint": "Remove the duplicate rows; an organisation takes one role only.",
    }


def test_eligibility_same_oid_is_the_same_organisation_even_beside_a_pic(client):
    body = {
        **VALID,
        "applicant": {**APPLICANT, "pic": "949123456", "oid": "E10123456"},
        "partners": [{**partner("FR"), "oid": "e10123456"}],
    }

    response = post(client, body)

    assert check_of(response, "unique_organisations")["message"] == (
        "Listed more than once: the applicant and the 1st partner."
    )


def test_eligibility_different_identities_pass_and_say_who_was_compared(client):
    body = {
        **VALID,
        "applicant": {**APPLICANT, "pic": "949123456"},
        "partners": [{**partner("FR"), "oid": "E10123456"}, partner("IT")],
    }

    response = post(client, body)

    assert check_of(response, "unique_organisations") == {
        "code": "unique_organisations",
        "passed": True,
        "message": "Every organisation identified appears once (2 of 3 members identified).",
        "hint": "Identify the others (PIC or OID) to compare them too.",
    }


def test_openapi_says_which_checks_a_stateless_request_leaves_out(client):
    document = client.get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/eligibility"]["post"]
    schemas = document["components"]["schemas"]
    assert (
        "`applicant_sector_conflict` and `applicant_once_per_call` (the applicant's other "
        "proposals are not known here)" in operation["description"]
    )
    assert "`unique_organisations` is present when members give a `pic`" in operation["description"]
    assert {"pic", "oid"} <= set(schemas["PartnerIn"]["properties"])
    assert schemas["EligibilityIn"]["properties"]["requested_grant_eur"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 100_000_000,
    }

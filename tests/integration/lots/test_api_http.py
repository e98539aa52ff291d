"""The JSON API over real HTTP (a live server and urllib), as an API client meets it."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.usefixtures("reference_data")

LOT_1_ELIGIBLE = {
    "lot": 1,
    "duration_years": 3,
    "sector": "10",
    "applicant": {"country": "DE", "kind": "vet_provider"},
    "partners": [
        {"country": "FR", "kind": "enterprise", "role": "full_partner"},
        {"country": "IT", "kind": "chamber", "role": "full_partner"},
        {"country": "ES", "kind": "vet_provider", "role": "full_partner"},
        {"country": "CH", "kind": "enterprise", "role": "associated_partner"},
    ],
}


def request(live_server, path, body=None, method="GET", content_type="application/json"):
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(
        live_server.url + path, data=data, method=method, headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.headers["Content-Type"], json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], json.loads(error.read())


def test_eligibility_over_http_answers_eligible_lot_1_consortium(live_server):
    status, content_type, body = request(live_server, "/api/v1/eligibility", LOT_1_ELIGIBLE, "POST")

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body["eligible"] is True
    assert [check["code"] for check in body["checks"]] == [
        "applicant_programme_country",
        "min_programme_countries",
        "duration",
    ]
    assert body["checks"][1] == {
        "code": "min_programme_countries",
        "passed": True,
        "message": "4 Programme countries, 4 needed: France, Germany, Italy, Spain.",
        "hint": "",
    }


def test_eligibility_over_http_names_bad_fields(live_server):
    body = {**LOT_1_ELIGIBLE, "partners": [{"country": "XX", "kind": "robot", "role": "boss"}]}

    status, _, answer = request(live_server, "/api/v1/eligibility", body, "POST")

    assert status == 400
    assert sorted(answer["errors"]) == ["partners.0.country", "partners.0.kind", "partners.0.role"]


def test_eligibility_over_http_refuses_non_json(live_server):
    status, _, answer = request(live_server, "/api/v1/eligibility", b"lot=1", "POST", "text/plain")

    assert (status, answer["errors"]) == (400, {"body": ["The body is not valid JSON."]})


def test_calls_over_http_lists_default_call_with_lots(live_server):
    status, _, calls = request(live_server, "/api/v1/calls")

    assert status == 200
    assert [(c["slug"], [lot["min_programme_countries"] for lot in c["lots"]]) for c in calls] == [
        ("sector-skills-alliances", [4, 8, 12])
    ]


def test_openapi_document_over_http_describes_both_operations(live_server):
    status, _, document = request(live_server, "/api/v1/openapi.json")

    assert status == 200
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/eligibility", "/api/v1/calls"} <= set(document["paths"])
    assert "400" in document["paths"]["/api/v1/eligibility"]["post"]["responses"]

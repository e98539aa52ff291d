"""Bad values in an imported export (API and import page) answer 400 naming the value's place
in the file, and the import saves nothing; random bodies never give a server error."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortia.models import Membership, Organisation, Proposal

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/proposals/import?call=sector-skills-alliances&lot=1"
NULL = "Null characters are not allowed."

# (place in the file, value, the message given there)
BAD_VALUES = [
    (
        "members.1.organisation.country",
        "ZZ",
        "Unknown country 'ZZ': use an ISO 3166-1 alpha-2 code such as 'DE'.",
    ),
    ("members.1.contact_email", "not-an-email", "Enter a valid email address."),
    ("members.1.role", "applicant", "A proposal has one applicant."),
    ("project.requested_grant_eur", 1e20, "Input should be less than or equal to 100000000"),
    ("project.requested_grant_eur", 100_000_001, "Input should be less than or equal to 100000000"),
    ("project.requested_grant_eur", 1e6 + 0.4, "Decimal input should have no more than 0 decimal"),
    ("project.acronym", "A" * 31, "String should have at most 30 characters"),
    ("members.1.contact_name", "n" * 151, "Ensure this value has at most 150 characters"),
    ("members.1.organisation.short_name", "s" * 61, "Ensure this value has at most 60"),
    ("members.1.organisation.website", "not a website", "Enter a valid URL."),
    ("members.1.organisation.kind", "vet_provider", "Only enterprises have a size."),
    ("members.1.organisation.kind", "robot", "Input should be"),
    ("members.1.role", "boss", "Input should be"),
    ("project.title", "Welding\x00", NULL),
    ("project.sector", "\x00", NULL),
    ("lot.call", "\x00", NULL),
    ("members.1.organisation.legal_name", "New\x00 SARL", NULL),
    ("members.1.organisation.city", "\x00", NULL),
    ("members.1.contact_name", "\x00", NULL),
]
# Where a refusal is named when it is about the row as a whole rather than one value.
ROW_ERRORS = {
    "A proposal has one applicant.": "members.1",
    "Only enterprises": "members.1.organisation",
}


def placed(path):
    """'members.1.role' -> ('members', 1, 'role')."""
    return tuple(int(part) if part.isdigit() else part for part in path.split("."))


def changed(document, path, value):
    body = copy.deepcopy(document)
    *parents, last = placed(path)
    value_in_place(body, parents)[last] = value
    return body


def member_names(proposal):
    return proposal.memberships.order_by("position").values_list(
        "organisation__legal_name", flat=True
    )


def row_counts():
    return [model.objects.count() for model in (Proposal, Organisation, Membership)]


@pytest.fixture
def document(coordinator_client, proposal):
    """The draft's JSON export, its partner (a small enterprise) an organisation the directory
    does not have yet, so that its data is validated, not matched."""
    body = coordinator_client.get(f"/api/v1/proposals/{proposal.pk}/export").json()
    body["members"][1]["organisation"].update(legal_name="Brand New SARL", pic=None, oid=None)
    return body


def expected_place(path, message):
    return next((row for start, row in ROW_ERRORS.items() if message.startswith(start)), path)


def test_the_unchanged_document_imports(coordinator_client, document):
    response = coordinator_client.post(
        IMPORT, json.dumps(document), content_type="application/json"
    )

    imported = Proposal.objects.get(pk=response.json()["id"])
    assert (imported.acronym, list(member_names(imported))) == (
        document["project"]["acronym"],
        [member["organisation"]["legal_name"] for member in document["members"]],
    )


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_VALUES, ids=[f"{p}={v!r:.12}" for p, v, _ in BAD_VALUES]
)
def test_api_import_names_the_bad_value_and_saves_nothing(
    coordinator_client, document, path, value, message
):
    before = row_counts()

    response = coordinator_client.post(
        IMPORT, json.dumps(changed(document, path, value)), content_type="application/json"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    place = expected_place(path, message)
    assert list(errors) == [place]
    assert errors[place][0].startswith(message)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_VALUES, ids=[f"{p}={v!r:.12}" for p, v, _ in BAD_VALUES]
)
def test_import_page_names_the_bad_value_and_saves_nothing(
    coordinator_client, document, lot_1, path, value, message
):
    before = row_counts()
    file = SimpleUploadedFile("export.json", json.dumps(changed(document, path, value)).encode())

    response = coordinator_client.post(
        reverse("consortia:proposal-import"), {"file": file, "lot": lot_1.pk}
    )

    assert response.status_code == 400
    place = expected_place(path, message)
    errors = response.context["form"].errors["file"]
    assert [error for error in errors if error.startswith(f"{place}: {message}")] != []
    assert row_counts() == before


def test_api_import_names_an_organisation_given_twice(coordinator_client, document):
    document["members"].append(copy.deepcopy(document["members"][1]))
    before = row_counts()

    response = coordinator_client.post(
        IMPORT, json.dumps(document), content_type="application/json"
    )

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"members.2.organisation": ["Brand New SARL appears twice."]},
    )
    assert row_counts() == before


# Random bodies: one value of a valid export replaced (or removed), posted with a valid lot.
# Text stays text and numbers numbers most of the time, so that most bodies pass the schema
# and reach the models; sometimes the value is of any type, or removed.

REMOVED = object()
TEXTS = [
    "\x00", "a\x00b", "\ud800", "ZZ", "de", "not-an-email", "x" * 1000, "", " ", "applicant",
    "enterprise", "vet_provider", "small", "public", '=HYPERLINK("http://evil")', "http://",
    "javascript:alert(1)", "999999999", "E12345678", "1e20", "C", "62",
]  # fmt: skip
NUMBERS = [1e20, 10**20, 2**63, -1, 0, 0.5, 7, 1e-20]
texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=300))
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers(), st.floats(allow_nan=False))
anything = st.one_of(
    texts,
    numbers,
    st.sampled_from([True, None, [], {}, REMOVED]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)


def leaves(node, path=()):
    if isinstance(node, dict):
        for key, child in node.items():
            yield from leaves(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from leaves(child, (*path, index))
    if path:
        yield path


def value_in_place(document, path):
    for part in path:
        document = document[part]
    return document


@pytest.fixture
def unlimited_imports(settings):
    """Three hundred imports in a row: past the hourly limit, which is tested elsewhere."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import": "1000/h", "api": "1000/m"}
    settings.RATE_LIMITS["organisations_per_user"] = "100000/h"


@pytest.mark.usefixtures("unlimited_imports")
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_import_bodies_never_give_a_server_error(coordinator_client, document, data):
    places = sorted(leaves(document), key=str)
    imported = [place for place in places if place[0] != "eligibility"]  # the rest is ignored
    path = data.draw(st.one_of(*[st.sampled_from(imported)] * 3, st.sampled_from(places)))
    original = value_in_place(document, path)
    like = texts if isinstance(original, str) else numbers
    value = data.draw(st.one_of(like, like, like, anything), label="value")
    body = copy.deepcopy(document)
    *parents, last = path
    target = value_in_place(body, parents)
    if value is REMOVED:
        del target[last]
    else:
        target[last] = value
    before = row_counts()

    response = coordinator_client.post(IMPORT, json.dumps(body), content_type="application/json")

    assert response.status_code in (201, 400)
    if response.status_code == 400:
        assert response.json()["errors"] != {}
        assert row_counts() == before

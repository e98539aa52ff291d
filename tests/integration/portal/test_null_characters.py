"""A null character, which PostgreSQL refuses in text, is never a 500: in a query string it
answers 400 naming the parameter (searches, the wizard, every admin list's search and filters,
the API's parameters), in a JSON body 400 naming the field, in a form a message beside the
field; a posted search drops it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from consortia.models import Organisation
from lots.choices import Role
from tests.factories import MembershipFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Null characters are not allowed."

# (URL name, whether it takes the proposal's id, the parameter)
PAGES = [
    ("consortia:organisation-list", False, "q"),
    ("consortia:organisation-list", False, "country"),
    ("consortia:dashboard", False, "q"),
    ("consortia:sector-suggestions", True, "sector"),
    ("consortia:applicant-search", True, "q"),
    ("consortia:partner-search", True, "q"),
    ("consortia:wizard-applicant", True, "q"),
    ("consortia:wizard-partners", True, "q"),
    ("consortia:wizard-partners", True, "add"),
    ("consortia:members-panel", True, "known"),
]


def filter_parameter(entry) -> str:
    """The query parameter of an admin list filter: a field name or (field, filter class)
    filters on ``<field>__exact``, a filter class names its own."""
    if isinstance(entry, str):
        return f"{entry}__exact"
    if isinstance(entry, tuple):
        return f"{entry[0]}__exact"
    return entry.parameter_name


ADMIN_LISTS = [
    (f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist", parameter)
    for model, model_admin in admin.site._registry.items()
    for parameter in ["q", *(filter_parameter(entry) for entry in model_admin.list_filter)]
]


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def proposal(coordinator):
    proposal = ProposalFactory(owner=coordinator)
    MembershipFactory(proposal=proposal, role=Role.APPLICANT)
    return proposal


def assert_refused_naming(response, field):
    assert response.status_code == 400
    assert f"“{field}”: {MESSAGE}" in response.text


@pytest.mark.parametrize(
    ("name", "takes_id", "parameter"), PAGES, ids=[f"{n}-{p}" for n, _, p in PAGES]
)
def test_null_character_in_a_page_query_is_refused_naming_it(
    client, coordinator, proposal, name, takes_id, parameter
):
    client.force_login(coordinator)
    url = reverse(name, args=[proposal.pk] if takes_id else [])

    response = client.get(url, {parameter: "welding\x00"})

    assert_refused_naming(response, parameter)


@pytest.mark.parametrize(
    ("name", "parameter"), ADMIN_LISTS, ids=[f"{n[6:]}-{p}" for n, p in ADMIN_LISTS]
)
def test_null_character_in_an_admin_list_search_or_filter_is_refused(client, name, parameter):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse(name), {parameter: "\x00"})

    assert_refused_naming(response, parameter)


def test_null_character_in_posted_search_is_dropped(client, coordinator, proposal):
    Organisation.objects.create(legal_name="Welding Academy", country="FR", kind="vet_provider")
    client.force_login(coordinator)

    response = client.post(
        reverse("consortia:wizard-partners", args=[proposal.pk]), {"q": "Weld\x00ing", "search": ""}
    )

    assert (response.status_code, response.context["query"]) == (200, "Welding")
    assert [o.legal_name for o in response.context["results"]] == ["Welding Academy"]


def test_null_character_in_a_form_is_refused_beside_the_field(client, coordinator):
    client.force_login(coordinator)
    data = {"legal_name": "Null\x00 GmbH", "country": "DE", "kind": "vet_provider"}

    response = client.post(reverse("consortia:organisation-create"), data)

    assert response.context["form"].errors == {"legal_name": [MESSAGE]}
    assert Organisation.objects.filter(legal_name__startswith="Null").exists() is False


def test_null_character_in_the_import_parameters_is_refused_as_json(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/api/v1/proposals/import?call=ssa%00&lot=1", "{}", content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Invalid request.", "errors": {"call": [MESSAGE]}},
    )


@pytest.mark.parametrize("field", ["call", "sector"])
def test_null_character_in_the_eligibility_body_is_refused_naming_the_field(client, field):
    body = {"lot": 1, "applicant": {"country": "DE", "kind": "vet_provider"}, field: "C\x00"}

    response = client.post("/api/v1/eligibility", body, content_type="application/json")

    assert (response.status_code, response.json()["errors"]) == (400, {field: [MESSAGE]})

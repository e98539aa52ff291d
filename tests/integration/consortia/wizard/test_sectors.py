"""The Sector box of the wizard's project step: what people type saves the sector it names,
unclear text gets an error that lists the candidates, and the suggestion endpoint answers the
proposal's coordinator only, in a fixed number of queries."""

import html
import re

import pytest
from django.urls import reverse

from consortia.models import Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Welding futures",
    "acronym": "WELD",
    "occupational_profiles": "Welder",
    "duration_years": "3",
    "version": 1,
}
METAL_25 = "25: Manufacture of fabricated metal products, except machinery and equipment"


def project_url(proposal):
    return reverse("consortia:wizard-project", args=[proposal.pk])


def suggestions_url(proposal):
    return reverse("consortia:sector-suggestions", args=[proposal.pk])


def options(response):
    """The suggested labels, in order."""
    return [html.unescape(value) for value in re.findall(r'data-value="([^"]*)"', response.text)]


# The project step


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("welding", "25"),
        ("metal products", "25"),
        ("Metal Product", "25"),
        ("C25", "25"),
        ("c 25", "25"),
        ("25.62", "25"),
        (METAL_25, "25"),
        ("C", "C"),
        ("C: Manufacturing", "C"),
        ("bakery", "10"),
        ("Education", "85"),
    ],
    ids=[
        "welding",
        "metal products",
        "Metal Product",
        "C25",
        "c 25",
        "25.62",
        "label",
        "section",
        "section label",
        "keyword",
        "section twin",
    ],
)
def test_project_step_typed_sector_saves_the_sector_it_names(
    coordinator_client, proposal, typed, code
):
    response = coordinator_client.post(project_url(proposal), {**PROJECT, "sector": typed})

    proposal.refresh_from_db()
    assert (response.status_code, proposal.sector.code) == (302, code)


def test_project_step_ambiguous_sector_lists_candidates_and_keeps_typed_fields(
    coordinator_client, proposal
):
    response = coordinator_client.post(project_url(proposal), {**PROJECT, "sector": "metal"})

    message = (
        'Several sectors match "metal": 07: Mining of metal ores, 24: Manufacture of basic '
        f"metals, {METAL_25}; type one of them."
    )
    assert response.context["form"].errors == {"sector": [message]}
    page = html.unescape(response.text)
    assert message in page
    assert 'value="Welding futures"' in page
    assert 'value="metal"' in page
    assert ">\nWelder</textarea>" in page
    assert Proposal.objects.get(pk=proposal.pk).acronym == "DRAFT"


def test_project_step_sector_matching_many_lists_five_and_counts_the_rest(
    coordinator_client, proposal
):
    response = coordinator_client.post(
        project_url(proposal), {**PROJECT, "sector": "manufacture of"}
    )

    assert response.context["form"].errors["sector"] == [
        'Several sectors match "manufacture of": 10: Manufacture of food products, '
        "11: Manufacture of beverages, 12: Manufacture of tobacco products, "
        "13: Manufacture of textiles, 14: Manufacture of wearing apparel and 16 more; "
        "type one of them."
    ]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (
            "x" * 10_000,
            f'No sector matches "{"x" * 40}…": type a NACE code such as C25 or a word of its name.',
        ),
        ("metal\x00products", "Null characters are not allowed."),
        (
            "<script>alert(1)</script>",
            'No sector matches "<script>alert(1)</script>": type a NACE code such as C25 or a '
            "word of its name.",
        ),
        (
            "'; DROP TABLE lots_sector; --",
            'No sector matches "\'; DROP TABLE lots_sector; --": type a NACE code such as C25 '
            "or a word of its name.",
        ),
        ("A25", 'No sector matches "A25": type a NACE code such as C25 or a word of its name.'),
    ],
    ids=["10000 chars", "nul", "markup", "sql", "division of another section"],
)
def test_project_step_bad_sector_shows_error_and_saves_nothing(
    coordinator_client, proposal, typed, error
):
    response = coordinator_client.post(project_url(proposal), {**PROJECT, "sector": typed})

    assert response.status_code == 200
    assert response.context["form"].errors == {"sector": [error]}
    assert "<script>alert(1)</script>" not in response.text
    assert Proposal.objects.get(pk=proposal.pk).sector is None


def test_project_page_keeps_datalist_for_browsers_without_javascript(coordinator_client, proposal):
    response = coordinator_client.get(project_url(proposal))

    assert f'<option value="{html.escape(METAL_25)}"></option>' in response.text
    assert 'list="sector-options"' in response.text
    assert f'hx-get="{suggestions_url(proposal)}"' in response.text


# The suggestion endpoint


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("weld", [METAL_25]),
        (
            "metal",
            [
                "07: Mining of metal ores",
                "24: Manufacture of basic metals",
                METAL_25,
                "23: Manufacture of other non-metallic mineral products",
            ],
        ),
        ("C25", [METAL_25]),
        ("education", ["P: Education", "85: Education"]),
    ],
    ids=["weld", "metal", "C25", "education"],
)
def test_sector_suggestions_list_matches_best_first(coordinator_client, proposal, typed, expected):
    response = coordinator_client.get(suggestions_url(proposal), {"sector": typed})

    assert options(response) == expected
    assert 'role="listbox"' in response.text


def test_sector_suggestions_show_at_most_eight(coordinator_client, proposal):
    response = coordinator_client.get(suggestions_url(proposal), {"sector": "man"})

    assert options(response) == [
        "C: Manufacturing",
        "10: Manufacture of food products",
        "11: Manufacture of beverages",
        "12: Manufacture of tobacco products",
        "13: Manufacture of textiles",
        "14: Manufacture of wearing apparel",
        "15: Manufacture of leather and related products",
        "16: Manufacture of wood and of products of wood and cork, except furniture; "
        "manufacture of articles of straw and plaiting materials",
    ]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("", ""),
        ("   ", ""),
        (
            "xyzzy",
            'No sector matches "xyzzy": type a NACE code such as C25 or a word of its name.',
        ),
        (
            "x" * 10_000,
            f'No sector matches "{"x" * 40}…": type a NACE code such as C25 or a word of its name.',
        ),
        # A null character answers 400: tests/integration/portal/test_null_characters.py.
    ],
    ids=["empty", "blank", "junk", "10000 chars"],
)
def test_sector_suggestions_without_match_say_so(coordinator_client, proposal, typed, text):
    response = coordinator_client.get(suggestions_url(proposal), {"sector": typed})

    assert (response.status_code, options(response)) == (200, [])
    assert html.unescape(re.sub(r"<[^>]+>", "", response.text)).strip() == text


def test_sector_suggestions_of_another_coordinators_proposal_are_404(client, proposal):
    client.force_login(UserFactory())

    response = client.get(suggestions_url(proposal), {"sector": "weld"})

    assert response.status_code == 404


def test_sector_suggestions_ask_anonymous_users_to_sign_in(client, proposal):
    response = client.get(suggestions_url(proposal), {"sector": "weld"})

    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_sector_suggestions_refuse_post(coordinator_client, proposal):
    assert coordinator_client.post(suggestions_url(proposal), {"sector": "weld"}).status_code == 405


@pytest.mark.parametrize("typed", ["weld", "man"], ids=["one", "eight"])
def test_sector_suggestions_queries(coordinator_client, proposal, typed, django_assert_num_queries):
    # The session, the user, the proposal's owner, the sectors.
    with django_assert_num_queries(3):
        response = coordinator_client.get(suggestions_url(proposal), {"sector": typed})

    assert options(response)

"""The directory search at scale: accents and case ignored, PIC and OID matched exactly, the
indexes of migration 0011 used (EXPLAIN), a bounded count, and queries that do not grow."""

import pytest
from django.db import connection
from django.urls import reverse

from consortia import selectors
from consortia.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("consortia:organisation-list")
NAMES = ["Lycée professionnel", "Istituto Tecnico", "Cámara de Comercio", "Berufsschule"]


def names(response):
    return [o.legal_name for o in response.context["page"]]


@pytest.fixture
def large_directory():
    """2,000 organisations in ten countries, analysed, so the planner sees a real table; 20 are
    chambers (a word rare enough that walking the list by name would read most of it)."""
    countries = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "FI", "PT"]
    Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"{'Handwerkskammer' if number % 100 == 0 else NAMES[number % 4]} {number}",
            country=countries[number % len(countries)],
            kind="vet_provider",
            pic=str(900_000_000 + number),
            oid=f"E{10_000_000 + number}",
            city=f"City {number}",
        )
        for number in range(2_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consortia_organisation")


def plan(queryset):
    """The plan with sequential scans priced out, so it shows whether an index can serve the
    query (its expression matches the index's); on 2,000 rows the planner may still prefer
    reading the table, which is not what this pins (bench/directory.py measures 100,000). A
    query no index can serve still shows a Seq Scan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset[:25].explain()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lycee", ["Lycée professionnel de Nîmes"]),
        ("LYCÉE nimes", ["Lycée professionnel de Nîmes"]),
        ("kammer", ["Handwerkskammer München"]),
        ("munchen", ["Handwerkskammer München"]),
        ("strasse", ["Bildungswerk Straße"]),
        ("Koln", ["Berufskolleg"]),
        ("100%", []),
    ],
    ids=["accent", "case-and-two-words", "inside-a-word", "umlaut", "sharp-s", "city", "percent"],
)
def test_search_ignores_accents_and_case(coordinator_client, query, expected):
    OrganisationFactory(legal_name="Lycée professionnel de Nîmes", country="FR")
    OrganisationFactory(legal_name="Handwerkskammer München", country="DE")
    OrganisationFactory(legal_name="Bildungswerk Straße", country="DE")
    OrganisationFactory(legal_name="Berufskolleg", country="DE", city="Köln")
    OrganisationFactory(legal_name="Lyceum 100 Warszawa", country="PL")

    assert names(coordinator_client.get(LIST, {"q": query})) == expected


def test_pic_and_oid_match_exactly_not_inside_names(coordinator_client):
    OrganisationFactory(legal_name="Exact", pic="949000001", oid="E10000002")
    OrganisationFactory(legal_name="Named 949000001 E10000002")

    found = [names(coordinator_client.get(LIST, {"q": q})) for q in ("949000001", "e10000002")]

    assert found == [["Exact"], ["Exact"]]


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: selectors.organisations_matching("kammer"), "organisation_search_trgm"),
        (lambda: selectors.organisations_matching("900001234"), "consortia_organisation_pic"),
        (lambda: selectors.organisations_matching("E10001234"), "consortia_organisation_oid"),
        (lambda: selectors.organisations_matching(country="FR"), "organisation_by_country"),
        (lambda: selectors.organisations_matching(), "organisation_by_name"),
    ],
    ids=["name", "pic", "oid", "country", "all"],
)
def test_searches_use_an_index(large_directory, queryset, index):
    explained = plan(queryset())

    assert index in explained, explained
    assert "Seq Scan" not in explained, explained


def test_more_than_1000_matches_are_counted_as_such_and_paged_to_the_thousandth(
    coordinator_client, large_directory
):
    first = coordinator_client.get(LIST)
    last = coordinator_client.get(LIST, {"page": 40})
    beyond = coordinator_client.get(LIST, {"page": 41})

    assert "More than 1000 organisations" in first.text
    assert "Page 1 of 40" in first.text
    assert (len(names(last)), names(beyond)) == (25, names(last))


@pytest.mark.parametrize("matches", [1, 3, 30], ids=["one", "three", "thirty"])
def test_directory_page_queries_do_not_grow_with_matches(
    coordinator_client, matches, django_assert_num_queries
):
    OrganisationFactory.create_batch(matches, legal_name="Handwerkskammer")

    with django_assert_num_queries(4):
        response = coordinator_client.get(LIST, {"q": "kammer", "country": "", "page": 1})

    assert len(names(response)) == min(matches, 25)

"""The rules are read once, not per request (``lots.catalogue``): no query while they are
unchanged, and a change, by the admin or otherwise, is seen by the next request of every
process."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from lots import catalogue
from lots.models import Call, CompositionRequirement, Lot
from lots.selectors import lot_rules
from tests.integration.lots.test_call_sectors import call_form

API = "/api/v1/eligibility"
BODY = {
    "call": "blueprint-2021",
    "lot": 1,
    "duration_years": 2,
    "applicant": {"country": "DE", "kind": "vet_provider"},
    "partners": [{"country": "FR", "kind": "enterprise", "role": "full_partner"}],
}


def blueprint():
    call = Call.objects.create(
        slug="blueprint-2021", title="Blueprint 2021", year=2021, programme_countries=["DE", "FR"]
    )
    return Lot.objects.create(
        call=call, number=1, title="All", allowed_durations=[2], min_programme_countries=2
    )


def check(client):
    response = client.post(API, BODY, content_type="application/json")
    return {item["code"]: item["passed"] for item in response.json()["checks"]}


@pytest.mark.django_db
def test_the_eligibility_api_makes_no_query_while_the_rules_are_unchanged(
    client, django_assert_num_queries
):
    blueprint()
    check(client)

    with django_assert_num_queries(0):
        answer = check(client)

    assert answer["min_programme_countries"] is True


@pytest.mark.django_db
def test_a_change_to_a_lots_rules_is_seen_by_the_next_request(client):
    lot = blueprint()
    assert check(client)["min_programme_countries"] is True

    CompositionRequirement.objects.create(
        lot=lot, slug="vet", label="VET providers", min_count=2, kinds=["vet_provider"]
    )
    lot.min_programme_countries = 3
    lot.save()

    answer = check(client)
    assert (answer["min_programme_countries"], answer["composition:vet"]) == (False, False)


@pytest.mark.django_db
def test_rules_come_from_the_database_while_the_cache_is_unreachable(client):
    lot = blueprint()
    check(client)
    breaker = cache._cache.breaker
    breaker.trip(60)
    try:
        lot.min_programme_countries = 3
        lot.save()

        assert lot_rules(lot).min_programme_countries == 3
        assert check(client)["min_programme_countries"] is False
    finally:
        breaker.reset()


@pytest.mark.django_db
def test_a_catalogue_lost_from_the_cache_is_read_again(client):
    lot = blueprint()
    check(client)
    Lot.objects.filter(pk=lot.pk).update(min_programme_countries=3)  # no signal: no new token

    cache.delete(catalogue.TOKEN_KEY)  # as when Redis restarts, or the token expires

    assert check(client)["min_programme_countries"] is False


READER = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lots import catalogue
for line in sys.stdin:
    with CaptureQueriesContext(connection) as queries:
        rules = catalogue.current().calls["blueprint-2021"].lots[1].rules
    print(json.dumps({"countries": sorted(rules.programme_countries), "queries": len(queries)}))
    sys.stdout.flush()
"""


@pytest.fixture
def other_process():
    """Another process of the portal, as another gunicorn worker, on the same database and
    cache: each line written to it answers the catalogue's Programme countries for Blueprint
    2021 Lot 1, and how many queries reading them took."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    reader = subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "-c", READER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
    )

    def ask():
        reader.stdin.write("read\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())

    yield ask
    reader.stdin.close()
    reader.wait(timeout=10)
    reader.stdout.close()


@pytest.mark.django_db(transaction=True)
def test_an_admin_change_is_seen_by_the_next_read_of_another_process(admin_client, other_process):
    blueprint()
    assert other_process()["countries"] == ["DE", "FR"]
    assert other_process()["queries"] == 0

    response = admin_client.post(
        reverse("admin:lots_call_change", args=[Call.objects.get(slug="blueprint-2021").pk]),
        call_form(Call.objects.get(slug="blueprint-2021"), programme_countries=["DE", "FR", "PL"]),
    )
    assert response.status_code == 302

    assert other_process()["countries"] == ["DE", "FR", "PL"]
    assert other_process()["queries"] == 0

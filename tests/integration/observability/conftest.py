"""Fixtures of the observability tests: the metrics endpoint's token, a scrape read with
Prometheus's own parser, a consortium with a partner to invite or export, and the log lines
the portal writes, as JSON."""

import io
import json
import logging
import os
import time

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from lots.choices import Role
from lots.models import Lot
from portal.logs import JsonFormatter, RequestIdFilter
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


class Scrape:
    """A scrape's samples, as Prometheus reads them."""

    def __init__(self, text: str) -> None:
        self.samples = [
            sample for family in text_string_to_metric_families(text) for sample in family.samples
        ]

    def value(self, name: str, **labels: str) -> float:
        """The sample's value (0 when absent: a counter nothing has counted yet)."""
        found = [s.value for s in self.samples if s.name == name and s.labels == labels]
        assert len(found) <= 1, found
        return found[0] if found else 0.0


@pytest.fixture
def scrape(client, metrics_token):
    def scraped() -> Scrape:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        return Scrape(response.content.decode())

    return scraped


@pytest.fixture
def partner(reference_data):
    """A proposal with its applicant and one partner to invite."""
    proposal = ProposalFactory(
        owner=UserFactory(), lot=Lot.objects.get(call__is_default=True, number=1), acronym="WATCH"
    )
    MembershipFactory(proposal=proposal, organisation=OrganisationFactory(), role=Role.APPLICANT)
    return MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Lyon Metal", country="FR"),
        contact_email="contact@lyon.example.org",
    )


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.02)
    return result


def child_environment(**extra: str) -> dict[str, str]:
    """The run's environment for a process of the portal (gunicorn, a worker) on the test
    database."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": url, **extra}


class LogLines:
    """What the root logger wrote through the portal's JSON formatter, one object a line."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def all(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def wait_for(self, start: str, timeout: float = 20) -> dict:
        """The first line whose message starts so, once it is written."""
        return wait_until(
            lambda: next((line for line in self.all() if line["message"].startswith(start)), None),
            timeout,
        )


@pytest.fixture
def json_log():
    lines = LogLines()
    handler = logging.StreamHandler(lines.stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    yield lines
    logging.getLogger().removeHandler(handler)

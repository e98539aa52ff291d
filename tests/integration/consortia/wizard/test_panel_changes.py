"""The live panel says what changed, briefly: an unchanged panel is answered 204 (htmx swaps
nothing), a changed one carries one short sentence for the polite live region #panel-news, and
the panel itself is not a live region."""

import re
from html import unescape

import pytest

from lots.choices import Role

from .test_wizard import PROJECT, partner_data, url

pytestmark = pytest.mark.django_db


def signature(response):
    return re.search(r'name="panel_state" id="panel-state" value="([^"]*)"', response.text)[1]


def news(response):
    found = re.search(r'<div id="panel-news" hx-swap-oob="innerHTML">(.*?)</div>', response.text)
    return unescape(found[1]) if found else None


def test_panel_is_not_a_live_region_and_has_an_empty_one_beside_it(coordinator_client, proposal):
    page = coordinator_client.get(url("wizard-partners", proposal)).text

    panel = re.search(r'<div class="card-body" id="eligibility-panel"[^>]*>', page)[0]
    assert "aria-live" not in panel
    assert re.search(r'<div id="panel-news"[^>]*aria-live="polite"[^>]*></div>', page)


def test_unchanged_panel_is_answered_204(coordinator_client, proposal, directory):
    rows = [(directory["FR", "enterprise"], Role.FULL_PARTNER)]
    first = coordinator_client.post(
        url("eligibility-check", proposal, "partners"), partner_data(proposal, rows)
    )

    again = coordinator_client.post(
        url("eligibility-check", proposal, "partners"),
        {**partner_data(proposal, rows), "panel_state": signature(first)},
    )

    assert (first.status_code, again.status_code, again.content) == (200, 204, b"")


def test_a_flipped_check_is_announced_in_one_short_sentence(
    coordinator_client, proposal, directory
):
    page = coordinator_client.get(url("wizard-partners", proposal))
    rows = [(directory[c, "enterprise"], Role.FULL_PARTNER) for c in ("FR", "IT", "ES")]

    response = coordinator_client.post(
        url("eligibility-check", proposal, "partners"),
        {**partner_data(proposal, rows), "panel_state": signature(page)},
    )

    report = response.context["report"]
    assert news(response) == (
        "Programme countries: now passes, 4 of 4. "
        f"{len(report.failed)} of {len(report.checks)} checks "
        f"{'fails' if len(report.failed) == 1 else 'fail'}."
    )


def test_a_count_that_changes_without_flipping_is_said_with_its_figure(
    coordinator_client, proposal, directory
):
    page = coordinator_client.get(url("wizard-partners", proposal))
    rows = [(directory[c, "enterprise"], Role.FULL_PARTNER) for c in ("FR", "IT")]

    response = coordinator_client.post(
        url("eligibility-check", proposal, "partners"),
        {**partner_data(proposal, rows), "panel_state": signature(page)},
    )

    assert news(response) == "Programme countries: 3 of 4. 2 of 6 checks fail."


def test_a_change_that_flips_nothing_announces_nothing(coordinator_client, proposal):
    page = coordinator_client.get(url("wizard-project", proposal))

    response = coordinator_client.post(
        url("eligibility-check", proposal, "project"),
        {**PROJECT, "version": 1, "title": "Another title", "panel_state": signature(page)},
    )

    assert response.status_code == 204 or news(response) == ""

"""A coordinator works through an outage of the queue, in Chromium with the real worker and
SMTP server: while the broker cannot be reached the invitations and the export are saved and
the pages say they will go out by themselves; once it is back, the sweep publishes them, each
partner gets one email, and the export page shows the download without a reload."""

import time

import pytest
from playwright.sync_api import expect

from outbox.models import Intent
from tests.browser.conftest import three_partner_draft
from tests.conftest import assert_integrity_clean

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker")


@pytest.fixture
def proposal(live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url
    settings.MEMBERS_POLL_SECONDS = 1
    return three_partner_draft("OUTAGE")


QUEUED = "will go out by themselves as soon as it is back"


def test_invitations_and_export_during_an_outage_go_out_once_it_is_over(
    page, live_server, sign_in, smtp, proposal, broker_switch, request
):
    sign_in(proposal.owner)
    broker_switch.down()
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")

    page.get_by_role("button", name="Invite every partner not invited yet").click()
    expect(page.get_by_text("3 invitations are on their way.")).to_be_visible()
    expect(page.get_by_text(QUEUED)).to_be_visible()
    expect(page.locator('[data-member="Lyon Metal"]')).to_have_attribute("data-state", "queued")
    page.get_by_role("button", name="PDF sheet").click()
    expect(page.get_by_text(QUEUED)).to_be_visible()
    expect(page.locator("#job-status")).to_contain_text("Queued")
    assert Intent.objects.filter(published_at__isnull=True).count() == 4

    broker_switch.up()
    request.getfixturevalue("sweeper")

    expect(page.get_by_role("link", name="Download")).to_be_visible(timeout=30_000)
    messages = smtp.wait_for(3)
    time.sleep(1)  # the sweep goes on: nothing more is sent
    assert sorted(m["To"] for m in messages) == [
        "contact@es.example.org",
        "contact@fr.example.org",
        "contact@it.example.org",
    ]
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/review/")
    expect(page.locator('[data-member="Lyon Metal"]')).to_have_attribute("data-state", "sent")
    assert not Intent.objects.filter(done_at__isnull=True).exists()
    assert_integrity_clean()

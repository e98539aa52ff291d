"""Redis frozen (SIGSTOP: connections are accepted, nothing is answered) while a coordinator
works: pages answer at once, an invitation answers within the broker's timeout and says it is
queued; once Redis thaws the web publishes again and every partner gets one email."""

import time

from django.urls import reverse

from consortia.models import Invitation
from tests.integration.faults.conftest import (
    PICKUP_SECONDS,
    QUEUED,
    SWEEP_SECONDS,
    all_done,
    contact,
    draft,
    save_and_invite,
    timed,
    wait_for,
)
from tests.page_text import visible_text


def test_redis_frozen_pages_answer_and_invitations_go_once_thawed(
    web_broker, start_worker, inbox, coordinator, coordinator_client, client, settings
):
    settings.OUTBOX_BREAKER_SECONDS = 1  # publish again soon after the thaw
    start_worker()
    wait_for(web_broker.consumers, timeout=30)
    proposal = draft(coordinator, "FROZEN")
    first = save_and_invite(coordinator_client, proposal, ["IT"])  # publishes before the freeze
    inbox.wait_for(1)

    web_broker.freeze()
    pages = {
        "dashboard": timed(lambda: coordinator_client.get(reverse("consortia:dashboard"))),
        "review step": timed(
            lambda: coordinator_client.get(reverse("consortia:wizard-review", args=[proposal.pk]))
        ),
        "health": timed(lambda: client.get(reverse("health"))),
        "ready": timed(lambda: client.get(reverse("ready"))),
        "save and invite": timed(
            lambda: save_and_invite(coordinator_client, proposal, ["FR", "PL", "NL"])
        ),
        "dashboard again": timed(lambda: coordinator_client.get(reverse("consortia:dashboard"))),
    }
    time.sleep(2)  # frozen a little longer: beat's sweeps fail too
    web_broker.thaw()
    thawed = save_and_invite(coordinator_client, proposal, ["AT"])

    print("seconds:", {name: round(page.seconds, 2) for name, page in pages.items()})
    # Bounded by the broker's 1 s socket timeout (one publish, then the breaker opens) plus the
    # page's own work, on a CI machine running four test processes: never the 30 s of a hang.
    assert {name: page.seconds < 3 for name, page in pages.items()} == dict.fromkeys(pages, True)
    assert {name: page.status_code for name, page in pages.items()} == {
        **dict.fromkeys(pages, 200),
        "ready": 503,
    }
    assert pages["ready"].json()["checks"]["broker"]["ok"] is False
    assert "FROZEN" in visible_text(pages["dashboard"])
    assert "Saved. 3 invitations are on their way." in visible_text(pages["save and invite"])
    assert QUEUED in visible_text(pages["save and invite"])
    assert QUEUED not in visible_text(first)
    assert QUEUED not in visible_text(thawed)
    inbox.wait_for(5, timeout=30)
    all_done()
    time.sleep(2 * SWEEP_SECONDS + PICKUP_SECONDS)  # sweeps go on: nothing more is sent
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        contact("FROZEN", country) for country in ("IT", "FR", "PL", "NL", "AT")
    )
    assert set(Invitation.objects.values_list("status", flat=True)) == {"sent"}

"""The worker killed, then Redis restarted while invitations wait in it: Redis keeps nothing on
disk, so the messages are lost; beat's sweep publishes them again from the outbox,
and each partner gets one email."""

import time

from tests.integration.faults.conftest import (
    QUEUED,
    draft,
    one_email_each,
    save_and_invite,
    wait_for,
)
from tests.page_text import visible_text


def test_messages_lost_with_redis_are_published_again_and_sent_once(
    web_broker, start_worker, inbox, coordinator, coordinator_client
):
    worker = start_worker()
    wait_for(web_broker.consumers, timeout=30)
    worker.kill()
    wait_for(lambda: web_broker.consumers() == 0)
    proposal = draft(coordinator, "LOST")

    page = save_and_invite(coordinator_client, proposal, ["FR", "IT", "ES"])
    waiting = web_broker.queued()
    web_broker.stop()
    web_broker.start()
    left = web_broker.queued()
    start_worker()
    began = time.monotonic()

    assert "Saved. 3 invitations are on their way." in visible_text(page)
    assert QUEUED not in visible_text(page)
    assert (waiting.count("consortia.send_invitation"), left) == (3, [])
    inbox.wait_for(3, timeout=30)
    print(f"sent {time.monotonic() - began:.1f} s after the worker started")
    one_email_each(inbox, "LOST")

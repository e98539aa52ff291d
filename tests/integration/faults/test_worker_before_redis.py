"""A worker that starts while Redis is down waits for it (publishers try once, the worker
for as long as it takes), and does the queued work once Redis is up."""

import time

from tests.integration.faults.conftest import (
    QUEUED,
    draft,
    one_email_each,
    save_and_invite,
)
from tests.page_text import visible_text


def test_worker_started_before_redis_connects_and_sends_once(
    web_broker, start_worker, inbox, coordinator, coordinator_client
):
    web_broker.stop()
    worker = start_worker()
    proposal = draft(coordinator, "LATE")
    page = save_and_invite(coordinator_client, proposal, ["FR", "IT", "ES"])
    time.sleep(3)  # the worker is up and cannot connect
    waited = worker.alive()

    web_broker.start()
    back = time.monotonic()

    assert waited
    assert QUEUED in visible_text(page)
    inbox.wait_for(3, timeout=30)
    print(f"sent {time.monotonic() - back:.1f} s after Redis came up")
    one_email_each(inbox, "LATE")
    assert web_broker.consumers() == 1

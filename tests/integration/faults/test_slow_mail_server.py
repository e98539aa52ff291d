"""A mail server that stores each message but answers after the client stopped waiting: every
attempt counts as failed and is tried again, so partners may get an invitation more than once;
every email of one partner carries the same link, and that link works."""

from collections import defaultdict

from django.test import Client

from consortia.models import Invitation
from tests.integration.faults.conftest import (
    SMTP_TIMEOUT,
    all_done,
    draft,
    link_in,
    member_states,
    save_and_invite,
    wait_for,
)
from tests.page_text import visible_text


def links_by_partner(inbox) -> dict[str, list[str]]:
    links = defaultdict(list)
    for message in inbox.messages:
        links[message["To"]].append(link_in(message))
    return links


def test_late_smtp_answers_leave_one_working_link_per_partner(
    web_broker, start_worker, inbox, coordinator, coordinator_client
):
    inbox.delay = SMTP_TIMEOUT + 0.5
    start_worker()
    wait_for(web_broker.consumers, timeout=30)
    proposal = draft(coordinator, "SLOW")

    save_and_invite(coordinator_client, proposal, ["FR", "IT", "ES"])
    wait_for(
        lambda: len(links := links_by_partner(inbox)) == 3 and min(map(len, links.values())) >= 2,
        timeout=30,
    )
    retrying = member_states(coordinator_client, proposal)
    errors = list(Invitation.objects.values_list("last_error", flat=True))
    inbox.delay = 0  # the server answers in time again
    wait_for(lambda: set(Invitation.objects.values_list("status", flat=True)) == {"sent"})
    all_done()

    links = links_by_partner(inbox)
    print("emails per partner:", {email: len(sent) for email, sent in links.items()})
    assert retrying == {f"SLOW {country}": "queued" for country in ("FR", "IT", "ES")}
    assert all("timed out" in error for error in errors)
    assert member_states(coordinator_client, proposal) == {
        f"SLOW {country}": "sent" for country in ("FR", "IT", "ES")
    }
    assert {email: len(set(sent)) for email, sent in links.items()} == dict.fromkeys(links, 1)
    assert dict(Invitation.objects.values_list("email", "attempts")) == {
        email: len(sent) for email, sent in links.items()
    }
    for email, (link, *_same) in links.items():
        page = Client().get(link)
        assert (email, page.status_code) == (email, 200)
        assert "You are invited to join SLOW" in visible_text(page)

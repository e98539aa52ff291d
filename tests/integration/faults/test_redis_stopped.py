"""Redis stopped while people work: every action answers, commits its change and says the work
is queued; once Redis is back the work is done by itself, once."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consortia import services
from consortia.models import ExportJob, Invitation, Membership, Proposal
from lots.choices import Role
from outbox.models import Intent
from tests.factories import accept_data, invitee
from tests.integration.faults.conftest import (
    PICKUP_SECONDS,
    QUEUED,
    SWEEP_SECONDS,
    all_done,
    contact,
    draft,
    member_states,
    save_and_invite,
    timed,
    wait_for,
)
from tests.page_text import visible_text


def test_redis_down_every_action_answers_and_all_is_done_once_it_is_back(
    web_broker, start_worker, inbox, coordinator, coordinator_client
):
    start_worker()
    wait_for(web_broker.consumers, timeout=30)
    invite = draft(coordinator, "INVITE")
    ready = draft(coordinator, "SUBMIT", ["FR", "IT", "ES"], status="accepted")
    answer = draft(coordinator, "ANSWER", ["PL", "NL"])
    resent, accepting = answer.memberships.exclude(role=Role.APPLICANT).order_by("position")
    Invitation.objects.create(
        membership=resent,
        email=resent.contact_email,
        status=Invitation.Status.SENT,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
        created_by=coordinator,
    )
    Membership.objects.filter(pk=resent.pk).update(status=Membership.Status.INVITED)
    copied = urlsplit(services.create_link(membership=accepting, by=coordinator)).path
    partner = Client()
    partner.get(copied)
    partner.force_login(invitee(accepting.contact_email))

    web_broker.stop()
    pages = {
        "save and invite": timed(
            lambda: save_and_invite(coordinator_client, invite, ["FR", "IT", "ES"])
        ),
        "export": timed(
            lambda: coordinator_client.post(
                reverse("consortia:export-request", args=[invite.pk]),
                {"format": "pdf"},
                follow=True,
            )
        ),
        "resend": timed(
            lambda: coordinator_client.post(
                reverse("consortia:member-resend", args=[answer.pk, resent.pk]), follow=True
            )
        ),
        "submit": timed(
            lambda: coordinator_client.post(
                reverse("consortia:proposal-submit", args=[ready.pk]), follow=True
            )
        ),
        "accept": timed(
            lambda: partner.post(
                reverse("consortia:invitation-respond"),
                accept_data(accepting.organisation),
                follow=True,
            )
        ),
    }
    print("seconds:", {action: round(page.seconds, 2) for action, page in pages.items()})

    said = {action: visible_text(page) for action, page in pages.items()}
    assert {action: page.status_code for action, page in pages.items()} == dict.fromkeys(pages, 200)
    assert all(page.redirect_chain for page in pages.values())
    assert [action for action, text in said.items() if QUEUED not in text] == []
    assert "Saved. 3 invitations are on their way." in said["save and invite"]
    assert "Status: Queued" in said["export"]
    assert f"A new invitation to {resent.contact_email} is on its way" in said["resend"]
    assert "Submitted. Your receipt" in said["submit"]
    assert "Thank you: you accepted" in said["accept"]
    # Each change is committed although nothing reached the queue.
    assert set(
        invite.memberships.exclude(role=Role.APPLICANT).values_list("status", flat=True)
    ) == {"invited"}
    job = ExportJob.objects.get(proposal=invite)
    assert job.status == ExportJob.Status.QUEUED
    assert list(resent.invitations.values_list("status", flat=True)) == ["queued", "revoked"]
    assert Proposal.objects.get(pk=ready.pk).status == Proposal.Status.SUBMITTED
    assert Membership.objects.get(pk=accepting.pk).status == Membership.Status.ACCEPTED
    assert Intent.objects.filter(published_at__isnull=False).count() == 0
    assert member_states(coordinator_client, invite) == {
        f"INVITE {country}": "queued" for country in ("FR", "IT", "ES")
    }

    time.sleep(3)  # down a little longer: beat's sweeps fail too
    web_broker.start()
    back = time.monotonic()

    inbox.wait_for(6, timeout=45)
    print(f"all sent {time.monotonic() - back:.1f} s after Redis came up")
    job = wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status="done").first())
    all_done()
    time.sleep(2 * SWEEP_SECONDS + PICKUP_SECONDS)  # sweeps go on: nothing more is sent
    assert sorted((m["To"], m["Subject"]) for m in inbox.messages) == sorted(
        [
            (
                contact("INVITE", country),
                f"{coordinator.email} invites INVITE {country} to the consortium of INVITE",
            )
            for country in ("FR", "IT", "ES")
        ]
        + [
            (
                resent.contact_email,
                f"{coordinator.email} invites ANSWER PL to the consortium of ANSWER",
            ),
            (coordinator.email, "Receipt: SUBMIT submitted"),
            (coordinator.email, "ANSWER NL accepted: ANSWER"),
        ]
    )
    download = coordinator_client.get(reverse("consortia:export-download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (job.attempts, job.progress) == (1, 100)
    assert member_states(coordinator_client, invite) == {
        f"INVITE {country}": "sent" for country in ("FR", "IT", "ES")
    }
    assert member_states(coordinator_client, answer) == {
        "ANSWER PL": "sent",
        "ANSWER NL": "accepted",
    }

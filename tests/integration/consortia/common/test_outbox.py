"""The outbox on PostgreSQL and Redis: a task runs its service once per intent, a second
delivery while it runs does nothing, the sweep publishes what is due and takes back what a
dead worker held, failures back off and end, and a broker that cannot be reached is never
the user's error."""

import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from consortia.models import ExportJob, Invitation
from consortia.tasks import run_export_task
from outbox import publish
from outbox.models import Intent
from outbox.sweep import purge, sweep
from outbox.worker import begin, renewing

pytestmark = pytest.mark.django_db(transaction=True)


def export_intent(proposal, coordinator, **fields):
    job = ExportJob.objects.create(proposal=proposal, format="json", requested_by=coordinator)
    intent = Intent.objects.create(
        task="consortia.run_export",
        kwargs={"job_id": job.pk},
        due_at=timezone.now() + timedelta(minutes=1),
        **fields,
    )
    return job, intent


@pytest.mark.usefixtures("reference_data")
def test_task_delivered_twice_runs_its_service_once(proposal, coordinator):
    job, intent = export_intent(proposal, coordinator)

    run_export_task(intent_id=intent.pk, job_id=job.pk)
    run_export_task(intent_id=intent.pk, job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)
    intent.refresh_from_db()
    assert (intent.attempts, intent.state) == (1, "done")


@pytest.mark.usefixtures("reference_data")
def test_delivery_while_another_run_holds_the_lease_does_nothing(proposal, coordinator):
    now = timezone.now()
    job, intent = export_intent(proposal, coordinator, started_at=now, attempts=1)

    run_export_task(intent_id=intent.pk, job_id=job.pk)

    assert ExportJob.objects.get(pk=job.pk).status == "queued"
    assert Intent.objects.get(pk=intent.pk).attempts == 1


@pytest.mark.usefixtures("reference_data", "unread_broker")
def test_sweep_publishes_what_is_due_and_takes_back_a_dead_workers_claim(proposal, coordinator):
    past = timezone.now() - timedelta(seconds=1)
    _, waiting = export_intent(proposal, coordinator)
    _, unpublished = export_intent(proposal, coordinator)
    _, abandoned = export_intent(proposal, coordinator, started_at=past, attempts=1)
    _, done = export_intent(proposal, coordinator, done_at=past)
    Intent.objects.filter(pk__in=[unpublished.pk, abandoned.pk, done.pk]).update(due_at=past)

    assert sweep() == 2

    unpublished.refresh_from_db()
    abandoned.refresh_from_db()
    assert (unpublished.publishes, unpublished.due_at > timezone.now()) == (1, True)
    assert (abandoned.publishes, abandoned.started_at) == (1, None)
    assert Intent.objects.get(pk=waiting.pk).publishes == 0
    assert Intent.objects.get(pk=done.pk).publishes == 0


@pytest.mark.usefixtures("reference_data")
def test_failed_runs_back_off_then_the_job_fails(proposal, coordinator, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the exports folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {**settings.STORAGES["exports"], "OPTIONS": {"location": blocked}},
    }
    job, intent = export_intent(proposal, coordinator)

    for attempt in range(1, settings.EXPORT_ATTEMPTS + 1):
        Intent.objects.filter(pk=intent.pk).update(due_at=timezone.now())
        run_export_task(intent_id=intent.pk, job_id=job.pk)
        intent.refresh_from_db()
        assert intent.attempts == attempt
        assert "not-a-folder" in intent.last_error

    assert intent.state == "given up"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", settings.EXPORT_ATTEMPTS)


@pytest.mark.usefixtures("reference_data", "broker_down")
def test_broker_down_saves_the_invitation_and_says_it_goes_out_later(proposal, coordinator, client):
    client.force_login(coordinator)

    response = client.post(reverse("consortia:members-invite", args=[proposal.pk]), follow=True)

    assert response.status_code == 200
    assert Invitation.objects.get(membership__proposal=proposal).status == "queued"
    intent = Intent.objects.get(task="consortia.send_invitation")
    assert (intent.published_at, intent.due_at <= timezone.now()) == (None, True)
    assert "Connection refused" in intent.last_error
    said = [str(m) for m in get_messages(response.wsgi_request)] + [response.text]
    assert any("will go out by themselves as soon as it is back" in text for text in said)


@pytest.mark.usefixtures("reference_data", "broker_down")
def test_after_a_failed_publish_the_next_ones_wait_for_the_sweep(proposal, coordinator):
    _, first = export_intent(proposal, coordinator)
    _, second = export_intent(proposal, coordinator)

    assert publish.publish(first) is False
    assert publish.publish(second) is False

    assert "Connection refused" in Intent.objects.get(pk=first.pk).last_error
    assert "failed moments ago" in Intent.objects.get(pk=second.pk).last_error


@pytest.mark.usefixtures("reference_data")
def test_purge_deletes_only_intents_closed_long_ago(proposal, coordinator, settings):
    long_ago = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS + 1)
    export_intent(proposal, coordinator, done_at=long_ago)
    export_intent(proposal, coordinator, given_up_at=long_ago)
    _, recent = export_intent(proposal, coordinator, done_at=timezone.now())
    _, still_open = export_intent(proposal, coordinator)
    Intent.objects.filter(pk=still_open.pk).update(created_at=long_ago)

    assert purge() == 2

    assert set(Intent.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}


@pytest.mark.usefixtures("reference_data")
def test_a_long_run_renews_its_lease_and_stops_when_it_ends(proposal, coordinator, settings):
    settings.OUTBOX_LEASE_SECONDS = 0.3
    _, intent = export_intent(proposal, coordinator)
    claimed = begin(intent.pk)

    with renewing(claimed):
        time.sleep(0.5)  # past the first lease: renewed at 0.1 s and every 0.1 s after
        assert Intent.objects.get(pk=intent.pk).due_at > timezone.now()
    ended = Intent.objects.get(pk=intent.pk).due_at
    time.sleep(0.3)

    assert Intent.objects.get(pk=intent.pk).due_at == ended

"""The metrics endpoint: hidden without its token, Prometheus text with it, figures that
follow what the portal did (requests, exports run by the real worker, invitations sent over
real SMTP or refused by a server that is down, messages waiting in Redis), a scrape that costs
the same queries however many rows there are, and gunicorn's workers added up."""

import json
import subprocess
from pathlib import Path

import pytest
from django.db import transaction

from consortia import services
from consortia.models import ExportJob, Invitation
from outbox.models import Intent
from outbox.publish import enqueue
from tests.conftest import SPARE_BROKER, free_port, smtp_mailers
from tests.integration.observability.conftest import (
    TOKEN,
    Scrape,
    child_environment,
    wait_until,
)
from tests.integration.portal.test_headers import get

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("token", "authorization"),
    [
        ("", ""),
        ("", "Bearer "),
        (TOKEN, ""),
        (TOKEN, "Bearer wrong-token"),
        (TOKEN, f"Basic {TOKEN}"),
        (TOKEN, f"Bearer {TOKEN}x"),
    ],
    ids=["no token set", "empty token sent", "no header", "wrong token", "wrong scheme", "longer"],
)
def test_metrics_without_the_token_is_a_404_like_any_unknown_address(
    client, settings, token, authorization
):
    settings.METRICS_TOKEN = token

    response = client.get("/metrics", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 404
    assert "<title>Page not found - Consortium Portal</title>" in response.text
    assert "portal_http_requests" not in response.text


def test_metrics_with_a_trailing_slash_or_a_post_is_a_404(client, metrics_token):
    authorization = f"Bearer {metrics_token}"

    responses = [
        client.get("/metrics/", HTTP_AUTHORIZATION=authorization),
        client.post("/metrics", HTTP_AUTHORIZATION=authorization),
    ]

    assert [r.status_code for r in responses] == [404, 404]


@pytest.mark.django_db
def test_a_page_request_is_counted_and_timed_by_view_method_and_status(client, scrape):
    before = scrape()

    client.get("/")
    client.get("/")
    client.get("/no-such-address")
    after = scrape()

    def grew(name, **labels):
        return after.value(name, **labels) - before.value(name, **labels)

    assert grew("portal_http_requests_total", view="home", method="GET", status="200") == 2
    assert grew("portal_http_requests_total", view="unmatched", method="GET", status="404") == 1
    assert grew("portal_http_request_duration_seconds_count", view="home") == 2
    assert grew("portal_http_request_duration_seconds_sum", view="home") > 0
    assert grew("portal_db_queries_total", view="home") > 0


@pytest.mark.parametrize("jobs", [1, 3], ids=["1 job", "3 jobs"])
def test_scrape_reads_the_shared_state_in_three_queries(
    client, metrics_token, partner, django_assert_num_queries, jobs
):
    for _ in range(jobs):
        ExportJob.objects.create(proposal=partner.proposal, format="pdf", status="failed")
        Intent.objects.create(task="consortia.run_export", due_at=partner.proposal.created_at)

    with django_assert_num_queries(3):
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")

    scraped = Scrape(response.content.decode())
    assert scraped.value("portal_exports", state="failed", format="pdf") == jobs
    assert scraped.value("portal_tasks", task="consortia.run_export", state="waiting") == jobs
    assert scraped.value("portal_task_overdue_seconds", task="consortia.run_export") > 0


@pytest.mark.usefixtures("celery_worker")
def test_an_export_run_by_the_worker_shows_as_done(partner, scrape):
    job = services.request_export(
        proposal=partner.proposal, format="json", by=partner.proposal.owner
    )

    wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == "done")
    wait_until(lambda: Intent.objects.get().done_at)
    scraped = scrape()

    assert scraped.value("portal_exports", state="done", format="json") == 1
    assert scraped.value("portal_exports", state="queued", format="json") == 0
    assert scraped.value("portal_exports_finished_last_hour", state="done", format="json") == 1
    assert scraped.value("portal_tasks", task="consortia.run_export", state="done") == 1
    assert (
        scraped.value("portal_tasks_closed_last_hour", task="consortia.run_export", outcome="done")
        == 1
    )
    assert scraped.value("portal_task_retries", task="consortia.run_export") == 0


@pytest.mark.usefixtures("celery_worker")
def test_an_invitation_sent_over_smtp_counts_as_sent(partner, smtp, scrape):
    before = scrape().value("portal_invitation_emails_sent")

    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    smtp.wait_for(1)
    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.SENT)
    after = scrape()

    assert (before, after.value("portal_invitation_emails_sent")) == (0, 1)
    assert after.value("portal_invitations", state="sent") == 1
    assert after.value("portal_invitation_emails_failed") == 0


@pytest.mark.usefixtures("celery_worker")
def test_an_invitation_the_mail_server_refuses_counts_as_failed_and_retrying(
    partner, smtp, settings, scrape
):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    settings.INVITATION_SEND_RETRIES = 0  # shown as failed from the first refusal

    services.invite_members(proposal=partner.proposal, by=partner.proposal.owner)
    wait_until(lambda: Invitation.objects.get().status == Invitation.Status.FAILED)
    wait_until(lambda: Intent.objects.get(task="consortia.send_invitation").last_error)
    scraped = scrape()

    assert scraped.value("portal_invitation_emails_failed") == 1
    assert scraped.value("portal_invitation_emails_sent") == 0
    assert scraped.value("portal_tasks", task="consortia.send_invitation", state="retrying") == 1
    assert smtp.messages == []


def test_queue_length_counts_the_messages_waiting_in_redis(
    transactional_db, unread_broker, settings, scrape
):
    settings.CELERY_BROKER_URL = SPARE_BROKER  # the queue the scrape reads: no worker takes it
    assert scrape().value("portal_celery_queue_length", queue="celery") == 0

    with transaction.atomic():
        for _ in range(3):
            enqueue("consortia.refresh_verdicts", proposal_ids=[])
    scraped = scrape()

    assert scraped.value("portal_broker_up") == 1
    assert scraped.value("portal_celery_queue_length", queue="celery") == 3
    assert unread_broker.llen("celery") == 3


def test_a_broker_that_cannot_be_reached_shows_as_down(transactional_db, settings, scrape):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"

    scraped = scrape()

    assert scraped.value("portal_broker_up") == 0
    assert scraped.value("portal_exports", state="queued", format="pdf") == 0  # still served


class Gunicorn:
    def __init__(self, port: int, process: subprocess.Popen) -> None:
        self.port, self.process = port, process

    def stop(self) -> list[str]:
        """Its log lines, once stopped."""
        self.process.terminate()
        return self.process.communicate(timeout=10)[1].splitlines()


@pytest.fixture
def gunicorn_two_workers(transactional_db, tmp_path):
    """The portal on gunicorn with two workers counting in one multiprocess folder."""
    port = free_port()
    server = Gunicorn(port, subprocess.Popen(  # noqa: S603 (our own command line)
        [ROOT / ".venv/bin/gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2"],
        cwd=ROOT,
        env=child_environment(
            DEBUG="false", SECRET_KEY="metrics-test", METRICS_TOKEN=TOKEN,
            PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        ),
        stderr=subprocess.PIPE,
        text=True,
    ))  # fmt: skip
    yield server
    if server.process.poll() is None:
        server.stop()


def test_gunicorn_workers_counts_are_added_up_by_whichever_answers(gunicorn_two_workers):
    port = gunicorn_two_workers.port

    def served():
        response = get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
        assert response.status == 200
        labels = {"view": "health", "method": "GET", "status": "200"}
        return Scrape(response.body.decode()).value("portal_http_requests_total", **labels)

    get(port, "/health/", {})  # once it is up
    before = served()
    for _ in range(20):
        get(port, "/health/", {})

    assert served() - before == 20
    lines = [json.loads(line) for line in gunicorn_two_workers.stop()]
    booted = [line for line in lines if line["message"].startswith("Booting worker")]
    assert len(booted) == 2
    assert all(line["logger"] == "gunicorn.error" for line in booted)

"""The request id: taken from a well-formed X-Request-ID header or made, echoed in the
response, on every log line of the request, and on the log lines of the task it queued, run
by the real worker (also when the sweep publishes it later); log lines are JSON objects, in
web requests and in a Celery worker process of its own."""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.urls import reverse
from django.utils import timezone

from outbox.models import Intent
from outbox.sweep import sweep
from tests.conftest import SPARE_BROKER
from tests.integration.observability.conftest import child_environment, wait_until

ROOT = Path(__file__).resolve().parents[3]
FIELDS = {"time", "level", "logger", "message", "request_id"}


def request_export(client, partner, **headers):
    client.force_login(partner.proposal.owner)
    url = reverse("consortia:export-request", args=[partner.proposal.pk])
    return client.post(url, {"format": "json"}, headers=headers)


@pytest.mark.usefixtures("celery_worker")
def test_request_id_is_echoed_and_carried_by_the_log_of_the_task_it_queued(
    client, partner, json_log
):
    response = request_export(client, partner, X_Request_ID="trace-4f2a.9:1")

    intent = Intent.objects.get(task="consortia.run_export")
    done = json_log.wait_for(f"consortia.run_export #{intent.pk} done (attempt 1, ")
    assert response.status_code == 302
    assert response["X-Request-ID"] == "trace-4f2a.9:1"
    assert intent.request_id == "trace-4f2a.9:1"
    assert (done["level"], done["logger"], done["request_id"]) == (
        "INFO",
        "outbox.worker",
        "trace-4f2a.9:1",
    )


@pytest.mark.usefixtures("celery_worker")
def test_a_task_published_later_by_the_sweep_logs_under_the_request_id(
    client, partner, json_log, broker_switch
):
    broker_switch.down()
    response = request_export(client, partner, X_Request_ID="published-by-the-sweep")
    intent = Intent.objects.get(task="consortia.run_export")
    assert intent.published_at is None  # the broker was down: left to the sweep

    broker_switch.up()
    sweep()

    done = json_log.wait_for(f"consortia.run_export #{intent.pk} done")
    assert response["X-Request-ID"] == done["request_id"] == "published-by-the-sweep"


@pytest.mark.parametrize(
    "header",
    [
        "<script>alert(1)</script>",
        "a" * 65,
        "id\u2028with a line separator",
        "spaces are not allowed",
        '{"json": "injection"}',
    ],
    ids=["markup", "too long", "unicode line separator", "spaces", "json"],
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, json_log, header):
    response = client.get("/no-such-address", headers={"X-Request-ID": header})

    (line,) = [line for line in json_log.all() if line["logger"] == "django.request"]
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert line["request_id"] == response["X-Request-ID"]
    assert line["message"] == "Not Found: /no-such-address"
    assert header not in json_log.stream.getvalue()


def test_each_request_gets_its_own_id_and_the_log_lines_are_json(client, json_log):
    first = client.get("/no-such-address")["X-Request-ID"]
    second = client.get("/no-such-address")["X-Request-ID"]

    lines = json_log.all()
    assert first != second
    assert [line["request_id"] for line in lines] == [first, second]
    assert [set(line) for line in lines] == [FIELDS | {"status_code"}] * 2
    assert lines[0]["status_code"] == 404
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", lines[0]["time"])


def test_a_worker_process_logs_json_lines_under_the_intents_request_id(transactional_db):
    broker = redis.Redis.from_url(SPARE_BROKER)
    broker.flushdb()
    intent = Intent.objects.create(
        task="consortia.refresh_verdicts",
        kwargs={"proposal_ids": []},
        due_at=timezone.now(),
        request_id="queued-by-a-request",
    )
    worker = subprocess.Popen(  # noqa: S603 (our own command line)
        [Path(sys.executable).parent / "celery", "-A", "portal", "worker", "--pool=solo"],
        cwd=ROOT,
        env=child_environment(CELERY_BROKER_URL=SPARE_BROKER, LOG_FORMAT="json", LOG_LEVEL="INFO"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sender = Celery(set_as_current=False)  # CELERY_BROKER_URL would override the URL
        with sender.connection_for_write(SPARE_BROKER) as connection:
            sender.send_task(
                intent.task, kwargs={"intent_id": intent.pk, **intent.kwargs}, connection=connection
            )
        wait_until(lambda: Intent.objects.get(pk=intent.pk).done_at, timeout=30)
        time.sleep(0.2)  # the line after the row
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[1]
        broker.flushdb()

    lines = [json.loads(line) for line in output.splitlines()]
    done = [
        line for line in lines if line["message"].startswith(f"{intent.task} #{intent.pk} done")
    ]
    assert all(set(line) >= FIELDS for line in lines)
    assert [line["request_id"] for line in done] == ["queued-by-a-request"]
    assert any(line["logger"].startswith("celery") for line in lines)


def test_the_admin_finds_the_work_a_request_queued_by_its_id(admin_client):
    for task, request_id in [("consortia.run_export", "find-me-1"), ("outbox.other", "other")]:
        Intent.objects.create(task=task, due_at=timezone.now(), request_id=request_id)

    response = admin_client.get("/admin/outbox/intent/", {"q": "find-me-1"})

    assert [i.task for i in response.context["cl"].result_list] == ["consortia.run_export"]

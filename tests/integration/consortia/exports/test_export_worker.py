"""Exports run by real Celery workers on Redis: each format through the worker thread, and a
whole worker (its process group) killed with SIGKILL in the middle of a job, with the default
settings: beat's sweep publishes the job again once the lease ran out, the next worker takes
it, and the job completes once."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from consortia import integrity, services
from consortia.exports.schema import ProposalExport
from consortia.models import ExportJob
from lots.choices import Role
from lots.models import Lot
from outbox.models import Intent
from portal.settings import BASE_DIR
from tests.conftest import SPARE_BROKER
from tests.export_checks import check_json, check_pdf, check_xlsx
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")

CELERY = str(Path(sys.executable).parent / "celery")
# Its own Redis database, flushed by the test: never the session worker's (CELERY_BROKER_URL).
KILL_TEST_BROKER = SPARE_BROKER


def consortium(partners):
    proposal = ProposalFactory(
        owner=UserFactory(), lot=Lot.objects.get(call__is_default=True, number=2), acronym="EXPORT"
    )
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Applicant School"),
        role=Role.APPLICANT,
    )
    countries = ["FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "CH"]
    for number in range(partners):
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(
                legal_name=f"Partner {number:03d} Ltd", country=countries[number % len(countries)]
            ),
            contact_email=f"p{number}@example.org",
            status="accepted" if number % 2 else "invited",
            mandate_version="1" if number % 2 else "",
            mandate_confirmed_at=timezone.now() if number % 2 else None,
            position=number + 1,
        )
    return proposal


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.02)
    return result


def finished(job, timeout=30.0):
    def check():
        job.refresh_from_db()
        return job.is_finished

    wait_for(check, timeout)
    return job


def content(job):
    with job.file.open("rb") as file:
        return file.read()


@pytest.mark.usefixtures("celery_worker")
@pytest.mark.parametrize("format", ["pdf", "xlsx", "json"])
def test_worker_exports_each_format(format):
    proposal = consortium(partners=6)

    job = finished(services.request_export(proposal=proposal, format=format, by=proposal.owner))

    assert (job.status, job.progress, job.attempts) == ("done", 100, 1)
    assert job.filename.startswith("export-")
    {"pdf": check_pdf, "xlsx": check_xlsx, "json": check_json}[format](content(job), proposal)


@pytest.mark.usefixtures("celery_worker")
def test_json_export_reimports_to_equal_consortium():
    proposal = consortium(partners=4)
    job = finished(services.request_export(proposal=proposal, format="json", by=proposal.owner))

    copy = services.import_proposal(
        data=ProposalExport.model_validate(json.loads(content(job))),
        lot=proposal.lot,
        by=proposal.owner,
    )

    def members(p):
        return [
            (m.organisation_id, m.role, m.contact_email)
            for m in p.memberships.exclude(role=Role.APPLICANT)
        ]

    assert members(copy) == members(proposal)
    assert set(copy.memberships.values_list("status", flat=True)) == {"to_invite"}


@pytest.mark.usefixtures("celery_worker")
def test_xlsx_cells_are_typed():
    proposal = consortium(partners=2)
    job = finished(services.request_export(proposal=proposal, format="xlsx", by=proposal.owner))

    workbook = load_workbook(io.BytesIO(content(job)))

    accepted = next(workbook["Participants"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert accepted[13].year == timezone.now().year  # mandate confirmed at: a date
    assert workbook["Proposal"]["B8"].value == 3  # duration: a number
    assert workbook["Proposal"]["B11"].value is False  # eligible: a boolean


def celery_process(exports_dir, *command):
    """``celery worker`` (prefork pool, a 6 s lease) or ``celery beat`` (the sweep, every
    2 s) in a process group of its own, on the test database and a broker of its
    own (so that the session's worker thread does not take the task)."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": KILL_TEST_BROKER,
        "EXPORTS_DIR": str(exports_dir),
        # A killed worker's task is started again after its lease and the next sweep: short
        # ones here (a running task renews its lease every third of it), to keep CI quick.
        "OUTBOX_LEASE_SECONDS": "6",
        "OUTBOX_SWEEP_SECONDS": "2",
    }
    return subprocess.Popen(  # noqa: S603 (our own command line)
        [CELERY, "-A", "portal", *command, "--loglevel=warning"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_group(worker):
    """SIGKILL to the whole worker: the main process and its pool child."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_whole_worker_killed_mid_export_completes_once_by_itself(exports_dir):
    redis.Redis.from_url(KILL_TEST_BROKER).flushdb()
    proposal = consortium(partners=150)  # a PDF that takes seconds, long enough to be killed
    job = ExportJob.objects.create(proposal=proposal, format="pdf", requested_by=proposal.owner)
    intent = Intent.objects.create(
        task="consortia.run_export", kwargs={"job_id": job.pk}, due_at=timezone.now()
    )
    sender = Celery(set_as_current=False)  # the broker URL must be given per connection:
    with sender.connection_for_write(KILL_TEST_BROKER) as broker:  # CELERY_BROKER_URL overrides
        sender.send_task(
            "consortia.run_export",
            kwargs={"intent_id": intent.pk, "job_id": job.pk},
            connection=broker,
        )
    workers = [celery_process(exports_dir, "beat"), celery_process(exports_dir, "worker")]
    try:
        wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == "running")
        killed_at = time.monotonic()
        kill_group(workers[1])
        assert ExportJob.objects.filter(pk=job.pk).values_list("status", "attempts").get() == (
            "running",
            1,
        )
        workers.append(celery_process(exports_dir, "worker"))
        done = finished(job, timeout=120)
        recovered_in = time.monotonic() - killed_at
        wait_for(lambda: Intent.objects.get(pk=intent.pk).done_at is not None)
    finally:
        for worker in workers:
            kill_group(worker)

    assert (done.status, done.attempts) == ("done", 2)
    assert list((exports_dir / str(proposal.pk) / str(job.pk)).iterdir()) == [
        exports_dir / str(proposal.pk) / str(job.pk) / done.filename
    ]
    # lease (6 s) + sweep (2 s) + a new worker's start + rendering 150 partners again, on a CI
    # machine running four test processes: sooner than the broker's visibility timeout would
    assert recovered_in < 90
    check_pdf(content(done), proposal)
    # The consortium's states are set directly here, so only the checks of this work apply.
    assert integrity.stuck_intents() == integrity.missing_exports() == []

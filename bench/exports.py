"""Export benchmarks: (1) the time to render each format for consortia of 10, 50 and 200
partners (in process, median of 3); (2) the throughput of 50 queued PDF exports with 1 and 2
Celery worker processes on Redis.

    .venv/bin/python bench/exports.py [--jobs 50]

Needs PostgreSQL and Redis on 127.0.0.1 (scripts/ensure-services).
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

import redis
from celery import Celery
from common import ROOT, setup_django

BROKER = "redis://127.0.0.1:6379/12"


def consortium(size: int, *, signed: bool = False):  # type: ignore[no-untyped-def]
    """A draft of ``size`` partners and an applicant; ``signed``: another one, each of whose
    full partners has accepted and had its mandate confirmed by its own signer."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    user, _ = get_user_model().objects.get_or_create(username="bench@example.org")
    proposal, created = Proposal.objects.get_or_create(
        owner=user,
        acronym=f"EXPORT-{size}{'-SIGNED' if signed else ''}",
        defaults={"lot": Lot.objects.get(call__is_default=True, number=2), "duration_years": 3},
    )
    if created:
        countries = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "PT", "CH"]
        kinds = ["enterprise", "vet_provider", "chamber", "employers_organisation", "other"]
        for number in range(size + 1):
            kind = kinds[number % len(kinds)]
            organisation = Organisation.objects.create(
                legal_name=f"Export bench organisation {size}-{number}",
                country=countries[number % len(countries)],
                kind=kind,
                size="small" if kind == "enterprise" else "",
            )
            role = "applicant" if number == 0 else "full_partner"
            mandate: dict[str, object] = {}
            if signed and role == "full_partner":
                signer = get_user_model().objects.create(
                    username=f"signer-{size}-{number}@example.org",
                    email=f"signer-{size}-{number}@example.org",
                )
                mandate = {
                    "status": "accepted",
                    "mandate_version": "1",
                    "mandate_confirmed_at": timezone.now(),
                    "mandate_confirmed_by": signer,
                }
            Membership.objects.create(
                proposal=proposal, organisation=organisation, role=role, position=number, **mandate
            )
    return proposal


def render_times() -> None:
    from consortia import exports, selectors

    for size in (10, 50, 200):
        proposal = selectors.proposals_with_consortium().get(pk=consortium(size).pk)
        for name, format in exports.FORMATS.items():
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                format.render(exports.sheet(proposal), lambda percent: None)
                runs.append(time.perf_counter() - start)
            print(f"{name:>4}, {size:>3} partners: {statistics.median(runs) * 1000:7.0f} ms")


def throughput(jobs: int, workers: int, exports_dir: str) -> float:
    from django.utils import timezone

    from consortia.models import ExportJob
    from outbox.models import Intent

    proposal = consortium(10)
    redis.Redis.from_url(BROKER).flushdb()
    env = {**os.environ, "CELERY_BROKER_URL": BROKER, "EXPORTS_DIR": exports_dir}
    processes = [
        subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "-l",
                "warning",
                "-n",
                f"bench{number}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for number in range(workers)
    ]
    try:
        time.sleep(4)  # let the workers start and connect
        created = [ExportJob.objects.create(proposal=proposal, format="pdf") for _ in range(jobs)]
        intents = [
            Intent.objects.create(
                task="consortia.run_export", kwargs={"job_id": job.pk}, due_at=timezone.now()
            )
            for job in created
        ]
        sender = Celery(set_as_current=False)
        start = time.perf_counter()
        with sender.connection_for_write(BROKER) as connection:
            for intent in intents:
                sender.send_task(
                    "consortia.run_export",
                    kwargs={"intent_id": intent.pk, **intent.kwargs},
                    connection=connection,
                )
        ids = [job.pk for job in created]
        while ExportJob.objects.filter(pk__in=ids, status="done").count() < jobs:
            time.sleep(0.05)
        return jobs / (time.perf_counter() - start)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as exports_dir:
        setup_django(CELERY_BROKER_URL=BROKER, EXPORTS_DIR=exports_dir)
        render_times()
        for workers in (1, 2):
            rate = throughput(args.jobs, workers, exports_dir)
            print(f"{args.jobs} PDF jobs (10 partners), {workers} worker(s): {rate:.2f} jobs/s")


if __name__ == "__main__":
    main()

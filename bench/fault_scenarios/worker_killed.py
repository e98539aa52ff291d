"""The whole worker is SIGKILLed while it renders a big PDF; a new one is started at once."""

import time

from .proposals import proposal
from .scenario import Bench, Row
from .waiting import seconds, until


def worker_killed(bench: Bench) -> Row:
    from consortia.models import ExportJob
    from outbox.models import Intent

    row = Row(
        "the whole worker (main process and pool children) SIGKILLed mid-PDF-export, a new "
        "one started at once; default settings",
        "PDF export of a proposal with 150 partners",
    )
    countries = ["FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "CH"]
    big = proposal(bench.coordinator, "BIG", [countries[n % 9] for n in range(150)], lot=2)
    bench.settled()

    page = bench.me.post(f"/proposals/{big.pk}/exports/", {"format": "pdf"})
    job = ExportJob.objects.get(proposal=big)

    def rendering() -> bool:  # 40%: the page is built, WeasyPrint is making the PDF
        job.refresh_from_db()
        return job.status == "running" and job.progress >= 40

    until(rendering, 60, interval=0.02)
    progress = job.progress
    bench.workers.kill_worker()
    killed = time.monotonic()
    bench.workers.start_worker()
    timeout = 180
    done = until(lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(), timeout)
    done_in = None if done is None else time.monotonic() - killed
    job.refresh_from_db()
    intent = Intent.objects.get(task="consortia.run_export", kwargs__job_id=job.pk)
    folder = bench.exports_dir / str(big.pk) / str(job.pk)
    files = sorted(folder.iterdir()) if folder.exists() else []
    row.lost = "0 of 1 export" if job.status == "done" and files else "1 of 1 export"
    row.duplicated = f"{len(files) - 1} extra files ({len(files)} in the job's folder)"
    row.seen = [
        f"export: {page.summary()}",
        f"killed at 'Running {progress}%'; the job was done by itself "
        f"{seconds(done_in, timeout)} after the kill (job attempts {job.attempts}, outbox "
        f"attempts {intent.attempts}, publishes {intent.publishes}; the last attempt took "
        f"{(job.finished_at - job.started_at).total_seconds():.1f} s); job page: "
        f"{job.get_status_display()} {job.progress}%",
    ]
    return row

"""Many tabs at the same moment: concurrent exports of one proposal, concurrent submits."""

from collections import Counter
from functools import partial

from .browser import concurrently
from .proposals import proposal, ready_proposal
from .scenario import Bench, Row
from .waiting import until


def concurrent_exports(bench: Bench) -> Row:
    from consortia.models import ExportJob

    row = Row("20 concurrent export requests of one proposal", "20 PDF export POSTs at once")
    many = proposal(bench.coordinator, "MANY", ["FR", "IT", "ES"])
    tabs = [bench.another_tab() for _ in range(20)]
    bench.settled()

    pages = concurrently(
        [partial(tab.post, f"/proposals/{many.pk}/exports/", {"format": "pdf"}) for tab in tabs]
    )
    until(lambda: not ExportJob.objects.filter(proposal=many).exclude(status="done"), 60)
    jobs = ExportJob.objects.filter(proposal=many).count()
    files = list((bench.exports_dir / str(many.pk)).rglob("*.pdf"))
    statuses = Counter("→".join(map(str, page.statuses)) for page in pages)
    row.lost = "0 of 1 export" if jobs and files else "1 of 1 export"
    row.duplicated = f"{jobs - 1} extra jobs, {len(files) - 1} extra files"
    row.seen = [
        f"{dict(statuses)}, slowest {max(p.first for p in pages):.2f} s; "
        f"{len({page.url for page in pages})} distinct job page(s) shown"
    ]
    return row


def concurrent_submits(bench: Bench) -> Row:
    from consortia.models import Submission

    row = Row("10 concurrent submits", "10 Submit POSTs at once, of a ready proposal")
    twice = ready_proposal(bench.coordinator, "TWICE")
    tabs = [bench.another_tab() for _ in range(10)]
    bench.settled()

    pages = concurrently([partial(tab.post, f"/proposals/{twice.pk}/submit/") for tab in tabs])
    submissions = Submission.objects.filter(proposal=twice).count()
    kinds = ("Submitted.", "Already submitted on")
    said = Counter(
        next((kind for kind in kinds if page.messages and page.messages[0].startswith(kind)), None)
        or page.said()
        for page in pages
    )
    statuses = Counter("→".join(map(str, page.statuses)) for page in pages)
    row.lost = "0 of 1 submission" if submissions else "1 of 1 submission"
    row.duplicated = f"{submissions - 1} extra submissions"
    row.seen = [
        f"{dict(statuses)}, slowest {max(p.first for p in pages):.2f} s; messages: "
        + ", ".join(f"'{kind} …' x {n}" for kind, n in said.items())
    ]
    if example := next((m for p in pages for m in p.messages if m.startswith(kinds[1])), ""):
        row.seen.append(f"e.g. '{example}'")

    def final() -> None:
        receipts = len(bench.mailbox.to(bench.coordinator.email, subject="Receipt: TWICE"))
        row.duplicated += f", {max(0, receipts - 1)} extra receipts ({receipts} sent)"

    bench.finals.append(final)
    return row

"""Directory import of generated organisations (``make_sample_organisations``'s): reading the
file, the preview and the apply timed apart, rows per second, and where the time goes (the
top functions of a profile of each step).

    .venv/bin/python bench/directory_import.py [--rows 1000 100000] [--profile]

For each size, on an emptied directory: the import of new organisations (preview, apply),
then the same file again (preview: all unchanged), then a file changing every row's
short name (preview, apply: bulk updates with history). Uses its own database
(portal_bench_import unless BENCH_DATABASE_URL says otherwise). Needs PostgreSQL on
127.0.0.1 (scripts/ensure-services).
"""

import argparse
import cProfile
import io
import os
import pstats
import time

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_import"
)
from common import setup_django  # after: it reads the URL above


def timed(label: str, rows: int, step, profile: bool):
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = step()
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    print(f"  {label:<34} {seconds:8.2f} s  {rows / seconds:9,.0f} rows/s")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
        print("\n".join("      " + line for line in out.getvalue().splitlines()[6:20]))
    return result


def run(count: int, profile: bool) -> None:
    from consortia import directory_files
    from consortia.directory_preview import CHANGED, NEW, preview
    from consortia.models import Organisation
    from consortia.sample_organisations import sample_rows
    from consortia.services.directory_import import APPLY_BATCH, apply_rows

    Organisation.objects.all().delete()
    Organisation.history.model.objects.all().delete()  # with the deletions' own records
    rows = list(sample_rows(count, seed=1))
    content = directory_files.csv_file(rows)
    changed_rows = [rows[0]] + [[*row[:1], row[1] + "X", *row[2:]] for row in rows[1:]]
    changed = directory_files.csv_file(changed_rows)
    print(f"{count:,} organisations ({len(content) / 2**20:.1f} MB of CSV)")

    def apply(result):
        to_apply = [row for row in result.rows if row.status in (NEW, CHANGED)]
        for start in range(0, len(to_apply), APPLY_BATCH):
            apply_rows(to_apply[start : start + APPLY_BATCH], by=None, reason="bench")

    for label, data in (("new", content), ("same again", content), ("every row changed", changed)):
        parsed = timed(
            f"read ({label})",
            count,
            lambda data=data: directory_files.read_rows(io.BytesIO(data), "o.csv"),
            profile,
        )
        result = timed(f"preview ({label})", count, lambda parsed=parsed: preview(parsed), profile)
        print(f"  {result.counts}")
        if label != "same again":
            timed(f"apply ({label})", count, lambda result=result: apply(result), profile)
    print(f"  history records: {Organisation.history.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    setup_django()
    for count in arguments.rows:
        run(count, arguments.profile)


if __name__ == "__main__":
    main()

"""PDF export benchmark: for a consortium of 200 partners (mandates confirmed), our whole PDF
export against WeasyPrint's own render of the same HTML, their ratio, and where our time goes.

    .venv/bin/python bench/pdf.py [--partners 200] [--runs 5]

Wall-clock medians, runs interleaved so both sides see the same load; CPU medians too, as they
vary less on a shared machine. Needs PostgreSQL on 127.0.0.1 (BENCH_DATABASE_URL).
"""

import argparse
import statistics
import time
from collections.abc import Callable

from common import setup_django


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from exports import consortium
    from weasyprint import HTML

    from consortia import exports, selectors
    from consortia.exports.pdf import render_pdf, sheet_html

    pk = consortium(args.partners, signed=True).pk

    def read():  # type: ignore[no-untyped-def]
        proposal = selectors.proposals_with_consortium().get(pk=pk)
        selectors.show_as_submitted([proposal])
        return exports.sheet(proposal)

    def ours() -> bytes:
        return render_pdf(read(), lambda percent: None)

    html = sheet_html(read())
    first = timed(ours)
    results: dict[str, list[tuple[float, float]]] = {
        "ours": [],
        "weasyprint": [],
        "read": [],
        "html": [],
    }
    for _ in range(args.runs):
        results["ours"].append(timed(ours))
        results["weasyprint"].append(timed(lambda: HTML(string=html).write_pdf()))
        sheet = read()
        results["read"].append(timed(read))
        results["html"].append(timed(lambda: sheet_html(sheet)))  # noqa: B023

    def median(name: str, index: int) -> float:
        return statistics.median(run[index] for run in results[name])

    print(f"PDF, {args.partners} partners, median of {args.runs} (first render {first[0]:.2f} s)")
    print(f"{'':40} {'wall s':>7} {'cpu s':>7}")
    for label, name in [
        ("our export (read, HTML, WeasyPrint)", "ours"),
        ("  of which: read the proposal, sheet", "read"),
        ("  of which: template and chart", "html"),
        ("WeasyPrint alone, same HTML", "weasyprint"),
    ]:
        print(f"{label:40} {median(name, 0):7.2f} {median(name, 1):7.2f}")
    wall = median("ours", 0) / median("weasyprint", 0)
    cpu = median("ours", 1) / median("weasyprint", 1)
    print(f"{'ratio ours / WeasyPrint':40} {wall:7.2f} {cpu:7.2f}")


if __name__ == "__main__":
    main()

"""Throughput of the paths coordinators use most, each as a ratio to the bare "ok" view
(/health/: no database, no cache, no session read) served by the same gunicorn: production-like,
2 sync workers, PostgreSQL with CONN_MAX_AGE=60, wrk with 16 connections, the 100,000-organisation
directory of directory.py. Rounds alternate (bare, path, bare, path, ...) in one run; the table
gives each path's median rate and the median of its rounds' ratios to the bare view measured
just before it.

    .venv/bin/python bench/ratios.py [--seconds 10] [--rounds 3] [--workers 2]

Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services) and wrk. Uses the database of
directory.py (portal_bench_directory unless BENCH_DATABASE_URL says otherwise), filled on first
use (a minute or two); CACHE_URL, when set, puts the rate limits' counters in Redis as in
production. BENCH_PORT moves gunicorn off port 8077.
"""

import argparse
import contextlib
import json
import os
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import coordinators
import directory
import psutil
from common import DATABASE_URL, collect_static, gunicorn, session_cookie, setup_django, wrk

BARE = "/health/"
DATABASE = DATABASE_URL.rsplit("/", 1)[1]
JSON = "application/json"


@dataclass(frozen=True)
class Row:
    name: str
    url: str
    goal: float
    cookie: str = ""
    body: str = ""
    content_type: str = "application/x-www-form-urlencoded"
    suggestions: bool | None = None  # for the live check: must the panel suggest organisations?


def api_body(partners: int) -> str:
    """A stateless check of an applicant and ``partners`` full partners in lot 2, each with a
    PIC, as an API client would send it."""
    from lots.models import Lot

    lot = Lot.objects.get(call__is_default=True, number=2)
    start = coordinators.FIRST_BLOCK - coordinators.BLOCK + 1  # a block no proposal takes
    members = [
        {"country": str(o.country), "kind": o.kind, "pic": o.pic}  # type: ignore[attr-defined]
        for o in coordinators.organisations(list(range(start, start + 1 + partners)))
    ]
    applicant, *others = members
    return json.dumps(
        {
            "lot": lot.pk,
            "duration_years": 3,
            "applicant": applicant,
            "partners": [{**member, "role": "full_partner"} for member in others],
        }
    )


def rows() -> list[Row]:
    """The table's rows, their data made once in the benchmark's database."""
    directory.seed(coordinators.ORGANISATIONS)
    user = coordinators.coordinator("ratios@example.org")
    cookie = session_cookie(user)
    large = coordinators.proposal(user, block=0, partners=40, lot_number=2)
    small = coordinators.proposal(user, block=1, partners=5, lot_number=1)
    failing = coordinators.proposal(user, block=2, partners=5, lot_number=2)
    many = coordinators.coordinator("ratios-dashboard@example.org")
    for block in range(20):
        coordinators.proposal(many, block=3 + block, partners=10, lot_number=1 + block % 3)

    def check(draft: object) -> str:
        return f"/proposals/{draft.pk}/check/partners/"  # type: ignore[attr-defined]

    return [
        Row(
            "POST /api/v1/eligibility, 40 partners",
            "/api/v1/eligibility",
            0.7,
            body=api_body(40),
            content_type=JSON,
        ),
        Row(
            "live check, 40 partners",
            check(large),
            0.4,
            cookie,
            coordinators.partners_body(large),
            suggestions=False,
        ),
        Row(
            "live check, 5 partners",
            check(small),
            0.4,
            cookie,
            coordinators.partners_body(small),
            suggestions=False,
        ),
        Row("GET partners step, 40 partners", f"/proposals/{large.pk}/partners/", 0.25, cookie),
        Row("GET dashboard, 20 proposals", "/proposals/", 0.25, session_cookie(many)),
        Row(
            "live check, 5 partners, failing (suggestions)",
            check(failing),
            0.4,
            cookie,
            coordinators.partners_body(failing),
            suggestions=True,
        ),
    ]


def send(base: str, path: Row) -> str:
    """One request of ``path``, as wrk sends it: the answer's text; exits on an error."""
    request = urllib.request.Request(
        base + path.url,
        data=path.body.encode() or None,
        headers={
            "Cookie": path.cookie,
            "X-CSRFToken": coordinators.CSRF_SECRET,
            "Content-Type": path.content_type,
            "Referer": base + "/",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{path.name}: {path.url} answered {error.code}") from error


def verify(base: str, path: Row) -> None:
    """A 200 answer, and for the live check the suggestions it should (not) show, so that every
    row measures what its name says; the requests warm the workers up too."""
    for _ in range(3):
        text = send(base, path)
    if path.suggestions is not None and ("data-suggestion=" in text) != path.suggestions:
        shown = "shows" if not path.suggestions else "shows no"
        raise SystemExit(f"{path.name}: the panel {shown} suggestions")


def cpu_seconds(master: int) -> tuple[float, dict[int, float]]:
    """User and system CPU time used so far by gunicorn's workers, and by each PostgreSQL
    backend serving the benchmark's database (their connections last CONN_MAX_AGE)."""
    workers = sum(sum(child.cpu_times()[:2]) for child in psutil.Process(master).children())
    backends = {}
    for process in psutil.process_iter(["cmdline"]):
        if f" {DATABASE} " in " ".join(process.info["cmdline"] or []):
            with contextlib.suppress(psutil.Error):
                backends[process.pid] = sum(process.cpu_times()[:2])
    return workers, backends


def measure(base: str, path: Row, seconds: int, connections: int, master: int) -> list[float]:
    """wrk's rate for ``path``, and the CPU milliseconds per answer of gunicorn's workers and
    of PostgreSQL, once the requests of the previous run are done: a sync worker still
    answers what was queued before wrk closed its connections."""
    send(base, Row("bare", BARE, 0))
    time.sleep(0.5)
    workers, backends = cpu_seconds(master)
    rate = wrk(
        base + path.url,
        seconds=seconds,
        connections=connections,
        cookie=path.cookie,
        body=path.body,
        content_type=path.content_type,
    )
    workers_after, backends_after = cpu_seconds(master)
    database = sum(cpu - backends.get(pid, 0) for pid, cpu in backends_after.items())
    answers = rate * seconds
    return [rate, (workers_after - workers) * 1000 / answers, database * 1000 / answers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    setup_django()
    collect_static()
    table = rows()
    results = []
    bare = Row("bare", BARE, 0)
    load = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory() as folder,
        gunicorn(args.workers, options=["--pid", f"{folder}/pid"], CONN_MAX_AGE="60") as base,
    ):
        master = int((Path(folder) / "pid").read_text())
        verify(base, bare)
        bares = []
        for path in table:
            verify(base, path)
            runs = []
            for _ in range(args.rounds):
                bares.append(measure(base, bare, args.seconds, args.connections, master))
                runs.append(measure(base, path, args.seconds, args.connections, master))
                runs[-1].append(runs[-1][0] / bares[-1][0])
            rate, cpu, database, ratio = (
                statistics.median(column) for column in zip(*runs, strict=True)
            )
            results.append((path, rate, ratio, cpu, database))
            print(f"  {path.name}: {[round(run[0], 1) for run in runs]} req/s", flush=True)
    cache = "Redis" if os.environ.get("CACHE_URL", "").startswith("redis") else "local memory"
    print(
        f"\n{args.workers} sync workers, CONN_MAX_AGE=60, wrk -c{args.connections}, "
        f"{args.rounds} rounds of {args.seconds} s, cache in {cache}; load average "
        f"{load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores\n"
    )
    print("| Path | req/s | ratio to bare | goal | CPU ms/request: gunicorn | PostgreSQL |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    rate, cpu, database = (statistics.median(column) for column in zip(*bares, strict=True))
    print(f'| bare "ok" view ({BARE}) | {rate:.0f} | 1 | | {cpu:.1f} | {database:.1f} |')
    for path, rate, ratio, cpu, database in results:
        mark = "" if ratio >= path.goal else " (below)"
        print(
            f"| {path.name} | {rate:.1f} | {ratio:.3f}{mark} | {path.goal} | {cpu:.0f} "
            f"| {database:.0f} |"
        )


if __name__ == "__main__":
    main()

"""Many coordinators at once (Locust, headless): each signed in with a draft of their own, going
between the dashboard, the partners step, the live check and directory searches over the
100,000-organisation directory, against gunicorn served as in production. Prints, per path and
in total, req/s, p50/p95/p99 and errors.

    .venv/bin/python bench/load.py [--users 200] [--seconds 60] [--workers 2]
        [--worker-class sync|gthread] [--threads 4] [--think 1,3]

--think is each simulated coordinator's pause between two requests, "min,max" seconds or one
number ("0": as fast as the portal answers). Needs PostgreSQL on 127.0.0.1
(scripts/ensure-services) and the bench dependency group (make install). Uses the database of
directory.py (portal_bench_directory unless BENCH_DATABASE_URL says otherwise), filled on first
use; CACHE_URL, when set, puts the rate limits' counters in Redis as in production.
BENCH_PORT moves gunicorn off port 8077. The simulated users share the 2 cores with gunicorn
and PostgreSQL: on a bigger machine, run Locust elsewhere.
"""

import argparse
import csv
import json
import os
import subprocess
import tempfile
from pathlib import Path

import coordinators
import directory
from common import CSRF_SECRET, ROOT, collect_static, gunicorn, session_cookie, setup_django

FIRST_BLOCK = 100  # ratios.py takes the directory blocks below
PARTNERS = [5, 10, 15, 20]  # drafts of every size a coordinator builds


def seed(users: int) -> list[dict[str, object]]:
    """``users`` coordinators, each with a session and a draft of their own (made once)."""
    directory.seed(coordinators.ORGANISATIONS)
    sessions = []
    for number in range(users):
        user = coordinators.coordinator(f"coordinator{number}@load.example.org")
        draft = coordinators.proposal(
            user,
            block=FIRST_BLOCK + number,
            partners=PARTNERS[number % len(PARTNERS)],
            lot_number=1 + number % 3,
        )
        sessions.append(
            {
                "cookie": session_cookie(user),
                "csrf": CSRF_SECRET,
                "proposal": draft.pk,  # type: ignore[attr-defined]
                "body": coordinators.partners_body(draft),
            }
        )
    return sessions


def report(stats: Path, failures: Path) -> None:
    """The table of Locust's CSV statistics, per path and the total, and the errors seen."""
    with stats.open() as file:
        rows = list(csv.DictReader(file))
    print("| Path | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        name = "total" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
        )
    with failures.open() as file:
        for row in csv.DictReader(file):
            print(f"{row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=20, help="users started a second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="per worker, with gthread")
    parser.add_argument("--think", default="1,3", help='seconds between requests: "min,max"')
    args = parser.parse_args()
    setup_django()
    collect_static()
    sessions = seed(args.users)
    options = ["--worker-class", args.worker_class]
    if args.worker_class == "gthread":
        options += ["--threads", str(args.threads)]
    with tempfile.TemporaryDirectory() as folder:
        users = Path(folder) / "coordinators.json"
        users.write_text(json.dumps(sessions))
        with gunicorn(workers=args.workers, options=options, CONN_MAX_AGE="60") as base:
            locust = subprocess.run(
                [
                    str(ROOT / ".venv/bin/locust"),
                    "--locustfile",
                    str(ROOT / "bench/locustfile.py"),
                    "--headless",
                    "--host",
                    base,
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{args.seconds}s",
                    "--stop-timeout",
                    "10",
                    "--csv",
                    f"{folder}/load",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**os.environ, "BENCH_COORDINATORS": str(users), "BENCH_THINK": args.think},
                capture_output=True,
                text=True,
                check=False,  # Locust exits 1 when any request failed: the table says which
            )
        stats = Path(f"{folder}/load_stats.csv")
        if not stats.exists():
            raise SystemExit(f"Locust wrote no statistics:\n{locust.stderr}")
        threads = f", {args.threads} threads each" if args.worker_class == "gthread" else ""
        print(
            f"\n{args.users} coordinators for {args.seconds} s (think {args.think} s), "
            f"gunicorn {args.workers} {args.worker_class} workers{threads}, CONN_MAX_AGE=60\n"
        )
        report(stats, Path(f"{folder}/load_failures.csv"))


if __name__ == "__main__":
    main()

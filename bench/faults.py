"""What the portal's background work does when Redis, the mail server or a worker fails
(issue 10), measured production-like: gunicorn (2 workers, --timeout 30), a Celery worker
(prefork, concurrency 2) and beat as processes of their own with the default outbox
settings, PostgreSQL, a private Redis that is stopped and frozen, an SMTP server that answers
late, and requests over HTTP. Prints the Markdown table fault | tried | lost | duplicated |
what the user saw, then ``manage.py check_integrity``'s verdict. About 4 minutes.

    .venv/bin/python bench/faults.py [--keep]

Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services) and redis-server on the PATH. Starts
its own Redis on a free port (never the machine's) and SMTP server; drops and creates its
database afresh (BENCH_DATABASE_URL, default portal_bench_faults). The servers, the browser,
the proposals and each fault are in bench/fault_scenarios/; this script sets up and runs.
"""

import argparse
import contextlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

# Before common reads it: this bench drops its database, so it never uses the others' one.
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_faults"
)

from common import DATABASE_URL, PORT, session_cookie, setup_django
from fault_scenarios.browser import Browser
from fault_scenarios.concurrency import concurrent_exports, concurrent_submits
from fault_scenarios.proposals import person
from fault_scenarios.redis_frozen import redis_frozen
from fault_scenarios.redis_stopped import redis_stopped
from fault_scenarios.report import check_integrity, server_errors, table
from fault_scenarios.scenario import Bench
from fault_scenarios.servers import Mailbox, Redis, Workers, mail_server, portal
from fault_scenarios.smtp_late import smtp_late
from fault_scenarios.waiting import until
from fault_scenarios.worker_killed import worker_killed

SCENARIOS = (
    smtp_late,  # first: its last retries go out while the others run
    redis_stopped,
    redis_frozen,
    worker_killed,
    concurrent_exports,
    concurrent_submits,
)


def fresh_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the logs of Redis, gunicorn and Celery"
    )
    args = parser.parse_args()
    began = time.monotonic()
    with contextlib.ExitStack() as stack:
        if args.keep:
            folder = Path(tempfile.mkdtemp(prefix="faults-"))
            stack.callback(print, f"logs kept in {folder}")
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="faults-")))
        exports_dir = folder / "exports"
        redis = Redis(folder)
        redis.start()
        stack.callback(redis.stop)
        mailbox = Mailbox()
        mail_url = stack.enter_context(mail_server(mailbox))
        base = f"http://127.0.0.1:{PORT}"
        fresh_database()
        setup_django(
            CELERY_BROKER_URL=redis.url,
            MAIL_URL=mail_url,
            EXPORTS_DIR=str(exports_dir),
            PORTAL_BASE_URL=base,
            PORTAL_VAR_DIR=str(folder / "var"),
            LOG_LEVEL="WARNING",
        )
        from django.core.management import call_command

        call_command("collectstatic", "--no-input", verbosity=0)  # DEBUG is off: the manifest
        workers = Workers(folder)
        stack.callback(workers.stop)
        workers.start_worker()
        workers.start_beat()
        log = folder / "gunicorn.log"
        served = stack.enter_context(portal(log))
        assert served == base
        if until(lambda: redis.consumers() >= 1, 60) is None:
            raise RuntimeError("the worker did not connect (--keep keeps its log)")
        coordinator = person("coordinator@example.org")
        me = Browser(base, session_cookie(coordinator))
        bench = Bench(base, redis, mailbox, workers, exports_dir, coordinator, me)
        print(f"set up in {time.monotonic() - began:.0f} s; running the faults", flush=True)

        rows = []
        for scenario in SCENARIOS:
            started = time.monotonic()
            rows.append(scenario(bench))
            print(f"  {scenario.__name__}: {time.monotonic() - started:.0f} s", flush=True)
        bench.settled()
        for final in bench.finals:
            final()
        errors = server_errors(log)
        print()
        print(table(rows))
        print()
        print(f"{errors}; the run took {time.monotonic() - began:.0f} s")
        print(check_integrity())


if __name__ == "__main__":
    main()

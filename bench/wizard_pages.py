"""The partners step and the review step with 1, 10 and 40 partners: render time in process
(Django's test client, median of --requests: wall clock and this process's CPU time,
which a busy machine disturbs less; with the page's query count), then throughput
over HTTP to gunicorn with wrk, as a ratio to the trivial /health/ view served the same way.

    .venv/bin/python bench/wizard_pages.py [--requests 30] [--seconds 10] [--connections 16]
        [--workers 2] [--no-http]

Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services) and, for the HTTP part, wrk
(apt-get install wrk). Uses its own database (portal_bench unless BENCH_DATABASE_URL says
otherwise) and port (8077 unless BENCH_PORT says otherwise).
"""

import argparse
import statistics
import time

from common import gunicorn, session_cookie, setup_django, wrk

SIZES = (1, 10, 40)
PAGES = ("partners", "review")


def seed() -> tuple[object, dict[int, int]]:
    """A coordinator and, per consortium size, a Lot 2 draft whose partners all have a contact
    (half of them invited, so the review shows both kinds of actions): the user and the
    proposal ids."""
    from django.contrib.auth import get_user_model

    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    user, _ = get_user_model().objects.get_or_create(
        username="bench-wizard@example.org", email="bench-wizard@example.org"
    )
    countries = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "PT", "CH"]
    kinds = ["enterprise", "vet_provider", "chamber", "employers_organisation"]
    organisations = []
    for number in range(max(SIZES) + 1):
        kind = kinds[number % len(kinds)]
        organisation, _ = Organisation.objects.get_or_create(
            pic=f"{910_000_000 + number}",
            defaults={
                "legal_name": f"Wizard bench organisation {number}",
                "country": countries[number % len(countries)],
                "kind": kind,
                "size": "small" if kind == "enterprise" else "",
            },
        )
        organisations.append(organisation)
    proposals = {}
    for size in SIZES:
        proposal, created = Proposal.objects.get_or_create(
            owner=user,
            acronym=f"WIZARD-{size}",
            defaults={"lot": Lot.objects.get(call__is_default=True, number=2), "duration_years": 3},
        )
        if created:
            Membership.objects.create(
                proposal=proposal, organisation=organisations[0], role="applicant"
            )
            for position, organisation in enumerate(organisations[1 : size + 1], start=1):
                Membership.objects.create(
                    proposal=proposal,
                    organisation=organisation,
                    role="full_partner" if position % 3 else "associated_partner",
                    position=position,
                    contact_email=f"contact{position}@example.org",
                    contact_name=f"Contact {position}",
                )
        proposals[size] = proposal.pk
    return user, proposals


def render_times(user: object, proposals: dict[int, int], requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for page in PAGES:
        for size, pk in proposals.items():
            url = f"/proposals/{pk}/{page}/"
            client.get(url)  # warm the template loaders and the connection
            runs, cpu = [], []
            for _ in range(requests):
                with CaptureQueriesContext(connection) as queries:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    cpu.append(time.process_time() - start_cpu)
                    runs.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
            ms, cpu_ms = statistics.median(runs) * 1000, statistics.median(cpu) * 1000
            print(
                f"{page:>8}, {size:>2} partners: {ms:6.1f} ms ({cpu_ms:5.1f} ms CPU)"
                f"  {len(queries):>2} queries"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-http", action="store_true", help="render times only")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():  # DEBUG is off: the manifest
        call_command("collectstatic", "--no-input", verbosity=0)
    user, proposals = seed()
    render_times(user, proposals, args.requests)
    if args.no_http:
        return
    cookie = session_cookie(user)
    with gunicorn(workers=args.workers) as base:
        baseline = wrk(
            f"{base}/health/", seconds=args.seconds, connections=args.connections, cookie=cookie
        )
        print(f"trivial view /health/:     {baseline:8.0f} req/s")
        for page in PAGES:
            pk = proposals[max(SIZES)]
            url = f"{base}/proposals/{pk}/{page}/"
            rate = wrk(url, seconds=args.seconds, connections=args.connections, cookie=cookie)
            ratio = rate / baseline
            print(f"{page:>8}, {max(SIZES)} partners: {rate:8.1f} req/s  ratio {ratio:.4f}")


if __name__ == "__main__":
    main()

"""The admin's proposal list with 10,000 proposals: p50 and p95 of 100 requests each for the
first page, later pages, the eligibility filter (stored verdicts: a database query) alone and
with the lot filter, over HTTP to gunicorn (one worker, requests one after another), signed in
as a superuser. Also how long the rules-change refresh takes for every proposal.

    .venv/bin/python bench/admin_list.py [--proposals 10000] [--requests 100]

Uses its own database (portal_bench_admin unless BENCH_DATABASE_URL says otherwise), filled
once with bulk_create. Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services).
"""

import argparse
import os
import random
import time
import urllib.parse
import urllib.request

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_admin")
from common import (  # after: it reads the URL above
    collect_static,
    gunicorn,
    print_latency,
    session_cookie,
    setup_django,
)

COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "PT", "CH", "AL"]
KINDS = ["enterprise", "vet_provider", "chamber", "employers_organisation", "other"]


def seed(total: int) -> object:
    """``total`` draft proposals over the default call's lots, each with an applicant and 1 to
    6 partners from a directory of 3,000 organisations (created once); a superuser."""
    from django.contrib.auth import get_user_model

    from consortia.models import Membership, Organisation, Proposal
    from lots.choices import Role
    from lots.models import Lot

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin@example.org",
        defaults={"is_staff": True, "is_superuser": True, "email": "bench-admin@example.org"},
    )
    if Proposal.objects.count() < total:
        Membership.objects.all().delete()
        Proposal.objects.all().delete()
        Organisation.objects.all().delete()
        random.seed(13)
        organisations = Organisation.objects.bulk_create(
            Organisation(
                legal_name=f"Bench organisation {number}",
                country=COUNTRIES[number % len(COUNTRIES)],
                kind=KINDS[number % len(KINDS)],
                size="small" if KINDS[number % len(KINDS)] == "enterprise" else "",
            )
            for number in range(3_000)
        )
        lots = list(Lot.objects.filter(call__is_default=True))
        proposals = Proposal.objects.bulk_create(
            (
                Proposal(
                    lot=lots[number % len(lots)],
                    owner=admin,
                    acronym=f"B{number:05d}",
                    title=f"Bench proposal {number}",
                    duration_years=random.choice([2, 3, 4]),
                )
                for number in range(total)
            ),
            batch_size=2_000,
        )
        members = []
        for proposal in proposals:
            chosen = random.sample(organisations, random.randint(2, 7))
            for position, organisation in enumerate(chosen):
                members.append(
                    Membership(
                        proposal=proposal,
                        organisation=organisation,
                        role=Role.APPLICANT if position == 0 else Role.FULL_PARTNER,
                        status="accepted" if position == 0 or random.random() < 0.8 else "invited",
                        position=position,
                    )
                )
        Membership.objects.bulk_create(members, batch_size=5_000)
    return admin


def refresh_all() -> float:
    """Every proposal's verdict computed and stored as the rules-change task does (seconds)."""
    from consortia import services
    from lots.models import Lot

    start = time.perf_counter()
    services.refresh_lot_verdicts(lot_ids=list(Lot.objects.values_list("pk", flat=True)))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    arguments = parser.parse_args()
    setup_django()
    from django.db import connection

    from consortia.models import Proposal
    from lots.models import Lot

    collect_static()
    admin = seed(arguments.proposals)
    seconds = refresh_all()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consortia_proposal")
        cursor.execute("ANALYZE consortia_membership")
    eligible = Proposal.objects.filter(eligible=True).count()
    print(
        f"refresh of {arguments.proposals} verdicts: {seconds:.1f} s "
        f"({arguments.proposals / seconds:.0f} proposals/s); {eligible} eligible"
    )
    cookie = session_cookie(admin)
    lot = Lot.objects.get(call__is_default=True, number=1).pk
    cases = {
        "first page": {},
        "page 50": {"p": 49},
        "eligible": {"eligible": "yes"},
        "not eligible": {"eligible": "no"},
        "not eligible, p 30": {"eligible": "no", "p": 29},
        "lot + eligible": {"lot__id__exact": lot, "eligible": "yes"},
    }
    with gunicorn(workers=1) as base:
        for name, params in cases.items():
            url = f"{base}/admin/consortia/proposal/?{urllib.parse.urlencode(params)}"
            print_latency(name, url, cookie, arguments.requests)


if __name__ == "__main__":
    main()

"""Throughput of the eligibility check endpoint with 10 and 40 partners, as a ratio to the
trivial /health/ view served the same way (gunicorn, PostgreSQL), measured in one run with wrk.

    .venv/bin/python bench/check_endpoint.py [--seconds 10] [--connections 16] [--workers 2]

Needs PostgreSQL on 127.0.0.1 (scripts/ensure-services) and wrk (apt-get install wrk). Uses
its own database, portal_bench, created and migrated on first use.
"""

import argparse
import re
import subprocess
import tempfile
from urllib.parse import urlencode

from common import CSRF_SECRET, PORT, gunicorn, session_cookie, setup_django


def seed() -> tuple[str, dict[int, tuple[int, str]]]:
    """A coordinator signed in, and one Lot 2 proposal per consortium size: the Cookie header
    and, per size, the proposal id and the body the panel posts for its partners step."""
    from django.contrib.auth import get_user_model

    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    user, _ = get_user_model().objects.get_or_create(
        username="bench@example.org", email="bench@example.org"
    )
    countries = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "PT", "CH"]
    kinds = [
        "enterprise",
        "vet_provider",
        "chamber",
        "employers_organisation",
        "research_institute",
    ]
    organisations = []
    for number in range(45):
        kind = kinds[number % len(kinds)]
        organisation, _ = Organisation.objects.get_or_create(
            pic=f"{900_000_000 + number}",
            defaults={
                "legal_name": f"Bench organisation {number}",
                "country": countries[number % len(countries)],
                "kind": kind,
                "size": "small" if kind == "enterprise" else "",
            },
        )
        organisations.append(organisation)
    bodies = {}
    for size in (10, 40):
        proposal, created = Proposal.objects.get_or_create(
            owner=user,
            acronym=f"BENCH-{size}",
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
                    role="full_partner",
                    position=position,
                )
        data = {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "version": proposal.version,
            "partners-TOTAL_FORMS": size,
            "partners-INITIAL_FORMS": 0,
        }
        for index, organisation in enumerate(organisations[1 : size + 1]):
            data[f"partners-{index}-organisation"] = organisation.pk
            data[f"partners-{index}-role"] = "full_partner"
            data[f"partners-{index}-contact_email"] = f"c{index}@example.org"
        bodies[size] = (proposal.pk, urlencode(data))
    return session_cookie(user), bodies


def wrk(url: str, seconds: int, connections: int, cookie: str, body: str | None) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        method = "POST" if body else "GET"
        script.write(
            f'wrk.method = "{method}"\n'
            f'wrk.headers["Cookie"] = "{cookie}"\n'
            f'wrk.headers["X-CSRFToken"] = "{CSRF_SECRET}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.headers["Referer"] = "http://127.0.0.1:{PORT}/"\n'
            + (f"wrk.body = [[{body}]]\n" if body else "")
        )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    setup_django()
    cookie, bodies = seed()
    with gunicorn(workers=args.workers) as base:
        baseline = wrk(f"{base}/health/", args.seconds, args.connections, cookie, None)
        print(f"trivial view /health/:            {baseline:8.0f} req/s")
        for size, (pk, body) in bodies.items():
            url = f"{base}/proposals/{pk}/check/partners/"
            rate = wrk(url, args.seconds, args.connections, cookie, body)
            ratio = rate / baseline
            print(f"check endpoint, {size:>2} partners:     {rate:8.0f} req/s  ratio {ratio:.3f}")


if __name__ == "__main__":
    main()

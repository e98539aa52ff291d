"""How long one invitation takes from the coordinator's click to the SMTP server: the time
from sending the "Invite" POST (gunicorn, PostgreSQL) until an aiosmtpd server on loopback has
received the email, sent by a Celery worker on Redis. Median of 20 by default.

    .venv/bin/python bench/invitation_latency.py [--runs 20]

Needs PostgreSQL and Redis on 127.0.0.1 (scripts/ensure-services).
"""

import argparse
import os
import statistics
import subprocess
import threading
import time
import urllib.parse
import urllib.request

from aiosmtpd.controller import Controller
from common import CSRF_SECRET, ROOT, gunicorn, session_cookie, setup_django

BROKER = "redis://127.0.0.1:6379/14"


class Arrivals:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.at = 0.0

    async def handle_DATA(self, server, session, envelope):
        self.at = time.perf_counter()
        self.event.set()
        return "250 OK"


def seed() -> tuple[str, int, int]:
    from django.contrib.auth import get_user_model

    from consortia.models import Membership, Organisation, Proposal
    from lots.models import Lot

    user, _ = get_user_model().objects.get_or_create(
        username="bench@example.org", email="bench@example.org"
    )
    proposal, created = Proposal.objects.get_or_create(
        owner=user,
        acronym="BENCH-MAIL",
        defaults={"lot": Lot.objects.get(call__is_default=True, number=1), "duration_years": 3},
    )
    if created:
        applicant = Organisation.objects.create(
            legal_name="Bench applicant", country="DE", kind="other"
        )
        Membership.objects.create(proposal=proposal, organisation=applicant, role="applicant")
        partner = Organisation.objects.create(
            legal_name="Bench partner", country="FR", kind="other"
        )
        Membership.objects.create(
            proposal=proposal,
            organisation=partner,
            role="full_partner",
            contact_email="partner@example.org",
        )
    membership = proposal.memberships.get(role="full_partner")
    return session_cookie(user), proposal.pk, membership.pk


def click(url: str, cookie: str) -> None:
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF_SECRET}).encode()
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie, "Referer": url})
    opener = urllib.request.build_opener(NoRedirect)
    opener.open(request, timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None

    def http_error_302(self, request, response, code, message, headers):  # type: ignore[no-untyped-def]
        return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    arrivals = Arrivals()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=8025)
    smtp.start()
    services = {"CELERY_BROKER_URL": BROKER, "MAIL_URL": "smtp://127.0.0.1:8025"}
    setup_django(**services)
    from consortia.models import Invitation, Membership

    cookie, proposal_id, membership_id = seed()
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "portal", "worker", "--pool=solo", "-l", "warning"],
        cwd=ROOT,
        env={**os.environ, **services},
    )
    times, responded = [], []
    try:
        with gunicorn(**services) as base:
            url = f"{base}/proposals/{proposal_id}/members/{membership_id}/invite/"
            time.sleep(3)  # let the worker connect to the broker
            for _ in range(args.runs + 1):  # the first run warms up and is not counted
                Invitation.objects.filter(membership_id=membership_id).delete()
                Membership.objects.filter(pk=membership_id).update(status="to_invite")
                arrivals.event.clear()
                start = time.perf_counter()
                click(url, cookie)
                responded.append((time.perf_counter() - start) * 1000)
                if not arrivals.event.wait(timeout=30):
                    raise TimeoutError("no email arrived")
                times.append((arrivals.at - start) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        smtp.stop()
    counted = sorted(times[1:])
    median, p90 = statistics.median(counted), counted[int(len(counted) * 0.9) - 1]
    print(f"the click's HTTP response: median {statistics.median(responded[1:]):.0f} ms")
    print(
        f"invitation, click to SMTP server, {len(counted)} runs: median {median:.0f} ms, "
        f"p90 {p90:.0f} ms, min {counted[0]:.0f} ms, max {counted[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()

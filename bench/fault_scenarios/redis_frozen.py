"""Redis stops answering (SIGSTOP): connections are accepted, nothing is read."""

import re
import time

from .browser import Browser
from .proposals import contact, proposal
from .scenario import Bench, Row
from .waiting import seconds, until

# Shorter than the 52 s but of the same order: longer than a publish's timeout and
# the breaker, and than the first steps of the workers' reconnection.
REDIS_FROZEN_SECONDS = 20


def redis_frozen(bench: Bench) -> Row:
    row = Row(
        f"Redis frozen (SIGSTOP) for {REDIS_FROZEN_SECONDS} s",
        "/health/, /ready/, dashboard, Invite all (3 partners), dashboard and /health/ again",
    )
    countries = ["FR", "IT", "PL"]
    addresses = [contact("FROZEN", country) for country in countries]
    frozen = proposal(bench.coordinator, "FROZEN", countries)
    anyone = Browser(bench.base)
    bench.settled()

    bench.redis.freeze()
    froze = time.monotonic()
    pages = {
        "/health/": anyone.get("/health/"),
        "/ready/": anyone.get("/ready/"),
        "dashboard": bench.me.get("/proposals/"),
        "Invite all": bench.me.post(f"/proposals/{frozen.pk}/members/invite/"),
        "dashboard again": bench.me.get("/proposals/"),
        "/health/ again": anyone.get("/health/"),
    }
    failing = [
        name
        for name, check in re.findall(r'"(\w+)": \{"ok": (\w+)', pages["/ready/"].text)
        if check == "false"
    ]
    time.sleep(max(0.0, REDIS_FROZEN_SECONDS - (time.monotonic() - froze)))
    bench.redis.thaw()
    timeout = 90
    sent_in = until(lambda: all(bench.mailbox.to(a) for a in addresses), timeout)

    slowest = max(page.first for page in pages.values())
    row.seen = [f"{name}: {page.summary()}" for name, page in pages.items()]
    row.seen.append(
        f"/ready/ names as failing: {', '.join(failing) or 'nothing'}; slowest answer "
        f"{slowest:.2f} s ({'under' if slowest < 2 else 'OVER'} 2 s); after the thaw the 3 "
        f"invitations arrived within {seconds(sent_in, timeout)}"
    )

    def final() -> None:
        counts = [len(bench.mailbox.to(a)) for a in addresses]
        row.lost = f"{counts.count(0)} of 3 invitations"
        row.duplicated = f"{sum(max(0, c - 1) for c in counts)} extra emails"

    bench.finals.append(final)
    return row

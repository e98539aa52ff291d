"""The mail server stores each message but answers after the workers' SMTP client gave up."""

from collections import Counter

from .browser import Browser
from .proposals import contact, proposal
from .scenario import Bench, Row, member_states
from .servers import SMTP_TIMEOUT, Mail
from .waiting import seconds, until

SMTP_DELAY_SECONDS = 12


def smtp_late(bench: Bench) -> Row:
    from django.db.models import Max

    from consortia.models import Invitation

    row = Row(
        f"SMTP stores the message but answers after {SMTP_DELAY_SECONDS} s "
        f"(client timeout {SMTP_TIMEOUT} s)",
        "Invite all, 6 partners",
    )
    countries = ["FR", "IT", "ES", "PL", "NL", "AT"]
    slow = proposal(bench.coordinator, "SLOW", countries)
    addresses = [contact("SLOW", country) for country in countries]
    bench.settled()

    bench.mailbox.delay = SMTP_DELAY_SECONDS
    page = bench.me.post(f"/proposals/{slow.pk}/members/invite/")
    timeout = 150
    window = until(lambda: all(len(bench.mailbox.to(a)) >= 2 for a in addresses), timeout, 0.5)
    bench.mailbox.delay = 0
    states = member_states(bench.me, slow)
    attempts = Invitation.objects.filter(membership__proposal=slow).aggregate(most=Max("attempts"))

    def emails() -> dict[str, list[Mail]]:
        return {a: bench.mailbox.to(a) for a in addresses}

    def links() -> dict[str, set[str]]:
        return {a: {m.link for m in mails} for a, mails in emails().items()}

    def per_partner(counts: list[int]) -> str:
        return ", ".join(f"{n} x {count}" for count, n in sorted(Counter(counts).items()))

    opened: Counter[str] = Counter()
    for link in set().union(*links().values()):
        answer = Browser(bench.base).get(link)
        ok = answer.statuses == [200] and "You are invited to join SLOW" in answer.text
        opened["the invitation page (200)" if ok else f"{answer.statuses}"] += 1
    row.seen = [
        f"Invite all: {page.summary()}",
        f"every partner had 2 emails {seconds(window, timeout)} after the click (first "
        f"attempts 2 at a time, {SMTP_TIMEOUT} s each; the next after a 30 s backoff and a "
        f"sweep); by then at most {attempts['most']} attempts per invitation, emails per "
        f"partner {per_partner([len(m) for m in emails().values()])}, distinct links per "
        f"partner {per_partner([len(ls) for ls in links().values()])}",
        f"each distinct link opened: {dict(opened)}; members table then: {states}",
    ]

    def final() -> None:
        counts = [len(m) for m in emails().values()]
        row.lost = f"{sum(not ls for ls in links().values())} of 6 partners without a link"
        row.duplicated = (
            f"{sum(counts) - 6} extra emails (per partner {per_partner(counts)}), "
            f"{sum(len(ls) - 1 for ls in links().values() if ls)} extra links"
        )
        row.seen.append(
            f"at the end of the run, the server answering in time since: members table "
            f"{member_states(bench.me, slow)}"
        )

    bench.finals.append(final)
    return row

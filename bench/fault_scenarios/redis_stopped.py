"""Redis refuses connections while a coordinator and a partner act; then it is back, empty."""

import time
from typing import Any
from urllib.parse import urlsplit

from common import session_cookie

from .browser import Browser
from .proposals import contact, partners, person, proposal, ready_proposal, save_and_invite_data
from .scenario import Bench, Row, member_states
from .servers import Mail
from .waiting import until

# Shorter than the 45 s but of the same order: longer than a publish's timeout and
# the breaker, and than the first steps of the workers' reconnection.
REDIS_DOWN_SECONDS = 30


def redis_stopped(bench: Bench) -> Row:
    from django.utils import timezone

    from consortia import services
    from consortia.models import ExportJob, Membership, Proposal, Submission

    row = Row(
        f"Redis refuses connections for {REDIS_DOWN_SECONDS} s (stopped; started again empty)",
        "save-and-invite (5 partners), PDF export, resend, submit, a partner's accept",
    )
    me, coordinator, inbox = bench.me, bench.coordinator, bench.mailbox
    invite = proposal(coordinator, "INVITE", [])
    countries = ["FR", "IT", "ES", "PL", "NL"]
    addresses = [contact("INVITE", country) for country in countries]
    form = save_and_invite_data(invite, countries)
    ready = ready_proposal(coordinator, "SUBMIT")
    answer = proposal(coordinator, "ANSWER", ["PL", "NL"])
    resent, accepting = partners(answer)
    services.invite_members(proposal=answer, by=coordinator, membership_ids=[resent.pk])
    copied = urlsplit(services.create_link(membership=accepting, by=coordinator)).path
    partner = Browser(bench.base, session_cookie(person(accepting.contact_email)))
    partner.get(copied)  # the partner opened the link, signed in
    accept_form = {
        "legal_name": accepting.organisation.legal_name,
        "kind": "enterprise",
        "size": "small",
        "mandate_version": services.invitations.latest_mandate().version,
        "mandate": "on",
    }
    until(lambda: inbox.to(resent.contact_email), 30)
    bench.settled()

    bench.redis.stop()
    down = time.monotonic()
    pages = {
        "save-and-invite": me.post(f"/proposals/{invite.pk}/partners/", form),
        "export": me.post(f"/proposals/{invite.pk}/exports/", {"format": "pdf"}),
        "resend": me.post(f"/proposals/{answer.pk}/members/{resent.pk}/resend/"),
        "submit": me.post(f"/proposals/{ready.pk}/submit/"),
        "accept": partner.post("/invitations/respond/", accept_form),
    }
    job = ExportJob.objects.filter(proposal=invite).first()
    committed = (
        f"{sum(m.status == 'invited' for m in partners(invite))} of 5 partners invited, "
        f"export job {job.status if job else 'missing'}, proposal "
        f"{Proposal.objects.get(pk=ready.pk).status}, partner "
        f"{Membership.objects.get(pk=accepting.pk).status}; members table "
        f"{member_states(me, invite)}"
    )
    time.sleep(max(0.0, REDIS_DOWN_SECONDS - (time.monotonic() - down)))
    bench.redis.start()
    up, up_at = time.monotonic(), timezone.now()

    notice = f"{accepting.organisation.legal_name} accepted"

    def effects() -> dict[str, list[Mail]]:
        return {
            **{a: inbox.to(a) for a in addresses},
            "resent invitation": inbox.to(resent.contact_email, since=down),
            "receipt": inbox.to(coordinator.email, since=down, subject="Receipt: SUBMIT"),
            "accept notice": inbox.to(coordinator.email, since=down, subject=notice),
        }

    def exported() -> Any:
        return ExportJob.objects.filter(proposal=invite, status="done").first()

    timeout = 120
    until(lambda: all(effects().values()) and exported(), timeout)
    arrived = {name: mails[0].at - up for name, mails in effects().items() if mails}
    job = exported()
    back = [
        f"the 5 invitations {max(arrived[a] for a in addresses):.1f} s"
        if all(a in arrived for a in addresses)
        else f"the 5 invitations: {sum(a in arrived for a in addresses)} within {timeout} s"
    ]
    back += [
        f"{name} {arrived[name]:.1f} s" if name in arrived else f"{name} not within {timeout} s"
        for name in ("resent invitation", "receipt", "accept notice")
    ]
    back.append(
        f"the export done {(job.finished_at - up_at).total_seconds():.1f} s"
        if job
        else f"the export not done within {timeout} s"
    )
    row.seen = [f"{action}: {page.summary()}" for action, page in pages.items()]
    row.seen.append(f"saved while Redis was down: {committed}")

    def final() -> None:
        effects_now = effects()
        jobs = ExportJob.objects.filter(proposal=invite)
        files = list((bench.exports_dir / str(invite.pk)).rglob("*.pdf"))
        lost = [name for name, mails in effects_now.items() if not mails]
        if not (jobs.filter(status="done").exists() and files):
            lost.append("export")
        row.lost = f"{len(lost)} of 9 (5 invitations, the resent one, receipt, notice, export)"
        if lost:
            row.lost += f": {', '.join(lost)}"
        row.duplicated = (
            f"{sum(len(m) - 1 for m in effects_now.values() if m)} extra emails, "
            f"{jobs.count() - 1} extra export jobs, {len(files) - 1} extra files, "
            f"{Submission.objects.filter(proposal=ready).count() - 1} extra submissions"
        )
        row.seen.append(
            f"after Redis came back: {', '.join(back)}; members table at the end "
            f"{member_states(me, invite)}"
        )

    bench.finals.append(final)
    return row

"""Integrity checks for ``manage.py check_integrity``: rows in states that the services never
leave behind. Each check returns one line per finding, naming the rows by id. Each finding
comes from one query, so that services writing meanwhile cannot make one up."""

import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from consortia import snapshots
from consortia.models import ExportJob, Invitation, Membership, Proposal, Submission
from consortia.services.invitations import PENDING
from lots.choices import Role
from outbox.models import Intent
from outbox.publish import pickup_wait
from outbox.worker import lease


def member(membership_id: int, proposal_id: int) -> str:
    return f"membership {membership_id} (proposal {proposal_id})"


def shared(rows: QuerySet[Any], *fields: str) -> dict[tuple[Any, ...], list[int]]:
    """The ids of ``rows`` that share the values of ``fields`` with another of ``rows``,
    grouped by those values."""
    twin = rows.filter(**{name: OuterRef(name) for name in fields}).exclude(pk=OuterRef("pk"))
    found = defaultdict(list)
    for *values, pk in rows.filter(Exists(twin)).order_by(*fields, "pk").values_list(*fields, "pk"):
        found[tuple(values)].append(pk)
    return found


def ids(pks: list[int]) -> str:
    return ", ".join(map(str, pks))


def orphan_memberships() -> list[str]:
    """Memberships whose proposal is gone: the foreign key cascades, so only raw SQL or a
    broken migration leaves one."""
    orphans = Membership.objects.filter(
        ~Exists(Proposal.objects.filter(pk=OuterRef("proposal_id")))
    ).order_by("pk")
    return [
        f"membership {pk} belongs to proposal {proposal_id}, which does not exist"
        for pk, proposal_id in orphans.values_list("pk", "proposal_id")
    ]


def duplicate_members() -> list[str]:
    """What Membership's unique constraints forbid: an organisation twice in a proposal, or
    two applicants."""
    twice = shared(Membership.objects.all(), "proposal_id", "organisation_id")
    applicants = shared(Membership.objects.filter(role=Role.APPLICANT), "proposal_id")
    return [
        f"proposal {proposal} has organisation {organisation} in memberships {ids(pks)}"
        for (proposal, organisation), pks in twice.items()
    ] + [
        f"proposal {proposal} has {len(pks)} applicants: memberships {ids(pks)}"
        for (proposal,), pks in applicants.items()
    ]


# What a partner's status requires among its invitations: only accept_invitation accepts and
# only decline_invitation declines (each with its invitation); every way to "invited" queues
# or sends an invitation, and every way out of it revokes the pending ones. An expired link
# keeps its status, so expiry changes none of this.
REQUIRED = [
    (Membership.Status.ACCEPTED, (Invitation.Status.ACCEPTED,), "an accepted invitation"),
    (Membership.Status.DECLINED, (Invitation.Status.DECLINED,), "a declined invitation"),
    (Membership.Status.INVITED, PENDING, "a pending invitation (queued, sent or failed)"),
]
# And what an invitation's status requires of its partner: an accepted invitation is revoked
# when its partner is asked again (a new role or contact), and accepting, declining, revoking
# and a new contact email revoke the pending links.
IMPLIED = [
    ((Invitation.Status.ACCEPTED,), Membership.Status.ACCEPTED),
    (PENDING, Membership.Status.INVITED),
]


def invitation_states() -> list[str]:
    """Partners whose status disagrees with their invitations, answers given twice, and sent
    invitations without a time. The applicant is left out but for the twice accepted: it is
    never invited, the engine ignores its status, and a partner chosen as the applicant
    keeps whatever status and links it had."""
    partners = Membership.objects.exclude(role=Role.APPLICANT).order_by("pk")
    findings = []
    for status, invitation_statuses, wanted in REQUIRED:
        having = Invitation.objects.filter(
            membership=OuterRef("pk"), status__in=invitation_statuses
        )
        lacking = partners.filter(~Exists(having), status=status)
        findings += [
            f"{member(pk, proposal)} is {status} without {wanted}"
            for pk, proposal in lacking.values_list("pk", "proposal_id")
        ]
    for invitation_statuses, status in IMPLIED:
        wrong = (
            Invitation.objects.filter(status__in=invitation_statuses)
            .exclude(membership__role=Role.APPLICANT)
            .exclude(membership__status=status)
            .order_by("pk")
        )
        findings += [
            f"invitation {pk} is {invitation_status}, but its {member(membership, proposal)} "
            f"is {membership_status}"
            for pk, invitation_status, membership, proposal, membership_status in wrong.values_list(
                "pk", "status", "membership_id", "membership__proposal_id", "membership__status"
            )
        ]
    accepted = Invitation.objects.filter(status=Invitation.Status.ACCEPTED)
    findings += [
        f"{member(membership, proposal)} has {len(pks)} accepted invitations: {ids(pks)}"
        for (proposal, membership), pks in shared(
            accepted, "membership__proposal_id", "membership_id"
        ).items()
    ]
    unsent = Invitation.objects.filter(status=Invitation.Status.SENT, sent_at__isnull=True)
    findings += [
        f"invitation {pk} of {member(membership, proposal)} is sent without a sent time"
        for pk, membership, proposal in unsent.order_by("pk").values_list(
            "pk", "membership_id", "membership__proposal_id"
        )
    ]
    return findings


def submission_fingerprints() -> list[str]:
    """Submissions whose snapshot no longer gives the SHA-256 the coordinator's receipt shows."""
    findings = []
    for submission in Submission.objects.order_by("pk").iterator(chunk_size=100):
        actual = snapshots.sha256(submission.snapshot)
        if actual != submission.sha256:
            findings.append(
                f"submission {submission.pk} (proposal {submission.proposal_id}) has SHA-256 "
                f"{submission.sha256[:12]}…, but its snapshot gives {actual[:12]}…"
            )
    return findings


def outbox_grace() -> timedelta:
    """How far past its due time or deadline an open intent may be while all is well: the
    longest wait the outbox sets (its last pickup wait, the longest backoff, a lease) and
    one sweep; an hour at least."""
    # pickup_wait stops doubling after a few publishes; a large count gives its last wait.
    backoff = timedelta(seconds=settings.OUTBOX_MAX_BACKOFF_SECONDS)
    longest = max(pickup_wait(sys.maxsize), backoff, lease())
    return max(timedelta(hours=1), longest + timedelta(seconds=settings.OUTBOX_SWEEP_SECONDS))


def stuck_intents() -> list[str]:
    """Open intents long past their deadline (the worker gives one up on its next run), or
    long past their due time (the sweep should have published them again)."""
    now = timezone.now()
    late = now - outbox_grace()
    stuck = Intent.objects.filter(
        Q(deadline__lt=late) | Q(due_at__lt=late), done_at__isnull=True, given_up_at__isnull=True
    )
    findings = []
    for intent in stuck.order_by("pk"):
        about = ", ".join(f"{k}={v}" for k, v in intent.kwargs.items() if k.endswith("_id"))
        name = f"intent {intent.pk} ({intent.task}{', ' if about else ''}{about})"
        if intent.deadline is not None and intent.deadline < late:
            findings.append(f"{name} is open {since(intent.deadline, now)} after its deadline")
        else:
            findings.append(f"{name} is open {since(intent.due_at, now)} after it was due")
    return findings


def since(moment: datetime, now: datetime) -> str:
    minutes = int((now - moment).total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min"


def missing_exports() -> list[str]:
    """Export jobs done without their file, or whose file is not in the exports storage."""
    findings = []
    done = ExportJob.objects.filter(status=ExportJob.Status.DONE).order_by("pk")
    for job in done.only("pk", "proposal_id", "file"):
        name = f"export job {job.pk} (proposal {job.proposal_id})"
        if not job.file:
            findings.append(f"{name} is done without a file")
        elif not job.file.storage.exists(job.file.name):
            findings.append(f"{name} is done, but its file {job.file.name} is not in storage")
    return findings


CHECKS: list[tuple[str, Callable[[], list[str]]]] = [
    ("Memberships without a proposal", orphan_memberships),
    ("Duplicate members", duplicate_members),
    ("Impossible invitation states", invitation_states),
    ("Submissions that do not match their SHA-256", submission_fingerprints),
    ("Outbox intents stuck open", stuck_intents),
    ("Export jobs done without their file", missing_exports),
]

"""Proposals and their members: who takes part in what, and the applicants' proposals the
one-applicant-per-sector rule reads."""

from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from consortia import snapshots
from consortia.models import Membership, Proposal, Submission
from lots.choices import Role
from lots.models import Lot
from lots.selectors import lots_with_rules

User = AbstractBaseUser | AnonymousUser


class ApplicantProposal(NamedTuple):
    """A live proposal (not withdrawn) seen from its applicant, for the one-applicant-per-sector
    rule. ``sector_codes`` is its sector followed by its ancestors (empty without a sector)."""

    organisation_id: int
    call_id: int
    proposal_id: int
    acronym: str
    sector_codes: tuple[str, ...]
    submitted: bool


def memberships_with_organisations() -> QuerySet[Membership]:
    """Members with their organisation and who confirmed their mandate (the exports show
    both): one query for any number of members."""
    return Membership.objects.select_related("organisation", "mandate_confirmed_by").order_by(
        "position", "pk"
    )


def proposals_with_consortium() -> QuerySet[Proposal]:
    """Proposals with their lot, sector and members: a fixed number of queries for any number
    of proposals and members (the lot's rules come from ``lots.catalogue``)."""
    return Proposal.objects.select_related("lot__call", "sector__parent", "owner").prefetch_related(
        Prefetch("memberships", queryset=memberships_with_organisations()),
    )


def proposals_with_members() -> QuerySet[Proposal]:
    """Proposals with their lot, call, sector and members' organisations, without the lots'
    rules: what lists that read stored verdicts show. A fixed number of queries."""
    return Proposal.objects.select_related("lot__call", "sector__parent", "owner").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by("position", "pk"),
        )
    )


def submitted_snapshots(proposal_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """The snapshot of the current submission of each of the proposals that has one."""
    found: dict[int, dict[str, object]] = {}
    submissions = Submission.objects.filter(
        proposal_id__in=list(proposal_ids), withdrawn_at__isnull=True
    ).order_by("-submitted_at", "-pk")
    for proposal_id, snapshot in submissions.values_list("proposal_id", "snapshot"):
        found.setdefault(proposal_id, snapshot)
    return found


def show_as_submitted(proposals: Iterable[Proposal]) -> None:
    """Give the members of each submitted proposal (prefetched, as from
    ``proposals_with_consortium``) the organisation data of its snapshot, in memory: reviewers
    and exports see what was submitted, whatever the directory says since. One query."""
    submitted = [p for p in proposals if p.status == Proposal.Status.SUBMITTED]
    found = submitted_snapshots(p.pk for p in submitted)
    for proposal in submitted:
        if proposal.pk in found:
            snapshots.show_members_as_submitted(
                list(proposal.memberships.all()), found[proposal.pk]
            )


def proposals_for(user: User) -> QuerySet[Proposal]:
    """The proposals a user takes part in: those they coordinate and those whose invitation
    they accepted for a member organisation."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return proposals_with_consortium().filter(taking_part(user))


def proposal_list_for(user: User) -> QuerySet[Proposal]:
    """The proposals of ``proposals_for`` as their list shows them: with their lot, call and
    ``member_count``, in one query (their stored verdicts need no members)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return (
        Proposal.objects.select_related("lot__call")
        .filter(taking_part(user))
        .annotate(member_count=Count("memberships"))
    )


def taking_part(user: User) -> Q:
    """Coordinating the proposal, or a contact whose invitation to it was accepted."""
    member_of = Membership.objects.filter(
        proposal=OuterRef("pk"), contact_user=user, status=Membership.Status.ACCEPTED
    )
    return Q(owner=user) | Exists(member_of)


def accepted_member(user: User, proposal: Proposal) -> bool:
    """Whether the user is the contact of one of the proposal's members and accepted its
    invitation."""
    return proposal.memberships.filter(
        contact_user_id=user.pk, status=Membership.Status.ACCEPTED
    ).exists()


def proposals_owned_by(user: User) -> QuerySet[Proposal]:
    """The proposals a user coordinates: the only ones the wizard opens for them."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return proposals_with_consortium().filter(owner=user)


def proposal_lots_owned_by(user: User) -> QuerySet[Proposal]:
    """The proposals a user coordinates with their lot and call, nothing more: what the
    wizard's sector suggestions read."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(owner=user).select_related("lot__call")


def open_lots() -> QuerySet[Lot]:
    return lots_with_rules().filter(call__is_open=True).order_by("call", "number")


def applicant_of(proposal: Proposal) -> Membership | None:
    """The applicant's membership, from the prefetched members."""
    return next((m for m in proposal.memberships.all() if m.role == Role.APPLICANT), None)


def partners_of(proposal: Proposal) -> list[Membership]:
    return [m for m in proposal.memberships.all() if m.role != Role.APPLICANT]


def applicant_proposals(pairs: Iterable[tuple[int, int]]) -> list[ApplicantProposal]:
    """Every live proposal (not withdrawn) whose applicant is one of the (organisation id,
    call id) pairs, in that call. One query for any number of pairs: by the organisations'
    index, the pairs kept here (an OR of 100 pairs made PostgreSQL read every member)."""
    wanted = set(pairs)
    if not wanted:
        return []
    rows = (
        Membership.objects.filter(
            organisation_id__in={organisation_id for organisation_id, _ in wanted},
            proposal__lot__call_id__in={call_id for _, call_id in wanted},
            role=Role.APPLICANT,
        )
        .exclude(proposal__status=Proposal.Status.WITHDRAWN)
        .values_list(
            "organisation_id",
            "proposal__lot__call_id",
            "proposal_id",
            "proposal__acronym",
            "proposal__status",
            "proposal__sector__code",
            "proposal__sector__parent__code",
            "proposal__sector__parent__parent__code",
        )
    )
    return [
        ApplicantProposal(
            organisation_id,
            call_id,
            proposal_id,
            acronym,
            tuple(code for code in codes if code),
            status == Proposal.Status.SUBMITTED,
        )
        for organisation_id, call_id, proposal_id, acronym, status, *codes in rows
        if (organisation_id, call_id) in wanted
    ]


def applicant_proposals_for(proposals: Iterable[Proposal]) -> list[ApplicantProposal]:
    """``applicant_proposals`` the applicants of saved proposals, in their calls."""
    return applicant_proposals(
        (applicant.organisation_id, p.lot.call_id)
        for p in proposals
        if (applicant := applicant_of(p)) is not None
    )


def current_submission(proposal: Proposal) -> Submission | None:
    """The proposal's submission not withdrawn, if it has one (one query)."""
    return proposal.submissions.filter(withdrawn_at__isnull=True).first()


def find_applicant(proposal: Proposal) -> Membership | None:
    """The applicant's membership with its organisation, in one query (``applicant_of`` reads
    members already prefetched)."""
    return proposal.memberships.filter(role=Role.APPLICANT).select_related("organisation").first()

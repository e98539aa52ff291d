"""Reads shared by views, admin, exports and tasks; every join and prefetch lives here."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from consortia.models import Membership, Proposal
from lots.choices import Role
from lots.selectors import lots_with_rules


def memberships_with_organisations() -> QuerySet[Membership]:
    return Membership.objects.select_related("organisation").order_by("position", "pk")


def proposals_with_consortium() -> QuerySet[Proposal]:
    """Proposals with their lot's rules, sector and members: a fixed number of queries for any
    number of proposals and members."""
    return Proposal.objects.select_related("sector__parent", "owner").prefetch_related(
        Prefetch("lot", queryset=lots_with_rules()),
        Prefetch("memberships", queryset=memberships_with_organisations()),
    )


def proposals_for(user: object) -> QuerySet[Proposal]:
    """The proposals a user may see: those they own."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return proposals_with_consortium().filter(owner=user)


def applicant_of(proposal: Proposal) -> Membership | None:
    """The applicant's membership, from the prefetched members."""
    return next((m for m in proposal.memberships.all() if m.role == Role.APPLICANT), None)


ApplicationRow = tuple[int, int, int, str, str | None, datetime]


def applications_by_applicants(proposals: Iterable[Proposal]) -> list[ApplicationRow]:
    """Every live proposal (not withdrawn) whose applicant is the applicant of one of
    ``proposals``, in the same call: rows of (organisation id, call id, proposal id, acronym,
    sector code, created at). One query for any number of proposals."""
    pairs = {
        (applicant.organisation_id, proposal.lot.call_id)
        for proposal in proposals
        if (applicant := applicant_of(proposal)) is not None
    }
    if not pairs:
        return []
    condition = Q()
    for organisation_id, call_id in pairs:
        condition |= Q(organisation_id=organisation_id, proposal__lot__call_id=call_id)
    return list(
        Membership.objects.filter(condition, role=Role.APPLICANT)
        .exclude(proposal__status=Proposal.Status.WITHDRAWN)
        .values_list(
            "organisation_id",
            "proposal__lot__call_id",
            "proposal_id",
            "proposal__acronym",
            "proposal__sector__code",
            "proposal__created_at",
        )
    )

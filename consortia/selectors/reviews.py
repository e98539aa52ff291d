"""What reviewers read: the admin home's overview and the sector conflicts between
proposals."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortia.models import Membership, Proposal, Submission
from consortia.selectors.proposals import ApplicantProposal, applicant_of
from lots.choices import Role
from lots.models import Call
from lots.rules import clashes
from lots.selectors import sector_codes


def sector_conflicts(
    proposals: Iterable[Proposal], others: Sequence[ApplicantProposal]
) -> dict[int, list[str]]:
    """For each proposal, the other live proposals of the same call with the same applicant
    that the call's one-applicant rule forbids (for the same sector, a section and its own
    divisions counting as one, or any), whichever came first: admin shows the conflict on
    both. From ``applicant_proposals_for(proposals)``."""
    by_applicant: dict[tuple[int, int], list[ApplicantProposal]] = defaultdict(list)
    for other in others:
        by_applicant[other.organisation_id, other.call_id].append(other)
    conflicts: dict[int, list[str]] = {}
    for proposal in proposals:
        applicant = applicant_of(proposal)
        if applicant is None:
            conflicts[proposal.pk] = []
            continue
        codes, rule = sector_codes(proposal.sector), proposal.lot.call.applicant_rule
        conflicts[proposal.pk] = sorted(
            other.acronym
            for other in by_applicant[applicant.organisation_id, proposal.lot.call_id]
            if other.proposal_id != proposal.pk and clashes(rule, codes, other.sector_codes)
        )
    return conflicts


def review_overview() -> dict[str, object]:
    """What the admin home shows: proposals by call and lot, status and outcome, and the
    Programme countries that submitted proposals cover (and do not)."""
    by_lot = (
        Proposal.objects.values("lot__call__title", "lot__number", "status")
        .annotate(count=Count("pk"))
        .order_by("lot__call__title", "lot__number", "status")
    )
    by_status = dict(
        Proposal.objects.values_list("status").annotate(count=Count("pk")).order_by("status")
    )
    by_outcome = dict(
        Proposal.objects.filter(status=Proposal.Status.SUBMITTED)
        .values_list("review_outcome")
        .annotate(count=Count("pk"))
        .order_by("review_outcome")
    )
    covered = set(
        Membership.objects.filter(
            proposal__status=Proposal.Status.SUBMITTED,
            role__in=[Role.APPLICANT, Role.FULL_PARTNER],
        ).values_list("organisation__country", flat=True)
    )
    programme = {
        str(country)
        for call in Call.objects.filter(
            lots__proposals__status=Proposal.Status.SUBMITTED
        ).distinct()
        for country in call.programme_countries
    }
    return {
        "by_lot": list(by_lot),
        "by_status": [
            (Proposal.Status(s).label, by_status.get(s, 0)) for s in Proposal.Status.values
        ],
        "by_outcome": [
            (Proposal.Outcome(o).label if o else _("Not reviewed"), count)
            for o, count in sorted(by_outcome.items())
        ],
        "covered": sorted(countries.name(c) for c in programme & covered),
        "not_covered": sorted(countries.name(c) for c in programme - covered),
    }


def verdict_changed(changed: bool) -> Q:
    """Submitted proposals whose stored verdict today differs (``changed``) from the one in their
    current submission's snapshot, or is the same (not ``changed``)."""
    current = Submission.objects.filter(proposal=OuterRef("pk"), withdrawn_at__isnull=True)
    eligible_then = Exists(current.filter(snapshot__report__eligible=True))
    not_eligible_then = Exists(current.filter(snapshot__report__eligible=False))
    if changed:
        return Q(eligible=True) & not_eligible_then | Q(eligible=False) & eligible_then
    return Q(eligible=True) & eligible_then | Q(eligible=False) & not_eligible_then


def applicants() -> QuerySet[Membership]:
    """Every proposal's applicant membership."""
    return Membership.objects.filter(role=Role.APPLICANT)


def applicant_in(country: str) -> Q:
    """The proposals whose applicant is in the country."""
    return Q(memberships__role=Role.APPLICANT, memberships__organisation__country=country)

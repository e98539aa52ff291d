"""Adapters to the eligibility engine: saved proposals, or a saved proposal with the unsaved
changes of a wizard step, become a frozen ``ConsortiumSpec``; and their reports."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from consortia import check_texts
from consortia.models import Organisation, Proposal
from consortia.selectors import Application, applicant_of, applications_of, partners_of
from lots import kinds, rules
from lots.choices import Role
from lots.models import Lot, Sector
from lots.selectors import lot_rules, sector_codes


@dataclass(frozen=True)
class Member:
    organisation: Organisation
    role: str


@dataclass(frozen=True)
class Draft:
    """A proposal as the engine should see it: saved values, overridden by a step's unsaved
    ones. Build it with ``draft_of`` and ``dataclasses.replace``."""

    pk: int | None
    lot: Lot
    duration_years: int | None
    sector: Sector | None
    requested_grant_eur: Decimal | None
    applicant: Organisation | None
    partners: tuple[Member, ...] = field(default=())
    statuses: dict[int, str] = field(default_factory=dict, compare=False)


def draft_of(proposal: Proposal) -> Draft:
    """The saved state of a proposal from ``selectors.proposals_with_consortium``."""
    applicant = applicant_of(proposal)
    return Draft(
        pk=proposal.pk,
        lot=proposal.lot,
        duration_years=proposal.duration_years,
        sector=proposal.sector,
        requested_grant_eur=proposal.requested_grant_eur,
        applicant=applicant.organisation if applicant else None,
        partners=tuple(Member(m.organisation, m.role) for m in partners_of(proposal)),
        statuses={m.organisation_id: m.status for m in proposal.memberships.all()},
    )


def member_spec(organisation: Organisation, role: str, status: str | None) -> rules.MemberSpec:
    """A retired kind, which a submitted proposal's snapshot keeps, counts as the kind its
    organisation was given when the kind was retired: the lots' rules name the new kinds."""
    return rules.MemberSpec(
        country=str(organisation.country),
        kind=kinds.current_kind(
            organisation.kind, organisation.legal_name, organisation.short_name
        ),
        role=role,
        name=organisation.legal_name,
        key=str(organisation.pk),
        status=status,
    )


def other_proposals(
    draft: Draft, applications: Sequence[Application]
) -> tuple[rules.OtherProposal, ...]:
    """The applicant's other live proposals in the same call."""
    if draft.applicant is None:
        return ()
    return tuple(
        rules.OtherProposal(
            acronym=other.acronym or f"#{other.proposal_id}",
            sector_codes=other.sector_codes,
            submitted=other.submitted,
        )
        for other in applications
        if other.organisation_id == draft.applicant.pk
        and other.call_id == draft.lot.call_id
        and other.proposal_id != draft.pk
    )


def spec_of(draft: Draft, applications: Sequence[Application]) -> rules.ConsortiumSpec:
    """The engine's view of a draft; partners added but not saved yet are not invited."""
    applicant = (
        () if draft.applicant is None else (member_spec(draft.applicant, Role.APPLICANT, None),)
    )
    partners = tuple(
        member_spec(m.organisation, m.role, draft.statuses.get(m.organisation.pk, "to_invite"))
        for m in draft.partners
    )
    return rules.ConsortiumSpec(
        members=applicant + partners,
        duration_years=draft.duration_years,
        sector_codes=sector_codes(draft.sector),
        sector_name=draft.sector.name if draft.sector else "",
        requested_grant_eur=draft.requested_grant_eur,
        other_proposals=other_proposals(draft, applications),
    )


def applicant_pairs(drafts: Sequence[Draft]) -> list[tuple[int, int]]:
    return [(d.applicant.pk, d.lot.call_id) for d in drafts if d.applicant is not None]


@dataclass(frozen=True)
class Evaluation:
    spec: rules.ConsortiumSpec
    rules: rules.LotRules
    report: rules.Report


def evaluation(
    draft: Draft, applications: Sequence[Application], lot: rules.LotRules | None = None
) -> Evaluation:
    """The draft's report, its texts in the active language (``check_texts``)."""
    spec, lot = spec_of(draft, applications), lot or lot_rules(draft.lot)
    report = check_texts.translated(rules.evaluate(spec, lot), lot)
    return Evaluation(spec=spec, rules=lot, report=report)


def evaluate_draft(draft: Draft) -> Evaluation:
    """The report of one draft (one query for the applicant's other proposals)."""
    return evaluation(draft, applications_of(applicant_pairs([draft])))


def evaluations_for(
    proposals: Sequence[Proposal], applications: Sequence[Application] | None = None
) -> dict[int, Evaluation]:
    """Each saved proposal's spec, rules and report (from
    ``selectors.proposals_with_consortium``), in one extra query however many proposals
    there are, none if the caller has read ``selectors.applications_for`` already."""
    drafts = [draft_of(p) for p in proposals]
    if applications is None:
        applications = applications_of(applicant_pairs(drafts))
    # Each lot's rules once: many proposals share a lot, and building its rules is not free.
    lots: dict[int, rules.LotRules] = {}
    for draft in drafts:
        if draft.lot.pk not in lots:
            lots[draft.lot.pk] = lot_rules(draft.lot)
    return {draft.pk: evaluation(draft, applications, lots[draft.lot.pk]) for draft in drafts}


def reports_for(proposals: Sequence[Proposal]) -> dict[int, rules.Report]:
    """Each saved proposal's report, in one extra query however many proposals there are."""
    return {pk: evaluation.report for pk, evaluation in evaluations_for(proposals).items()}


def report_for(proposal: Proposal) -> rules.Report:
    return reports_for([proposal])[proposal.pk]

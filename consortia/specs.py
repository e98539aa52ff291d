"""Adapters to the eligibility engine: a saved proposal, or a saved proposal with the unsaved
changes of a wizard step (a ``Draft``), becomes a frozen ``ConsortiumSpec`` and is evaluated.

Two entry points: ``evaluate`` for one proposal or draft, ``evaluate_all`` for many saved
proposals in a fixed number of queries; both give ``Evaluation`` (spec, rules, report)."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Self

from consortia import check_texts
from consortia.models import Organisation, Proposal
from consortia.selectors import ApplicantProposal, applicant_of, applicant_proposals, partners_of
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
    ones (``Draft.of(proposal, **form.changes())``)."""

    pk: int | None
    lot: Lot
    duration_years: int | None
    sector: Sector | None
    requested_grant_eur: Decimal | None
    applicant: Organisation | None
    partners: tuple[Member, ...] = field(default=())
    statuses: dict[int, str] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, proposal: Proposal, **changes: Any) -> Self:
        """The saved state of a proposal from ``selectors.proposals_with_consortium``, with
        these fields changed."""
        applicant = applicant_of(proposal)
        saved = cls(
            pk=proposal.pk,
            lot=proposal.lot,
            duration_years=proposal.duration_years,
            sector=proposal.sector,
            requested_grant_eur=proposal.requested_grant_eur,
            applicant=applicant.organisation if applicant else None,
            partners=tuple(Member(m.organisation, m.role) for m in partners_of(proposal)),
            statuses={m.organisation_id: m.status for m in proposal.memberships.all()},
        )
        return replace(saved, **changes)


@dataclass(frozen=True)
class Evaluation:
    spec: rules.ConsortiumSpec
    rules: rules.LotRules
    report: rules.Report

    def contribution(self, organisation: Organisation) -> rules.Contribution:
        """What the organisation would add as a full partner (it must not be a member)."""
        return rules.contribution(
            self.spec, self.rules, _member_spec(organisation, Role.FULL_PARTNER, None)
        )


def evaluate(proposal: Proposal | Draft) -> Evaluation:
    """The report of one proposal or draft, its texts in the active language (one query for
    the applicant's other proposals)."""
    draft = proposal if isinstance(proposal, Draft) else Draft.of(proposal)
    return _evaluation(draft, applicant_proposals(_applicant_pairs([draft])))


def evaluate_all(proposals: Sequence[Proposal]) -> dict[int, Evaluation]:
    """Each saved proposal's evaluation (from ``selectors.proposals_with_consortium``), by
    id, in one extra query however many proposals there are."""
    drafts = [Draft.of(p) for p in proposals]
    others = applicant_proposals(_applicant_pairs(drafts))
    # Each lot's rules once: many proposals share a lot, and building its rules is not free.
    lots: dict[int, rules.LotRules] = {}
    for draft in drafts:
        if draft.lot.pk not in lots:
            lots[draft.lot.pk] = lot_rules(draft.lot)
    return {draft.pk: _evaluation(draft, others, lots[draft.lot.pk]) for draft in drafts}


def _member_spec(organisation: Organisation, role: str, status: str | None) -> rules.MemberSpec:
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


def _other_proposals(
    draft: Draft, others: Sequence[ApplicantProposal]
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
        for other in others
        if other.organisation_id == draft.applicant.pk
        and other.call_id == draft.lot.call_id
        and other.proposal_id != draft.pk
    )


def _spec(draft: Draft, others: Sequence[ApplicantProposal]) -> rules.ConsortiumSpec:
    """The engine's view of a draft; partners added but not saved yet are not invited."""
    applicant = (
        () if draft.applicant is None else (_member_spec(draft.applicant, Role.APPLICANT, None),)
    )
    partners = tuple(
        _member_spec(m.organisation, m.role, draft.statuses.get(m.organisation.pk, "to_invite"))
        for m in draft.partners
    )
    return rules.ConsortiumSpec(
        members=applicant + partners,
        duration_years=draft.duration_years,
        sector_codes=sector_codes(draft.sector),
        sector_name=draft.sector.name if draft.sector else "",
        requested_grant_eur=draft.requested_grant_eur,
        other_proposals=_other_proposals(draft, others),
    )


def _applicant_pairs(drafts: Sequence[Draft]) -> list[tuple[int, int]]:
    return [(d.applicant.pk, d.lot.call_id) for d in drafts if d.applicant is not None]


def _evaluation(
    draft: Draft, others: Sequence[ApplicantProposal], lot: rules.LotRules | None = None
) -> Evaluation:
    spec, lot = _spec(draft, others), lot or lot_rules(draft.lot)
    report = check_texts.translated(rules.evaluate(spec, lot), lot)
    return Evaluation(spec=spec, rules=lot, report=report)

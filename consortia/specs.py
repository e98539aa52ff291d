"""Adapters from saved proposals to the eligibility engine's frozen input, and their reports."""

from collections.abc import Sequence

from consortia.models import Membership, Proposal
from consortia.selectors import ApplicationRow, applicant_of, applications_by_applicants
from lots import rules
from lots.selectors import lot_rules, sector_codes


def member_spec(membership: Membership) -> rules.MemberSpec:
    organisation = membership.organisation
    return rules.MemberSpec(
        country=str(organisation.country),
        kind=organisation.kind,
        role=membership.role,
        name=organisation.legal_name,
        key=str(organisation.pk),
    )


def other_proposals(
    proposal: Proposal, applications: Sequence[ApplicationRow]
) -> tuple[rules.OtherProposal, ...]:
    applicant = applicant_of(proposal)
    if applicant is None:
        return ()
    this = (proposal.created_at, proposal.pk)
    return tuple(
        rules.OtherProposal(acronym=acronym, sector_code=sector, earlier=(created, pk) < this)
        for organisation_id, call_id, pk, acronym, sector, created in applications
        if organisation_id == applicant.organisation_id
        and call_id == proposal.lot.call_id
        and pk != proposal.pk
    )


def spec_of(proposal: Proposal, applications: Sequence[ApplicationRow]) -> rules.ConsortiumSpec:
    """The engine's view of a saved proposal (from ``selectors.proposals_with_consortium``)."""
    return rules.ConsortiumSpec(
        members=tuple(member_spec(m) for m in proposal.memberships.all()),
        duration_years=proposal.duration_years,
        sector_codes=sector_codes(proposal.sector),
        sector_name=proposal.sector.name if proposal.sector else "",
        requested_grant_eur=proposal.requested_grant_eur,
        other_proposals=other_proposals(proposal, applications),
    )


def reports_for(proposals: Sequence[Proposal]) -> dict[int, rules.Report]:
    """Each proposal's report, in one extra query however many proposals there are."""
    applications = applications_by_applicants(proposals)
    return {
        proposal.pk: rules.evaluate(spec_of(proposal, applications), lot_rules(proposal.lot))
        for proposal in proposals
    }


def report_for(proposal: Proposal) -> rules.Report:
    return reports_for([proposal])[proposal.pk]

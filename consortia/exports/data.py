"""What every export shows, read once from a saved proposal: the JSON export's data, and the
composition of the consortium (countries by kinds) for the chart."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django_countries import countries

from consortia import specs
from consortia.exports.schema import (
    CheckData,
    EligibilityData,
    LotData,
    MandateData,
    MemberData,
    OrganisationData,
    ProjectData,
    ProposalExport,
)
from consortia.models import Membership, Proposal
from lots import rules
from lots.choices import RETIRED_KIND_LABELS, OrganisationKind, Role


def organisation_data(membership: Membership) -> OrganisationData:
    organisation = membership.organisation
    return OrganisationData(
        legal_name=organisation.legal_name,
        short_name=organisation.short_name,
        country=str(organisation.country),
        kind=organisation.kind,
        size=organisation.size,
        ownership=organisation.ownership,
        pic=organisation.pic,
        oid=organisation.oid,
        website=organisation.website,
        street=organisation.street,
        postcode=organisation.postcode,
        city=organisation.city,
    )


def member_status(membership: Membership) -> str:
    """What a person reads as a member's status: the applicant is the coordinator's own
    organisation and is never invited, so it reads "Applicant", not "Not invited"."""
    if membership.role == Role.APPLICANT:
        return str(Role.APPLICANT.label)
    return membership.get_status_display()


def member_data(membership: Membership) -> MemberData:
    mandate = None
    if membership.mandate_confirmed_at:
        confirmed_by = membership.mandate_confirmed_by
        mandate = MandateData(
            version=membership.mandate_version,
            confirmed_at=membership.mandate_confirmed_at,
            confirmed_by=confirmed_by.email if confirmed_by else None,
        )
    return MemberData(
        role=membership.role,
        organisation=organisation_data(membership),
        contact_name=membership.contact_name,
        contact_email=membership.contact_email,
        status=membership.status,
        mandate=mandate,
    )


def export_data(proposal: Proposal, report: rules.Report, at: datetime) -> ProposalExport:
    """The export of a proposal from ``selectors.proposals_with_consortium``."""
    lot = proposal.lot
    return ProposalExport(
        exported_at=at,
        lot=LotData(
            call=lot.call.slug, call_title=lot.call.title, number=lot.number, title=lot.title
        ),
        project=ProjectData(
            acronym=proposal.acronym,
            title=proposal.title,
            sector=proposal.sector.code if proposal.sector else None,
            occupational_profiles=proposal.occupational_profiles,
            duration_years=proposal.duration_years,
            requested_grant_eur=proposal.requested_grant_eur,
            status=proposal.status,
        ),
        members=[member_data(m) for m in proposal.memberships.all()],
        eligibility=EligibilityData(
            eligible=report.passed,
            checks=[
                CheckData(code=c.code, passed=c.passed, message=c.message, hint=c.hint)
                for c in report.checks
            ],
        ),
    )


@dataclass(frozen=True)
class CompositionRow:
    country: str
    name: str
    programme: bool
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Composition:
    """Full participants by country (rows) and kind (columns); associated partners apart."""

    kinds: tuple[tuple[str, str], ...]
    rows: tuple[CompositionRow, ...]
    associated: int

    @property
    def widest(self) -> int:
        return max((row.total for row in self.rows), default=0)


def composition(proposal: Proposal, lot_rules: rules.LotRules) -> Composition:
    full = [m for m in proposal.memberships.all() if m.role != Role.ASSOCIATED_PARTNER]
    by_country = Counter((str(m.organisation.country), m.organisation.kind) for m in full)
    present = sorted({country for country, _kind in by_country})
    used_kinds = tuple(
        (value, label)
        for value, label in [*OrganisationKind.choices, *RETIRED_KIND_LABELS.items()]
        if any(kind == value for _country, kind in by_country)
    )
    rows = tuple(
        CompositionRow(
            country=country,
            name=countries.name(country),
            programme=country in lot_rules.programme_countries,
            counts=tuple(by_country[country, kind] for kind, _label in used_kinds),
        )
        for country in sorted(present, key=lambda c: (c not in lot_rules.programme_countries, c))
    )
    associated = sum(1 for m in proposal.memberships.all() if m.role == Role.ASSOCIATED_PARTNER)
    return Composition(kinds=used_kinds, rows=rows, associated=associated)


@dataclass(frozen=True)
class Sheet:
    """Everything the PDF and the XLSX render."""

    proposal: Proposal
    data: ProposalExport
    composition: Composition
    gaps: tuple[rules.Gap, ...]
    exported_at: datetime


def sheet(proposal: Proposal) -> Sheet:
    evaluation = specs.evaluate(proposal)
    now = timezone.now()
    return Sheet(
        proposal=proposal,
        data=export_data(proposal, evaluation.report, now),
        composition=composition(proposal, evaluation.rules),
        gaps=rules.gaps(evaluation.spec, evaluation.rules),
        exported_at=now,
    )

"""The snapshot of a proposal as submitted: the proposal, its consortium, the lot's rules and
the eligibility report, as plain JSON data; and its SHA-256 over a canonical encoding."""

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from consortia.models import Proposal
from lots import rules

SNAPSHOT_VERSION = 1


def lot_rules_data(lot_rules: rules.LotRules) -> dict[str, Any]:
    return {
        "programme_countries": sorted(lot_rules.programme_countries),
        "allowed_durations": sorted(lot_rules.allowed_durations),
        "min_programme_countries": lot_rules.min_programme_countries,
        "min_full_partners": lot_rules.min_full_partners,
        "partner_country_full_partners_count": lot_rules.partner_country_full_partners_count,
        "compositions": [
            {**asdict(rule), "kinds": sorted(rule.kinds)} for rule in lot_rules.compositions
        ],
        "max_grant_eur": [
            {"duration_years": years, "max_eur": str(cap)} for years, cap in lot_rules.max_grant_eur
        ],
        "allowed_sectors": sorted(lot_rules.allowed_sectors),
    }


def proposal_snapshot(
    proposal: Proposal, report: rules.Report, lot_rules: rules.LotRules, at: datetime
) -> dict[str, Any]:
    """Everything that was submitted (from ``selectors.proposals_with_consortium``)."""
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "submitted_at": at.isoformat(),
        "proposal": {
            "id": proposal.pk,
            "acronym": proposal.acronym,
            "title": proposal.title,
            "call": proposal.lot.call.slug,
            "lot": proposal.lot.number,
            "sector": proposal.sector.code if proposal.sector else None,
            "occupational_profiles": proposal.occupational_profiles,
            "duration_years": proposal.duration_years,
            "requested_grant_eur": (
                str(proposal.requested_grant_eur) if proposal.requested_grant_eur else None
            ),
        },
        "members": [
            {
                "organisation": m.organisation.legal_name,
                "country": str(m.organisation.country),
                "kind": m.organisation.kind,
                "pic": m.organisation.pic,
                "oid": m.organisation.oid,
                "role": m.role,
                "status": m.status,
                "mandate_version": m.mandate_version or None,
                "mandate_confirmed_at": (
                    m.mandate_confirmed_at.isoformat() if m.mandate_confirmed_at else None
                ),
                "mandate_confirmed_by": (
                    m.mandate_confirmed_by.email if m.mandate_confirmed_by else None
                ),
            }
            for m in proposal.memberships.all()
        ],
        "rules": lot_rules_data(lot_rules),
        "report": {"eligible": report.passed, "checks": [asdict(c) for c in report.checks]},
    }


def sha256(snapshot: dict[str, Any]) -> str:
    """The fingerprint of a snapshot: SHA-256 of its canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()

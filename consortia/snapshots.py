"""The snapshot of a proposal as submitted: the proposal, its consortium, the lot's rules and
the eligibility report, as plain JSON data; and its SHA-256 over a canonical encoding."""

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from consortia.models import Membership, Organisation, Proposal
from lots import rules

# 2: members carry their id and every field of their organisation's data.
SNAPSHOT_VERSION = 2
# A member's key in the snapshot for each Organisation field (version 1 has the first five).
ORGANISATION_KEYS = {
    "organisation": "legal_name",
    "country": "country",
    "kind": "kind",
    "pic": "pic",
    "oid": "oid",
    "short_name": "short_name",
    "size": "size",
    "ownership": "ownership",
    "website": "website",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
}
NULLABLE = ("pic", "oid")


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
        "applicant_rule": lot_rules.applicant_rule,
    }


def organisation_data(organisation: Organisation) -> dict[str, Any]:
    return {
        key: (getattr(organisation, name) or None)
        if name in NULLABLE
        else str(getattr(organisation, name))
        for key, name in ORGANISATION_KEYS.items()
    }


def show_members_as_submitted(members: list[Membership], snapshot: dict[str, Any]) -> None:
    """Give each member's organisation (in memory, never saved) the data of the snapshot, so
    that a submitted proposal shows what was submitted whatever the directory says since.
    Members are matched by id (version 2), or by position when the counts agree (version 1)."""
    rows = snapshot.get("members", [])
    by_id = {row["membership_id"]: row for row in rows if "membership_id" in row}
    if by_id:
        pairs = [(m, by_id[m.pk]) for m in members if m.pk in by_id]
    else:
        pairs = list(zip(members, rows, strict=False)) if len(members) == len(rows) else []
    for member, row in pairs:
        for key, name in ORGANISATION_KEYS.items():
            if key in row:
                value = row[key]
                setattr(member.organisation, name, value if value or name in NULLABLE else "")


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
                "membership_id": m.pk,
                **organisation_data(m.organisation),
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
        "report": {
            "eligible": report.passed,
            "checks": [
                {"code": c.code, "passed": c.passed, "message": c.message, "hint": c.hint}
                for c in report.checks
            ],
        },
    }


def sha256(snapshot: dict[str, Any]) -> str:
    """The fingerprint of a snapshot: SHA-256 of its canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()

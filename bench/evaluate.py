"""Micro-benchmark: one ``evaluate`` of a 40-partner consortium against a lot that sets every
kind of rule. Prints the median and the spread over repeated runs.

    .venv/bin/python bench/evaluate.py
"""

import statistics
import sys
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lots.rules import (
    APPLICANT,
    ASSOCIATED_PARTNER,
    FULL_PARTNER,
    KINDS,
    CompositionRule,
    ConsortiumSpec,
    LotRules,
    MemberSpec,
    OtherProposal,
    evaluate,
)

PROGRAMME = ["AT", "BE", "DE", "ES", "FI", "FR", "GR", "IE", "IT", "NL", "PL", "PT", "SE", "RS"]
PARTNER_COUNTRIES = ["CH", "AL", "UA"]


def consortium(partners: int) -> ConsortiumSpec:
    countries = PROGRAMME + PARTNER_COUNTRIES
    members = [MemberSpec("DE", "vet_provider", APPLICANT, "Applicant", "0")]
    for n in range(partners):
        role = ASSOCIATED_PARTNER if n % 7 == 6 else FULL_PARTNER
        members.append(
            MemberSpec(
                countries[n % len(countries)], KINDS[n % len(KINDS)], role, f"P{n}", str(n + 1)
            )
        )
    return ConsortiumSpec(
        members=tuple(members),
        duration_years=4,
        sector_codes=("29", "C"),
        requested_grant_eur=Decimal(3_900_000),
        other_proposals=(OtherProposal("OTHER", ("10", "C"), submitted=True),),
    )


RULES = LotRules(
    programme_countries=frozenset(PROGRAMME),
    allowed_durations=frozenset({4}),
    min_programme_countries=8,
    min_full_partners=12,
    compositions=(
        CompositionRule("enterprise-side", "enterprises", 5, frozenset({"enterprise", "chamber"})),
        CompositionRule("vet", "VET providers", 5, frozenset({"vet_provider"})),
        CompositionRule("vet-each", "VET providers", 1, frozenset({"vet_provider"}), True),
    ),
    max_grant_eur=((4, Decimal(4_000_000)),),
    allowed_sectors=frozenset({"C", "F"}),
)


def main() -> None:
    for partners in (10, 40, 200):
        spec = consortium(partners)
        timer = timeit.Timer(lambda spec=spec: evaluate(spec, RULES))
        loops, _ = timer.autorange()
        runs = [t / loops * 1e6 for t in timer.repeat(repeat=15, number=loops)]
        print(
            f"evaluate, {partners:>3} partners, {len(evaluate(spec, RULES).checks)} checks: "
            f"median {statistics.median(runs):7.1f} us, min {min(runs):7.1f} us, "
            f"max {max(runs):7.1f} us ({loops} loops x 15)"
        )


if __name__ == "__main__":
    main()

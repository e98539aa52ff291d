"""Properties of the eligibility engine that hold for any consortium (hypothesis)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lots.rules import (
    APPLICANT,
    APPLICANT_RULES,
    DIFFERENT_SECTORS,
    FULL_PARTNER,
    KINDS,
    NO_APPLICANT_RULE,
    ONE_PER_CALL,
    ROLES,
    CompositionRule,
    ConsortiumSpec,
    LotRules,
    MemberSpec,
    OtherProposal,
    check_max_grant,
    check_unique_organisations,
    evaluate,
    gaps,
)

PROGRAMME = frozenset({"AT", "BE", "DE", "ES", "FR", "IT", "NL", "PL", "PT", "SE"})
COUNTRIES = sorted(PROGRAMME | {"CH", "AL", "UA", "XK"})
LOT = LotRules(programme_countries=PROGRAMME)

members = st.builds(
    MemberSpec,
    country=st.sampled_from(COUNTRIES),
    kind=st.sampled_from(KINDS),
    role=st.sampled_from(ROLES[1:]),
)
consortia = st.builds(
    lambda applicant, partners, years: ConsortiumSpec(
        members=(applicant, *partners), duration_years=years
    ),
    applicant=st.builds(
        MemberSpec,
        country=st.sampled_from(COUNTRIES),
        kind=st.sampled_from(KINDS),
        role=st.just(APPLICANT),
    ),
    partners=st.lists(members, max_size=15),
    years=st.sampled_from([None, 1, 2, 3, 4, 5]),
)
lot_rules = st.builds(
    LotRules,
    programme_countries=st.just(PROGRAMME),
    min_programme_countries=st.none() | st.integers(1, 8),
    min_full_partners=st.none() | st.integers(1, 10),
    partner_country_full_partners_count=st.booleans(),
    allowed_durations=st.frozensets(st.integers(1, 6)),
    applicant_rule=st.sampled_from(APPLICANT_RULES),
    compositions=st.lists(
        st.builds(
            CompositionRule,
            slug=st.sampled_from(["a", "b", "c"]),
            label=st.just("organisations"),
            min_count=st.integers(1, 3),
            kinds=st.frozensets(st.sampled_from(KINDS), min_size=1),
            per_country=st.booleans(),
            partner_countries_count=st.booleans(),
        ),
        max_size=2,
        unique_by=lambda rule: rule.slug,
    ).map(tuple),
)


@given(consortia, lot_rules, st.sampled_from(sorted(PROGRAMME)), st.sampled_from(KINDS))
def test_adding_full_partner_from_new_programme_country_keeps_eligible(spec, rules, country, kind):
    """Adding a Programme-country full partner from a country not yet in the consortium never
    makes an eligible consortium ineligible, unless a per-country composition rule asks the
    new country for kinds the newcomer alone does not bring (see the unit test of that)."""
    newcomer_short = any(
        rule.per_country and (kind not in rule.kinds or rule.min_count > 1)
        for rule in rules.compositions
    )
    if (
        country in {m.country for m in spec.members}
        or newcomer_short
        or not evaluate(spec, rules).passed
    ):
        return
    bigger = ConsortiumSpec(
        members=(*spec.members, MemberSpec(country=country, kind=kind, role=FULL_PARTNER)),
        duration_years=spec.duration_years,
    )

    assert evaluate(bigger, rules).passed


@given(consortia, lot_rules, st.randoms(use_true_random=False))
def test_report_does_not_depend_on_partner_order(spec, rules, random):
    applicant, *partners = spec.members
    random.shuffle(partners)
    shuffled = ConsortiumSpec(members=(applicant, *partners), duration_years=spec.duration_years)

    assert evaluate(shuffled, rules) == evaluate(spec, rules)


@given(consortia, lot_rules)
def test_every_failed_check_has_a_hint(spec, rules):
    report = evaluate(spec, rules)

    assert all(check.hint for check in report.failed)
    assert report.passed == (not report.failed)


@given(consortia, lot_rules, members)
def test_associated_partner_never_changes_the_verdict(spec, rules, extra):
    associated = MemberSpec(country=extra.country, kind=extra.kind, role="associated_partner")
    bigger = ConsortiumSpec(members=(*spec.members, associated), duration_years=spec.duration_years)

    assert evaluate(bigger, rules).passed == evaluate(spec, rules).passed


@given(consortia, lot_rules)
def test_gaps_exist_exactly_for_failing_minima(spec, rules):
    """A gap is reported for each failing country, partner or composition minimum, and only
    for those: suggestions never appear for a consortium that meets the minima."""
    minima = {"min_programme_countries", "min_full_partners"}
    failing = {
        check.code
        for check in evaluate(spec, rules).failed
        if check.code in minima or check.code.startswith("composition:")
    }

    assert {gap.code for gap in gaps(spec, rules)} == failing


@given(consortia, lot_rules, st.sampled_from(["CH", "AL", "UA"]), st.sampled_from(KINDS))
def test_partner_country_member_counts_for_a_composition_only_where_the_row_says(
    spec, rules, country, kind
):
    """A full partner from a Partner country changes no composition check whose row leaves
    Partner countries out, and never makes a composition check fail."""
    bigger = ConsortiumSpec(
        members=(*spec.members, MemberSpec(country=country, kind=kind, role=FULL_PARTNER)),
        duration_years=spec.duration_years,
    )
    before, after = evaluate(spec, rules), evaluate(bigger, rules)

    for rule in rules.compositions:
        code = f"composition:{rule.slug}"
        was, now = before.get(code).passed, after.get(code).passed
        assert now >= was
        if not rule.partner_countries_count:
            assert now == was


def amount(text, before):
    """The euros in 'Lower the request by EUR 1,234.' after ``before``."""
    return Decimal(text.removeprefix(before).split(" ")[0].rstrip(".").replace(",", ""))


euros = st.integers(0, 10**10).map(Decimal) | st.decimals(0, 10**10, places=2)


@given(st.integers(1, 10**9).map(Decimal), euros)
def test_max_grant_hint_lowers_the_request_just_enough_in_whole_euros(cap, requested):
    rules = LotRules(programme_countries=PROGRAMME, max_grant_eur=((3, cap),))
    spec = ConsortiumSpec(duration_years=3, requested_grant_eur=requested)

    check = check_max_grant(spec, rules)

    assert check.passed == (requested <= cap)
    if not check.passed:
        excess = amount(check.hint, "Lower the request by EUR ")
        assert excess >= 1
        assert excess == excess.to_integral_value()
        assert requested - excess <= cap < requested - excess + 1
        shown = amount(check.message, "EUR ")
        assert (shown, amount(check.message.split("; ")[1], "the maximum is EUR ")) == (
            requested,
            cap,
        )


keyed_members = st.builds(
    MemberSpec,
    country=st.sampled_from(COUNTRIES),
    kind=st.sampled_from(KINDS),
    role=st.sampled_from(ROLES),
    key=st.none() | st.sampled_from(["1", "2", "3", "4", "5"]),
)


@given(st.lists(keyed_members, min_size=1, max_size=8))
def test_unique_organisations_fails_exactly_when_a_key_repeats(members):
    keys = [m.key for m in members if m.key is not None]

    check = check_unique_organisations(ConsortiumSpec(members=tuple(members)), LOT)

    if not keys:
        assert check is None
    else:
        assert check.passed == (len(keys) == len(set(keys)))


@given(st.lists(keyed_members, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_unique_organisations_does_not_depend_on_member_order(members, random):
    shuffled = list(members)
    random.shuffle(shuffled)

    assert check_unique_organisations(
        ConsortiumSpec(members=tuple(shuffled)), LOT
    ) == check_unique_organisations(ConsortiumSpec(members=tuple(members)), LOT)


APPLICANT_CHECKS = {
    DIFFERENT_SECTORS: ["applicant_sector_conflict"],
    ONE_PER_CALL: ["applicant_once_per_call"],
    NO_APPLICANT_RULE: [],
}


@given(consortia, lot_rules)
def test_unknown_other_proposals_and_unkeyed_members_give_no_check(spec, rules):
    """What a stateless request cannot know is left out, never passed."""
    codes = [check.code for check in evaluate(spec, rules).checks]
    known = [check.code for check in evaluate(replace(spec, other_proposals=()), rules).checks]

    assert {"applicant_sector_conflict", "applicant_once_per_call"}.isdisjoint(codes)
    assert "unique_organisations" not in codes
    assert known == [*codes, *APPLICANT_CHECKS[rules.applicant_rule]]


sectors = st.sampled_from([(), ("10", "C"), ("11", "C"), ("C",), ("62", "J"), ("BP20-BAT",)])
other_proposals = st.lists(
    st.builds(
        OtherProposal,
        acronym=st.sampled_from(["A", "B"]),
        sector_codes=sectors,
        submitted=st.booleans(),
    ),
    max_size=3,
).map(tuple)


@given(sectors, other_proposals)
def test_one_proposal_per_call_is_at_least_as_strict_as_different_sectors(codes, others):
    """Whatever the sectors, a consortium the one-per-call rule lets through also passes the
    different-sectors rule, and the rule switched off gives no check at all."""
    spec = ConsortiumSpec(sector_codes=codes, other_proposals=others)
    verdicts = {
        rule: evaluate(spec, LotRules(programme_countries=PROGRAMME, applicant_rule=rule))
        for rule in APPLICANT_RULES
    }

    per_call = verdicts[ONE_PER_CALL].get("applicant_once_per_call").passed
    assert per_call <= verdicts[DIFFERENT_SECTORS].get("applicant_sector_conflict").passed
    assert per_call == (not any(other.submitted for other in others))
    assert not {"applicant_sector_conflict", "applicant_once_per_call"} & {
        check.code for check in verdicts[NO_APPLICANT_RULE].checks
    }

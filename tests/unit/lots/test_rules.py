"""The eligibility engine, rule by rule, with its edge cases."""

from dataclasses import replace
from decimal import Decimal

import pytest

from lots.rules import (
    APPLICANT,
    ASSOCIATED_PARTNER,
    FULL_PARTNER,
    CompositionRule,
    ConsortiumSpec,
    Gap,
    LotRules,
    MemberSpec,
    OtherProposal,
    check_applicant_programme_country,
    check_applicant_sector_conflict,
    check_composition,
    check_duration,
    check_max_grant,
    check_members_accepted,
    check_min_full_partners,
    check_min_programme_countries,
    check_sector_allowed,
    check_unique_organisations,
    evaluate,
    gaps,
)

PROGRAMME = frozenset({"DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT"})
NAMES = {"DE": "Germany", "FR": "France", "IT": "Italy", "ES": "Spain", "CH": "Switzerland"}


def member(country, role=FULL_PARTNER, kind="enterprise", key=None, name="", status=None):
    return MemberSpec(country=country, kind=kind, role=role, key=key, name=name, status=status)


def consortium(applicant="DE", partners=(), **fields):
    members = ((member(applicant, APPLICANT),) if applicant else ()) + tuple(partners)
    return ConsortiumSpec(members=members, **fields)


def lot(**fields):
    return LotRules(programme_countries=PROGRAMME, country_names=NAMES, **fields)


# applicant_programme_country


def test_applicant_programme_country_passes_for_programme_country():
    check = check_applicant_programme_country(consortium("DE"), lot())

    assert (check.passed, check.message) == (
        True,
        "The applicant is in Germany, a Programme country.",
    )


def test_applicant_programme_country_fails_for_partner_country_with_hint():
    check = check_applicant_programme_country(consortium("CH"), lot())

    assert check.passed is False
    assert check.message == "The applicant is in Switzerland, a Partner country of this call."
    assert "Programme country" in check.hint


def test_applicant_programme_country_fails_without_applicant():
    check = check_applicant_programme_country(consortium(None, [member("FR")]), lot())

    assert (check.passed, check.hint) == (False, "Choose the applicant organisation.")


def test_applicant_programme_country_fails_with_two_applicants():
    spec = consortium("DE", [member("FR", APPLICANT)])

    check = check_applicant_programme_country(spec, lot())

    assert (check.passed, check.message) == (False, "2 applicants; a proposal has exactly one.")


# min_programme_countries


def test_min_programme_countries_fails_when_one_country_short():
    spec = consortium("DE", [member("FR"), member("FR")])

    check = check_min_programme_countries(spec, lot(min_programme_countries=3))

    assert (check.passed, check.message) == (
        False,
        "2 Programme countries, 3 needed: France, Germany.",
    )
    assert check.hint.startswith("Add full partners from 1 more Programme country;")


def test_min_programme_countries_hint_counts_every_missing_country():
    check = check_min_programme_countries(consortium("DE"), lot(min_programme_countries=4))

    assert check.hint.startswith("Add full partners from 3 more Programme countries;")


def test_min_programme_countries_passes_at_exact_minimum():
    spec = consortium("DE", [member("FR"), member("IT"), member("ES")])

    check = check_min_programme_countries(spec, lot(min_programme_countries=4))

    assert (check.passed, check.hint) == (True, "")


@pytest.mark.parametrize(
    "partner",
    [member("IT", ASSOCIATED_PARTNER), member("CH"), member("CH", ASSOCIATED_PARTNER)],
    ids=["associated-partner", "partner-country", "partner-country-associated"],
)
def test_min_programme_countries_ignores_associated_and_partner_countries(partner):
    spec = consortium("DE", [member("FR"), partner])

    check = check_min_programme_countries(spec, lot(min_programme_countries=3))

    assert check.passed is False


def test_min_programme_countries_absent_when_lot_sets_none():
    assert check_min_programme_countries(consortium("DE"), lot()) is None


# min_full_partners


def test_min_full_partners_counts_applicant():
    spec = consortium("DE", [member("FR"), member("IT")])

    check = check_min_full_partners(spec, lot(min_full_partners=3))

    assert check.passed is True


def test_min_full_partners_ignores_associated_partners():
    spec = consortium("DE", [member("FR"), member("IT", ASSOCIATED_PARTNER)])

    check = check_min_full_partners(spec, lot(min_full_partners=3))

    assert (check.passed, check.hint) == (
        False,
        "Add 1 more full partner from Programme countries.",
    )


def test_min_full_partners_ignores_partner_countries_by_default():
    spec = consortium("DE", [member("FR"), member("CH")])

    check = check_min_full_partners(spec, lot(min_full_partners=3))

    assert check.passed is False
    assert check.message == (
        "2 full partners, the applicant included; 3 needed (Programme countries only)."
    )


def test_min_full_partners_counts_partner_countries_when_lot_allows():
    spec = consortium("DE", [member("FR"), member("CH")])

    check = check_min_full_partners(
        spec, lot(min_full_partners=3, partner_country_full_partners_count=True)
    )

    assert (check.passed, check.message) == (
        True,
        "3 full partners, the applicant included; 3 needed.",
    )


# composition


ENTERPRISE_SIDE = CompositionRule(
    slug="enterprise-side",
    label="enterprises, chambers or employers' organisations",
    min_count=2,
    kinds=frozenset({"enterprise", "chamber", "employers_organisation"}),
)


def test_composition_counts_full_members_of_listed_kinds():
    spec = consortium(
        "DE",
        [
            member("FR", kind="chamber"),
            member("IT", kind="vet_provider"),
            member("ES", ASSOCIATED_PARTNER, kind="enterprise"),
        ],
    )

    check = check_composition(spec, lot(), ENTERPRISE_SIDE)

    assert check.code == "composition:enterprise-side"
    assert (check.passed, check.message) == (
        True,
        "Enterprises, chambers or employers' organisations: 2, at least 2 needed.",
    )


def test_composition_fails_with_hint_naming_missing_count():
    spec = ConsortiumSpec(members=(member("DE", APPLICANT, kind="vet_provider"),))

    check = check_composition(spec, lot(), ENTERPRISE_SIDE)

    assert (check.passed, check.hint) == (
        False,
        "Add 2 more full partners of this kind from Programme countries: "
        "enterprises, chambers or employers' organisations.",
    )


VET = CompositionRule("vet", "VET providers", 3, frozenset({"vet_provider"}))


def test_composition_does_not_count_partner_country_members_by_default():
    spec = ConsortiumSpec(
        members=(
            member("DE", APPLICANT, kind="vet_provider"),
            member("FR", kind="vet_provider"),
            member("CH", kind="vet_provider"),
        )
    )

    check = check_composition(spec, lot(), VET)

    assert (check.passed, check.message, check.hint) == (
        False,
        "VET providers: 2, at least 3 needed; 1 in a Partner country does not count.",
        "Add 1 more full partner of this kind from Programme countries: VET providers.",
    )


def test_composition_counts_partner_country_members_when_the_row_says_so():
    rule = CompositionRule(
        "vet", "VET providers", 3, frozenset({"vet_provider"}), partner_countries_count=True
    )
    spec = ConsortiumSpec(
        members=(
            member("DE", APPLICANT, kind="vet_provider"),
            member("FR", kind="vet_provider"),
            member("CH", kind="vet_provider"),
        )
    )

    check = check_composition(spec, lot(), rule)

    assert (check.passed, check.message) == (True, "VET providers: 3, at least 3 needed.")


def test_composition_gap_asks_programme_countries_unless_partner_countries_count():
    spec = ConsortiumSpec(members=(member("DE", APPLICANT, kind="vet_provider"),))
    anywhere = CompositionRule(
        "vet", "VET providers", 3, frozenset({"vet_provider"}), partner_countries_count=True
    )

    assert gaps(spec, lot(compositions=(VET,))) == (
        Gap("composition:vet", PROGRAMME, frozenset({"vet_provider"})),
    )
    assert gaps(spec, lot(compositions=(anywhere,))) == (
        Gap("composition:vet", frozenset(), frozenset({"vet_provider"})),
    )


def test_composition_per_country_names_short_countries():
    rule = CompositionRule("vet", "VET providers", 1, frozenset({"vet_provider"}), per_country=True)
    spec = ConsortiumSpec(
        members=(
            member("DE", APPLICANT, kind="vet_provider"),
            member("FR", kind="enterprise"),
            member("IT", kind="enterprise"),
            member("CH", kind="enterprise"),
        )
    )

    check = check_composition(spec, lot(), rule)

    assert check.passed is False
    assert check.message == (
        "VET providers in each participating Programme country, at least 1: short in France, Italy."
    )
    assert check.hint == "Add VET providers as full partners in France, Italy."


def test_composition_per_country_passes_when_every_programme_country_has_one():
    rule = CompositionRule("vet", "VET providers", 1, frozenset({"vet_provider"}), per_country=True)
    spec = ConsortiumSpec(
        members=(
            member("DE", APPLICANT, kind="vet_provider"),
            member("FR", kind="vet_provider"),
            member("CH", kind="enterprise"),
        )
    )

    assert check_composition(spec, lot(), rule).passed is True


def test_new_country_without_the_required_kind_breaks_a_per_country_rule():
    rule = CompositionRule("vet", "VET providers", 1, frozenset({"vet_provider"}), per_country=True)
    spec = ConsortiumSpec(members=(member("DE", APPLICANT, kind="vet_provider"),))
    bigger = ConsortiumSpec(members=(*spec.members, member("FR", kind="enterprise")))

    assert check_composition(spec, lot(), rule).passed is True
    assert check_composition(bigger, lot(), rule).passed is False


# duration


@pytest.mark.parametrize(
    ("years", "passed"),
    [(None, False), (1, False), (2, True), (3, True), (4, True), (5, False)],
    ids=["missing", "1", "2", "3", "4", "5"],
)
def test_duration_accepts_only_allowed_years(years, passed):
    check = check_duration(
        consortium(duration_years=years), lot(allowed_durations=frozenset({2, 3, 4}))
    )

    assert check.passed is passed


@pytest.mark.parametrize(("years", "said"), [(1, "1 year."), (2, "2 years."), (6, "6 years.")])
def test_duration_without_allowed_durations_is_no_rule(years, said):
    check = check_duration(consortium(duration_years=years), lot())

    assert (check.passed, check.message, check.hint) == (True, said, "")


def test_duration_without_allowed_durations_still_asks_for_one():
    check = check_duration(consortium(duration_years=None), lot())

    assert (check.passed, check.message, check.hint) == (
        False,
        "No duration yet.",
        "Choose the project's duration.",
    )


def test_duration_hint_lists_allowed_years():
    check = check_duration(consortium(duration_years=5), lot(allowed_durations=frozenset({2, 3})))

    assert (check.message, check.hint) == (
        "5 years is not allowed in this lot.",
        "Choose 2 years or 3 years.",
    )


# sector_allowed


def test_sector_allowed_absent_when_lot_is_open_to_every_sector():
    assert check_sector_allowed(consortium(sector_codes=("10", "C")), lot()) is None


def test_sector_allowed_accepts_division_of_listed_section():
    spec = consortium(sector_codes=("10", "C"), sector_name="Manufacture of food products")

    check = check_sector_allowed(spec, lot(allowed_sectors=frozenset({"C"})))

    assert (check.passed, check.message) == (
        True,
        "Manufacture of food products is one of the lot's sectors.",
    )


@pytest.mark.parametrize("codes", [(), ("55", "I")], ids=["no-sector", "other-sector"])
def test_sector_allowed_fails_outside_the_list(codes):
    check = check_sector_allowed(
        consortium(sector_codes=codes), lot(allowed_sectors=frozenset({"C"}))
    )

    assert check.passed is False
    assert "C" in check.hint


# max_grant

CAPS = ((2, Decimal(700_000)), (3, Decimal(1_000_000)))


def test_max_grant_absent_without_caps():
    assert check_max_grant(consortium(duration_years=2), lot()) is None


def test_max_grant_fails_above_cap_with_difference():
    spec = consortium(duration_years=2, requested_grant_eur=Decimal(750_000))

    check = check_max_grant(spec, lot(max_grant_eur=CAPS))

    assert (check.passed, check.hint) == (False, "Lower the request by EUR 50,000.")


def test_max_grant_passes_at_cap():
    spec = consortium(duration_years=3, requested_grant_eur=Decimal(1_000_000))

    assert check_max_grant(spec, lot(max_grant_eur=CAPS)).passed is True


def test_max_grant_passes_without_request_and_states_cap():
    check = check_max_grant(consortium(duration_years=3), lot(max_grant_eur=CAPS))

    assert (check.passed, check.message) == (
        True,
        "Up to EUR 1,000,000 for 3 years; no amount requested yet.",
    )


def test_max_grant_without_duration_lists_the_caps_in_whole_euros():
    caps = ((2, Decimal("7E+5")), (3, Decimal(1_000_000)))

    check = check_max_grant(consortium(), lot(max_grant_eur=caps))

    assert (
        check.message
        == "Maximum EU grant by duration: 2 years: EUR 700,000; 3 years: EUR 1,000,000."
    )


@pytest.mark.parametrize(
    ("requested", "message", "hint"),
    [
        (
            "1000000.4",
            "EUR 1,000,000.4 requested; the maximum is EUR 1,000,000.",
            "Lower the request by EUR 1.",
        ),
        (
            "1000001",
            "EUR 1,000,001 requested; the maximum is EUR 1,000,000.",
            "Lower the request by EUR 1.",
        ),
        (
            "1000002.01",
            "EUR 1,000,002.01 requested; the maximum is EUR 1,000,000.",
            "Lower the request by EUR 3.",
        ),
    ],
    ids=["cents-over", "one-euro-over", "cents-over-two-euros"],
)
def test_max_grant_over_the_cap_by_cents_asks_for_whole_euros_never_zero(requested, message, hint):
    spec = consortium(duration_years=3, requested_grant_eur=Decimal(requested))

    check = check_max_grant(spec, lot(max_grant_eur=CAPS))

    assert (check.passed, check.message, check.hint) == (False, message, hint)


def test_max_grant_at_the_cap_written_with_an_exponent_reads_in_whole_euros():
    spec = consortium(duration_years=3, requested_grant_eur=Decimal("1E+6"))

    check = check_max_grant(spec, lot(max_grant_eur=CAPS))

    assert (check.passed, check.message) == (True, "EUR 1,000,000 of at most EUR 1,000,000.")


# unique_organisations


def test_unique_organisations_fails_naming_duplicate():
    spec = consortium("DE", [member("FR", key="7", name="Lycée Monnet"), member("FR", key="7")])

    check = check_unique_organisations(spec, lot())

    assert (check.passed, check.message) == (False, "Listed more than once: Lycée Monnet.")


def test_unique_organisations_names_each_place_of_an_organisation_listed_by_place():
    spec = ConsortiumSpec(
        members=(
            member("DE", APPLICANT, key="pic:1", name="the applicant"),
            member("FR", key="pic:2", name="the 1st partner"),
            member("DE", key="pic:1", name="the 2nd partner"),
            member("FR", key="pic:2", name="the 3rd partner"),
            member("FR", key="pic:2", name="the 4th partner"),
        )
    )

    check = check_unique_organisations(spec, lot())

    assert (check.passed, check.message, check.hint) == (
        False,
        "Listed more than once: the applicant and the 2nd partner; "
        "the 1st partner, the 3rd partner and the 4th partner.",
        "Remove the duplicate rows; an organisation takes one role only.",
    )


def test_unique_organisations_absent_when_no_member_has_a_key():
    spec = consortium("DE", [member("FR"), member("FR")])

    assert check_unique_organisations(spec, lot()) is None


def test_unique_organisations_passes_when_every_member_has_its_own_key():
    spec = consortium(None, [member("DE", APPLICANT, key="1"), member("FR", key="2")])

    check = check_unique_organisations(spec, lot())

    assert (check.passed, check.message, check.hint) == (
        True,
        "Every organisation appears once.",
        "",
    )


def test_unique_organisations_with_some_members_unidentified_says_who_was_compared():
    spec = consortium("DE", [member("FR", key="1"), member("FR", key="2"), member("FR")])

    check = check_unique_organisations(spec, lot())

    assert (check.passed, check.message, check.hint) == (
        True,
        "Every organisation identified appears once (2 of 4 members identified).",
        "Identify the others (PIC or OID) to compare them too.",
    )


# applicant_sector_conflict


@pytest.mark.parametrize(
    "other_codes",
    [("10", "C"), ("C",)],
    ids=["same-division", "its-section"],
)
def test_sector_conflict_fails_when_same_applicant_submitted_same_sector(other_codes):
    spec = consortium(
        sector_codes=("10", "C"),
        other_proposals=(OtherProposal("FOOD-1", other_codes, submitted=True),),
    )

    check = check_applicant_sector_conflict(spec, lot())

    assert (check.passed, check.message) == (
        False,
        "The applicant has submitted FOOD-1 for this sector in this call already.",
    )
    assert check.hint.endswith("or withdraw FOOD-1.")


def test_sector_conflict_of_a_section_with_a_submitted_division_fails():
    spec = consortium(
        sector_codes=("J",), other_proposals=(OtherProposal("SOFT", ("62", "J"), submitted=True),)
    )

    assert check_applicant_sector_conflict(spec, lot()).passed is False


def test_sector_conflict_with_another_draft_passes_with_a_note():
    spec = consortium(
        sector_codes=("10", "C"),
        other_proposals=(OtherProposal("FOOD-2", ("10", "C"), submitted=False),),
    )

    check = check_applicant_sector_conflict(spec, lot())

    assert (check.passed, check.message, check.hint) == (
        True,
        "The applicant also has a draft for this sector in this call: FOOD-2.",
        "Only one of them can be submitted: the first to be submitted.",
    )


def test_sector_conflict_absent_when_other_proposals_are_unknown():
    spec = consortium(sector_codes=("10", "C"))

    assert check_applicant_sector_conflict(spec, lot()) is None


def test_sector_conflict_passes_when_the_applicant_has_no_other_proposal():
    spec = consortium(sector_codes=("10", "C"), other_proposals=())

    check = check_applicant_sector_conflict(spec, lot())

    assert (check.passed, check.message) == (
        True,
        "No other proposal of this applicant addresses this sector.",
    )


@pytest.mark.parametrize(
    "other",
    [
        OtherProposal("AGRI", ("01", "A"), submitted=True),
        OtherProposal("DRINK", ("11", "C"), submitted=True),
        OtherProposal("NONE", (), submitted=True),
    ],
    ids=["other-section", "sibling-division", "no-sector"],
)
def test_sector_conflict_passes_for_other_sectors(other):
    spec = consortium(sector_codes=("10", "C"), other_proposals=(other,))

    check = check_applicant_sector_conflict(spec, lot())

    assert (check.passed, check.hint) == (True, "")


def test_one_per_call_fails_for_a_submitted_proposal_in_any_sector():
    spec = consortium(
        sector_codes=("10", "C"),
        other_proposals=(OtherProposal("AGRI", ("01", "A"), submitted=True),),
    )

    check = check_applicant_sector_conflict(spec, lot(applicant_rule="one_per_call"))

    assert (check.code, check.passed, check.message, check.hint) == (
        "applicant_once_per_call",
        False,
        "The applicant has submitted AGRI in this call already.",
        "One applicant applies once in this call: choose another applicant, or withdraw AGRI.",
    )


def test_one_per_call_notes_a_draft_in_another_sector():
    spec = consortium(
        sector_codes=("10", "C"),
        other_proposals=(OtherProposal("AGRI", ("01", "A"), submitted=False),),
    )

    check = check_applicant_sector_conflict(spec, lot(applicant_rule="one_per_call"))

    assert (check.passed, check.message) == (
        True,
        "The applicant also has a draft in this call: AGRI.",
    )


def test_applicant_rule_off_gives_no_check_even_for_the_same_sector():
    spec = consortium(
        sector_codes=("10", "C"),
        other_proposals=(OtherProposal("FOOD-1", ("10", "C"), submitted=True),),
    )

    assert check_applicant_sector_conflict(spec, lot(applicant_rule="off")) is None
    assert "applicant_sector_conflict" not in {
        c.code for c in evaluate(spec, lot(applicant_rule="off")).checks
    }


# members who declined


def test_declined_full_partner_does_not_count_towards_programme_countries():
    spec = consortium(
        "DE",
        [
            member("FR", status="accepted"),
            MemberSpec("IT", "enterprise", FULL_PARTNER, name="Torino Srl", status="declined"),
        ],
    )

    check = check_min_programme_countries(spec, lot(min_programme_countries=3))

    assert (check.passed, check.message) == (
        False,
        "2 Programme countries, 3 needed: France, Germany.",
    )
    assert check.hint == (
        "Add full partners from 1 more Programme country; associated partners and Partner "
        "countries do not count. Torino Srl (Italy) declined and no longer counts: replace it."
    )


def test_declined_member_does_not_count_towards_full_partners_or_composition():
    declined = MemberSpec("FR", "vet_provider", FULL_PARTNER, name="Lycée", status="declined")
    spec = consortium("DE", [declined, member("IT", kind="vet_provider")])
    vet = CompositionRule("vet", "VET providers", 2, frozenset({"vet_provider"}))

    partners = check_min_full_partners(spec, lot(min_full_partners=3))
    composition = check_composition(spec, lot(), vet)

    assert (partners.passed, composition.passed) == (False, False)
    assert partners.message.startswith("2 full partners")
    assert composition.message == "VET providers: 1, at least 2 needed."
    assert composition.hint.endswith("Lycée (France) declined and no longer counts: replace it.")


def test_members_accepted_names_who_declined_and_who_is_awaited():
    spec = consortium(
        "DE",
        [
            MemberSpec("FR", "enterprise", FULL_PARTNER, name="Lyon Metal", status="accepted"),
            MemberSpec("IT", "enterprise", FULL_PARTNER, name="Torino Srl", status="declined"),
            MemberSpec("ES", "enterprise", ASSOCIATED_PARTNER, name="Bilbao", status="invited"),
        ],
    )

    check = check_members_accepted(spec, lot())

    assert (check.passed, check.message) == (
        False,
        "Waiting for 1 of 3 partners: Bilbao (invited). Declined: Torino Srl (Italy).",
    )
    assert "Replace the partners who declined" in check.hint


def test_members_accepted_passes_when_all_accepted():
    spec = consortium("DE", [member("FR", status="accepted"), member("IT", status="accepted")])

    check = check_members_accepted(spec, lot())

    assert (check.passed, check.message) == (True, "All 2 partners accepted.")


def test_gaps_ask_to_replace_a_declined_country():
    spec = consortium("DE", [member("FR"), member("IT", status="declined")])

    found = gaps(spec, lot(min_programme_countries=3))

    assert found == (Gap("min_programme_countries", PROGRAMME - {"DE", "FR"}, frozenset()),)


# evaluate


def saved(spec):
    """The spec as a saved proposal gives it: every member keyed, other proposals known."""
    keyed = tuple(replace(m, key=str(n)) for n, m in enumerate(spec.members))
    return replace(spec, members=keyed, other_proposals=())


def test_evaluate_default_lot_reports_checks_in_stable_order():
    spec = saved(consortium("DE", [member("FR"), member("IT"), member("ES")], duration_years=3))

    report = evaluate(spec, lot(min_programme_countries=4))

    assert [c.code for c in report.checks] == [
        "applicant_programme_country",
        "min_programme_countries",
        "duration",
        "unique_organisations",
        "applicant_sector_conflict",
    ]
    assert report.passed is True


def test_evaluate_includes_every_rule_the_lot_sets():
    rules = lot(
        min_programme_countries=2,
        min_full_partners=2,
        compositions=(ENTERPRISE_SIDE,),
        max_grant_eur=CAPS,
        allowed_sectors=frozenset({"C"}),
    )

    spec = saved(consortium("DE", [member("FR", kind="vet_provider")], duration_years=2))

    report = evaluate(spec, rules)

    assert [c.code for c in report.checks] == [
        "applicant_programme_country",
        "min_programme_countries",
        "min_full_partners",
        "composition:enterprise-side",
        "duration",
        "sector_allowed",
        "max_grant",
        "unique_organisations",
        "applicant_sector_conflict",
    ]
    assert [c.code for c in report.failed] == ["composition:enterprise-side", "sector_allowed"]
    assert report.passed is False


def test_evaluate_leaves_out_what_a_stateless_request_cannot_know():
    spec = consortium("DE", [member("FR"), member("IT"), member("ES")], duration_years=3)

    report = evaluate(spec, lot(min_programme_countries=4))

    assert [c.code for c in report.checks] == [
        "applicant_programme_country",
        "min_programme_countries",
        "duration",
    ]


# gaps


def test_gaps_name_missing_programme_countries():
    spec = consortium("DE", [member("FR")])

    assert gaps(spec, lot(min_programme_countries=3)) == (
        Gap("min_programme_countries", PROGRAMME - {"DE", "FR"}, frozenset()),
    )


def test_gaps_name_kinds_of_failing_composition_and_short_countries():
    vet_each = CompositionRule("vet", "VET providers", 1, frozenset({"vet_provider"}), True)
    spec = ConsortiumSpec(
        members=(member("DE", APPLICANT, kind="vet_provider"), member("FR", kind="enterprise"))
    )

    found = gaps(spec, lot(compositions=(ENTERPRISE_SIDE, vet_each)))

    assert found == (
        Gap("composition:enterprise-side", PROGRAMME, ENTERPRISE_SIDE.kinds),
        Gap("composition:vet", frozenset({"FR"}), frozenset({"vet_provider"})),
    )


def test_gaps_full_partners_from_anywhere_when_partner_countries_count():
    rules = lot(min_full_partners=3, partner_country_full_partners_count=True)

    assert gaps(consortium("DE"), rules) == (Gap("min_full_partners", frozenset(), frozenset()),)


def test_gaps_empty_when_minima_are_met():
    spec = consortium("DE", [member("FR"), member("IT")])

    assert gaps(spec, lot(min_programme_countries=3, min_full_partners=3)) == ()

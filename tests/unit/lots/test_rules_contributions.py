"""What a suggested organisation adds to a consortium that misses a minimum: the phrases the
eligibility panel shows under each suggestion, with their ordinals and articles."""

import pytest

from lots.rules import (
    APPLICANT,
    ASSOCIATED_PARTNER,
    FULL_PARTNER,
    CompositionRule,
    ConsortiumSpec,
    Contribution,
    LotRules,
    MemberSpec,
    contribution,
    kinds_noun,
    nth,
    ordinal,
)

PROGRAMME = frozenset({"DE", "FR", "IT", "ES", "PL", "LV", "FI"})
NAMES = {"DE": "Germany", "FR": "France", "IT": "Italy", "ES": "Spain", "PL": "Poland"}
NAMES |= {"LV": "Latvia", "FI": "Finland", "CH": "Switzerland"}
VET = frozenset({"vet_provider"})
VET_EACH = CompositionRule("vet-each", "VET providers", 1, VET, per_country=True)


def member(country, kind="enterprise", role=FULL_PARTNER, key=None):
    return MemberSpec(country=country, kind=kind, role=role, key=key)


def consortium(*members):
    """The first member is the applicant; the others are full partners."""
    first, *others = members
    return ConsortiumSpec(members=(MemberSpec(first.country, first.kind, APPLICANT), *others))


def lot(**fields):
    return LotRules(programme_countries=PROGRAMME, country_names=NAMES, **fields)


def vet_providers(count):
    return CompositionRule("vet", "VET providers", count, VET)


FIVE_COUNTRIES = consortium(*(member(c) for c in ("DE", "FR", "IT", "ES", "PL")))
TWO_VET = consortium(member("DE", "vet_provider"), member("FR", "vet_provider"), member("IT"))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
    ids=lambda value: str(value),
)
def test_ordinal_of_number_has_english_suffix(number, expected):
    assert ordinal(number) == expected


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [
        (1, "VET provider", "a VET provider"),
        (1, "enterprise", "an enterprise"),
        (2, "full partner", "a 2nd full partner"),
        (3, "VET provider", "a 3rd VET provider"),
        (6, "Programme country", "a 6th Programme country"),
        (8, "Programme country", "an 8th Programme country"),
        (11, "full partner", "an 11th full partner"),
        (12, "full partner", "a 12th full partner"),
        (18, "full partner", "an 18th full partner"),
        (83, "full partner", "an 83rd full partner"),
        (180, "full partner", "a 180th full partner"),
        (800, "full partner", "an 800th full partner"),
        (8000, "full partner", "an 8000th full partner"),
    ],
    ids=[
        "first",
        "first-vowel",
        "2nd",
        "3rd",
        "6th",
        "8th",
        "11th",
        "12th",
        "18th",
        "83rd",
        "180th",
        "800th",
        "8000th",
    ],
)
def test_nth_picks_article_by_how_the_ordinal_is_said(number, noun, expected):
    assert nth(number, noun) == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"vet_provider"}, "VET provider"),
        ({"enterprise", "vet_provider"}, "enterprise or VET provider"),
        ({"chamber", "enterprise", "trade_union"}, "enterprise, trade union or chamber"),
        (
            {"trade_union", "employers_organisation"},
            "employers' organisation or trade union",
        ),
    ],
    ids=["one", "two", "three-in-kinds-order", "the-social-partners"],
)
def test_kinds_noun_names_rule_kinds_in_singular(kinds, expected):
    assert kinds_noun(frozenset(kinds)) == expected


@pytest.mark.parametrize(
    ("spec", "rules", "candidate", "expected"),
    [
        (
            FIVE_COUNTRIES,
            lot(min_programme_countries=6),
            member("LV"),
            ("Latvia, a 6th Programme country",),
        ),
        (
            TWO_VET,
            lot(compositions=(vet_providers(3),)),
            member("DE", "vet_provider"),
            ("a 3rd VET provider",),
        ),
        (
            TWO_VET,
            lot(min_programme_countries=4, compositions=(vet_providers(3),)),
            member("FI", "vet_provider"),
            ("Finland, a 4th Programme country", "a 3rd VET provider"),
        ),
        (
            consortium(member("DE", "vet_provider"), member("FI")),
            lot(compositions=(VET_EACH,)),
            member("FI", "vet_provider"),
            ("a VET provider in Finland",),
        ),
        (
            consortium(member("DE", "vet_provider"), member("FI", "vet_provider")),
            lot(compositions=(CompositionRule("vet-each", "VET providers", 2, VET, True),)),
            member("FI", "vet_provider"),
            ("a 2nd VET provider in Finland",),
        ),
        (
            consortium(member("DE"), member("FR"), member("FR"), member("IT")),
            lot(min_full_partners=5),
            member("IT", "chamber"),
            ("a 5th full partner",),
        ),
        (
            consortium(member("DE"), member("FR"), member("IT")),
            lot(min_full_partners=5, partner_country_full_partners_count=True),
            member("CH"),
            ("a 4th full partner",),
        ),
        (
            consortium(member("DE", "vet_provider")),
            lot(
                compositions=(
                    CompositionRule(
                        "employers", "employers", 2, frozenset({"enterprise", "chamber"})
                    ),
                )
            ),
            member("FR", "chamber"),
            ("an enterprise or chamber",),
        ),
        (
            consortium(member("DE"), member("FR")),
            lot(min_programme_countries=3, min_full_partners=3),
            member("ES", role=ASSOCIATED_PARTNER),
            ("Spain, a 3rd Programme country", "a 3rd full partner"),
        ),
    ],
    ids=[
        "new-programme-country",
        "composition-overall",
        "country-and-composition",
        "composition-per-country",
        "composition-per-country-2nd",
        "full-partners",
        "full-partners-from-partner-country",
        "several-kinds",
        "counted-as-full-partner-whatever-role",
    ],
)
def test_contribution_phrases_what_candidate_adds_to_failing_minima(
    spec, rules, candidate, expected
):
    assert contribution(spec, rules, candidate).phrases == expected


@pytest.mark.parametrize(
    ("spec", "rules", "candidate"),
    [
        (FIVE_COUNTRIES, lot(min_programme_countries=6), member("CH")),
        (FIVE_COUNTRIES, lot(min_programme_countries=6), member("FR")),
        (FIVE_COUNTRIES, lot(min_programme_countries=5), member("LV")),
        (TWO_VET, lot(compositions=(vet_providers(3),)), member("LV", "enterprise")),
        (
            consortium(member("DE", "vet_provider"), member("FI")),
            lot(compositions=(VET_EACH,)),
            member("DE", "vet_provider"),
        ),
    ],
    ids=[
        "partner-country",
        "country-present",
        "minimum-met",
        "other-kind",
        "per-country-already-met-there",
    ],
)
def test_contribution_empty_when_candidate_closes_no_gap(spec, rules, candidate):
    found = contribution(spec, rules, candidate)

    assert (found.phrases, found.sentence) == ((), "")


def test_contribution_sentence_joins_phrases_and_keeps_candidate_key():
    rules = lot(min_programme_countries=4, compositions=(vet_providers(3),))

    found = contribution(TWO_VET, rules, member("FI", "vet_provider", key="42"))

    assert found == Contribution("42", ("Finland, a 4th Programme country", "a 3rd VET provider"))
    assert found.sentence == "Adds Finland, a 4th Programme country; a 3rd VET provider."

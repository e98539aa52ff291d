"""The engine's texts in English, French and German (consortia/check_texts.py): every variant
the engine can produce has a template, the English templates say exactly what the engine says,
and French and German leave no English behind (once the catalogues are compiled)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from consortia import check_texts
from lots import rules
from lots.rules import (
    APPLICANT,
    ASSOCIATED_PARTNER,
    FULL_PARTNER,
    ONE_PER_CALL,
    CompositionRule,
    ConsortiumSpec,
    LotRules,
    MemberSpec,
    OtherProposal,
)

PROGRAMME = frozenset({"DE", "FR", "IT", "ES", "PL", "AT"})
NAMES = {"DE": "Germany", "FR": "France", "IT": "Italy", "ES": "Spain", "CH": "Switzerland",
         "PL": "Poland", "AT": "Austria"}  # fmt: skip


def m(country, role=FULL_PARTNER, kind="enterprise", key=None, name="", status=None):
    return MemberSpec(country=country, kind=kind, role=role, key=key, name=name, status=status)


def lot(**fields):
    return LotRules(programme_countries=PROGRAMME, country_names=NAMES, **fields)


VET = CompositionRule("vet", "VET providers", 2, frozenset({"vet_provider"}))
VET_ANY = CompositionRule(
    "vet_any", "VET providers", 1, frozenset({"vet_provider"}), partner_countries_count=True
)
EACH = CompositionRule("each", "enterprises", 1, frozenset({"enterprise"}), per_country=True)
CAPS = ((2, Decimal(1000000)), (3, Decimal("1500000.50")))
STRICT = lot(
    allowed_durations=frozenset({2, 3}),
    min_programme_countries=3,
    min_full_partners=4,
    compositions=(VET, VET_ANY, EACH),
    max_grant_eur=CAPS,
    allowed_sectors=frozenset({"C", "J"}),
)
OPEN = lot(
    min_full_partners=1,
    partner_country_full_partners_count=True,
    applicant_rule=ONE_PER_CALL,
    compositions=(EACH,),
)


def spec(*members, **fields):
    return ConsortiumSpec(members=tuple(members), **fields)


# Consortia chosen so that, over both lots, the engine produces every variant of every check.
CASES = [
    spec(),
    spec(m("FR"), other_proposals=()),
    spec(m("DE", APPLICANT), m("FR", APPLICANT, key="1", name="Dup SA"), m("FR", key="1")),
    spec(
        m("DE", APPLICANT, key="9"),
        m("FR", name="Ecole", status="invited", kind="vet_provider"),
        m("CH", status="to_invite", kind="vet_provider"),
        m("IT", name="Gone SpA", status="declined", kind="vet_provider"),
        m("ES", ASSOCIATED_PARTNER, status="accepted"),
        duration_years=1,
        sector_codes=("10", "C"),
        sector_name="Food",
        requested_grant_eur=Decimal("1200000"),
        other_proposals=(OtherProposal("OLD", ("10", "C"), submitted=True),),
    ),
    spec(
        m("CH", APPLICANT, kind="vet_provider", key="1"),
        m("AT", name="Weg GmbH", status="declined"),
        m("PL", name="Nie", status="declined"),
        duration_years=2,
        sector_codes=("62", "J"),
        sector_name="Programming",
        requested_grant_eur=Decimal("999999.40"),
        other_proposals=(OtherProposal("DRAFT", ("62", "J"), submitted=False),),
    ),
    spec(
        m("DE", APPLICANT, kind="vet_provider", key="1"),
        m("FR", kind="vet_provider", key="2", status="accepted"),
        m("IT", kind="enterprise", key="3", status="accepted"),
        m("ES", key="4", status="accepted"),
        duration_years=3,
        sector_codes=("01", "A"),
        sector_name="Farming",
        other_proposals=(OtherProposal("OTHER", ("01", "A"), submitted=True),),
    ),
    spec(
        m("DE", APPLICANT, kind="enterprise"),
        m("FR", kind="vet_provider", status="accepted"),
        m("IT", kind="vet_provider", status="accepted"),
        m("ES", kind="enterprise", status="accepted"),
        duration_years=3,
        sector_codes=("62", "J"),
        requested_grant_eur=Decimal("10"),
        other_proposals=(OtherProposal("OTHER", ("01", "A"), submitted=False),),
    ),
    spec(m("DE", APPLICANT), duration_years=4, other_proposals=()),
    spec(
        m("DE", APPLICANT),
        m("FR", name="Wait SA", status="invited"),
        duration_years=2,
        requested_grant_eur=Decimal("1200000.4"),
    ),
]

# Every key the engine's source names, and those it composes (members_accepted).
SOURCE = Path(rules.__file__).read_text()
ENGINE_KEYS = set(re.findall(r'key="([a-z_]+)"', SOURCE)) | {"waiting", "declined"}


def walk():
    for lot_rules in (STRICT, OPEN):
        for consortium in CASES:
            yield from (
                (check, lot_rules) for check in rules.evaluate(consortium, lot_rules).checks
            )


def variants():
    return {(check_texts.family(c.code), c.key) for c, _lot in walk()}


def test_the_cases_reach_every_variant_the_engine_names():
    reached = {key for _family, key in variants()}

    assert ENGINE_KEYS - reached == set()


@pytest.mark.parametrize(("family", "key"), sorted(variants()))
def test_every_variant_has_a_template_that_says_what_the_engine_says_in_english(family, key):
    found = [
        (c, lot_rules)
        for c, lot_rules in walk()
        if (check_texts.family(c.code), c.key) == (family, key)
    ]

    with translation.override("en"):
        for check, lot_rules in found:
            assert check_texts.texts(check, lot_rules) == (check.message, check.hint)


def test_a_check_without_a_key_keeps_its_english():
    check = rules.Check("new_rule", False, "Something new.", "Do this.")

    assert check_texts.translated_check(check) is check


CATALOGUES = Path(rules.__file__).resolve().parents[1] / "locale"


def compiled(language):
    return (CATALOGUES / language / "LC_MESSAGES" / "django.mo").exists()


def english_words(text, language):
    """Words of the English templates left in a text (names and codes aside, and the words
    the language shares with English: "Partner", "maximum")."""
    common = {"of", "the", "and", "or", "is", "not", "needed", "yet", "partner", "partners",
              "country", "countries", "applicant", "more", "full", "requested", "maximum",
              "declined", "accepted", "waiting", "choose", "add", "year", "years"}  # fmt: skip
    common -= {"de": {"partner"}, "fr": {"maximum"}}[language]
    return sorted(word for word in re.findall(r"[A-Za-z']+", text) if word.lower() in common)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_french_and_german_leave_no_english(language):
    if not compiled(language):
        pytest.skip(f"no compiled {language} catalogue (make messages)")
    with translation.override(language):
        said = [check_texts.texts(check, lot_rules) for check, lot_rules in walk()]
    left = {
        text: english_words(text, language)
        for pair in said
        for text in pair
        if english_words(text, language)
    }

    assert left == {}


def test_french_country_names_and_amounts():
    check = rules.evaluate(CASES[-1], STRICT).get("max_grant")
    applicant = rules.evaluate(CASES[4], STRICT).get("applicant_programme_country")

    with translation.override("fr"):
        grant = check_texts.texts(check, STRICT)
        where = check_texts.texts(applicant, STRICT)

    assert (
        "1\u202f200\u202f000" in grant[0]
        or "1\xa0200\xa0000" in grant[0]
        or "1 200 000" in grant[0]
    )
    assert "Suisse" in where[0]


def test_german_amounts_and_plurals():
    grant = rules.evaluate(CASES[-1], STRICT).get("max_grant")
    partners = rules.evaluate(CASES[1], STRICT).get("min_full_partners")

    with translation.override("de"):
        said = check_texts.texts(grant, STRICT)
        count = check_texts.texts(partners, STRICT)

    assert "1.200.000" in said[0]
    assert count[0].startswith("1 ")


def contribution_of(country, kind="vet_provider"):
    spec = ConsortiumSpec(members=(m("DE", APPLICANT, kind="enterprise"),))
    return rules.contribution(spec, STRICT, m(country, kind=kind))


def test_contribution_keeps_the_engines_english():
    added = contribution_of("FR")

    with translation.override("en"):
        assert check_texts.contribution_sentence(added, STRICT) == added.sentence
    assert added.sentence.startswith("Adds France, a 2nd Programme country;")


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "France, 2e pays participant au programme"), ("de", "Frankreich, 2. Programmland")],
)
def test_contribution_in_french_and_german(language, start):
    if not compiled(language):
        pytest.skip(f"no compiled {language} catalogue (make messages)")
    with translation.override(language):
        said = check_texts.contribution_sentence(contribution_of("FR"), STRICT)

    assert start in said
    assert english_words(said, language) == []

"""Retired kinds: what a social partner becomes, and that the split keeps every rule's verdict."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lots.kinds import (
    EMPLOYERS_ORGANISATION,
    RETIRED,
    SOCIAL_PARTNER,
    TRADE_UNION,
    current_kind,
    refuse_retired,
)
from lots.rules import (
    APPLICANT,
    KINDS,
    ROLES,
    CompositionRule,
    ConsortiumSpec,
    LotRules,
    MemberSpec,
    evaluate,
    gaps,
)


@pytest.mark.parametrize(
    ("legal_name", "short_name"),
    [
        ("Industriegewerkschaft Metall", "IG Metall"),
        ("Vereinte Dienstleistungsgewerkschaft", "ver.di"),
        ("Federatie Nederlandse Vakbeweging", "FNV"),
        ("ACV-CSC Metea", ""),
        ("Confédération générale du travail", "CGT"),
        ("Fédération des syndicats de la métallurgie", ""),
        ("Confederazione Generale Italiana del Lavoro", "CGIL"),
        ("Confederación Sindical de Comisiones Obreras", "CCOO"),
        ("Unión General de Trabajadores", "UGT"),
        ("Sindicatul Metalurgiștilor", ""),
        ("NSZZ Solidarność", ""),
        ("Związek Zawodowy Metalowców", ""),
        ("Odborový svaz KOVO", ""),
        ("Vasas Szakszervezeti Szövetség", ""),
        ("Fagforbundet", ""),
        ("Suomen Ammattiliittojen Keskusjärjestö", "SAK"),
        ("IF Metall", ""),
        ("Irish Congress of Trade Unions", "ICTU"),
        ("Bakers' Union", ""),
        ("National Union of Rail, Maritime and Transport Workers", "RMT"),
        ("Türk Metal Sendikası", ""),  # noqa: RUF001 (Turkish dotless i)
    ],
    ids=lambda name: name[:24] or "-",
)
def test_social_partner_named_as_a_trade_union_becomes_a_trade_union(legal_name, short_name):
    assert current_kind(SOCIAL_PARTNER, legal_name, short_name) == TRADE_UNION


@pytest.mark.parametrize(
    ("legal_name", "short_name"),
    [
        ("Confederación de Empresarios del Metal", "CONFEMETAL"),
        ("Teknologiateollisuus ry", "TEKNO"),
        ("Norsk Industri", "NI"),
        ("Swissmem Berufsbildung", "SWISSMEM"),
        ("Vlaamse Agrovoedingsfederatie", "VAF"),
        ("Union des industries et métiers de la métallurgie", "UIMM"),
        ("Syndicat national des entreprises de la métallurgie", ""),
        ("Gesamtverband der Arbeitgeberverbände der Metall- und Elektro-Industrie", ""),
        ("Confederation of Employers and Workers", ""),
        ("Union of Bulgarian Business", ""),
        ("BusinessEurope", ""),
        ("Confindustria", ""),
        ("Konfederacja Lewiatan", ""),
        ("Odbor školství", ""),
    ],
    ids=lambda name: name[:24] or "-",
)
def test_other_social_partner_becomes_an_employers_organisation(legal_name, short_name):
    assert current_kind(SOCIAL_PARTNER, legal_name, short_name) == EMPLOYERS_ORGANISATION


def test_short_name_alone_can_name_a_trade_union():
    assert current_kind(SOCIAL_PARTNER, "Metalworkers' federation of Ireland", "ICTU") == (
        TRADE_UNION
    )


@given(kind=st.sampled_from(KINDS), names=st.lists(st.text(), max_size=2))
def test_current_kinds_are_kept_whatever_the_name(kind, names):
    assert current_kind(kind, *names) == kind


@given(names=st.lists(st.text(), max_size=2))
def test_social_partner_becomes_one_of_its_successors(names):
    assert current_kind(SOCIAL_PARTNER, *names) in RETIRED[SOCIAL_PARTNER]


@given(names=st.lists(st.text(), max_size=2), word=st.sampled_from(["Employers", "Patronat"]))
def test_a_name_saying_employers_is_never_a_trade_union(names, word):
    assert current_kind(SOCIAL_PARTNER, *names, f"{word} trade union") == EMPLOYERS_ORGANISATION


def test_refuse_retired_names_the_codes_to_use():
    message = "'social_partner' is no longer a kind: use 'employers_organisation' or 'trade_union'."

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        refuse_retired(SOCIAL_PARTNER)


@given(value=(st.sampled_from(KINDS) | st.text() | st.none()).filter(lambda v: v not in RETIRED))
def test_refuse_retired_lets_anything_else_through(value):
    assert refuse_retired(value) == value


# Before the split: no employers' organisations or trade unions, social partners instead.
OLD_KINDS = [kind for kind in KINDS if kind not in RETIRED[SOCIAL_PARTNER]] + [SOCIAL_PARTNER]
NAMES = ["IG Metall", "Bakers' Union", "Norsk Industri", "Teknologiateollisuus ry", "X"]
PROGRAMME = frozenset({"BE", "DE", "ES", "FR", "IT"})

old_members = st.builds(
    MemberSpec,
    country=st.sampled_from([*sorted(PROGRAMME), "CH"]),
    kind=st.sampled_from(OLD_KINDS),
    role=st.sampled_from(ROLES[1:]),
    name=st.sampled_from(NAMES),
)
old_compositions = st.lists(
    st.builds(
        CompositionRule,
        slug=st.sampled_from(["a", "b", "c"]),
        label=st.just("organisations"),
        min_count=st.integers(1, 4),
        kinds=st.frozensets(st.sampled_from(OLD_KINDS), min_size=1),
        per_country=st.booleans(),
    ),
    max_size=3,
    unique_by=lambda rule: rule.slug,
).map(tuple)


def split(kinds):
    """A composition row's kinds as the migration rewrites them."""
    return frozenset(new for kind in kinds for new in RETIRED.get(kind, (kind,)))


@given(
    applicant=old_members.map(lambda member: MemberSpec(**{**vars(member), "role": APPLICANT})),
    partners=st.lists(old_members, max_size=12),
    compositions=old_compositions,
)
def test_split_keeps_every_verdict_and_gap(applicant, partners, compositions):
    old = ConsortiumSpec(members=(applicant, *partners))
    new = ConsortiumSpec(
        members=tuple(
            MemberSpec(**{**vars(m), "kind": current_kind(m.kind, m.name)}) for m in old.members
        )
    )
    old_rules = LotRules(programme_countries=PROGRAMME, compositions=compositions)
    new_rules = LotRules(
        programme_countries=PROGRAMME,
        compositions=tuple(
            CompositionRule(**{**vars(rule), "kinds": split(rule.kinds)}) for rule in compositions
        ),
    )

    assert evaluate(new, new_rules) == evaluate(old, old_rules)
    assert [(gap.code, gap.countries) for gap in gaps(new, new_rules)] == [
        (gap.code, gap.countries) for gap in gaps(old, old_rules)
    ]

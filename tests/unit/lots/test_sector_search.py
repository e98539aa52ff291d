"""Finding sectors from what people type: codes, labels and words, best first."""

import pytest

from lots.sector_search import (
    Quality,
    SectorEntry,
    SectorMatch,
    best_matches,
    match_sectors,
    singular_and_plural,
)

# A part of NACE Rev. 2, in classification order, with keywords like the data migration's.
SECTORS = [
    SectorEntry("B", "Mining and quarrying"),
    SectorEntry("07", "Mining of metal ores", "B"),
    SectorEntry("C", "Manufacturing"),
    SectorEntry("10", "Manufacture of food products", "C", "bakery, dairy"),
    SectorEntry("23", "Manufacture of other non-metallic mineral products", "C", "glass"),
    SectorEntry("24", "Manufacture of basic metals", "C", "steel, foundry"),
    SectorEntry(
        "25",
        "Manufacture of fabricated metal products, except machinery and equipment",
        "C",
        "welding, welders, metalwork, machining, sheet metal",
    ),
    SectorEntry("28", "Manufacture of machinery and equipment n.e.c.", "C"),
    SectorEntry("I", "Accommodation and food service activities", None, "hospitality"),
    SectorEntry("56", "Food and beverage service activities", "I", "cooking, chefs"),
    SectorEntry("P", "Education"),
    SectorEntry("85", "Education", "P", "teaching"),
]


def codes(matches):
    return [match.sector.code for match in matches]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("C25", ["25"]),
        ("c25", ["25"]),
        ("C 25", ["25"]),
        ("C.25", ["25"]),
        ("C-25", ["25"]),
        ("25", ["25"]),
        ("  25  ", ["25"]),
        ("25.1", ["25"]),
        ("25.62", ["25"]),
        ("C25.62", ["25"]),
        ("C", ["C"]),
        ("c", ["C"]),
        ("C: Manufacturing", ["C"]),
        ("25: Manufacture of fabricated metal products, except machinery and equipment", ["25"]),
        ("25: Manufacture of fabricated metal", ["25"]),
    ],
    ids=[
        "C25",
        "c25",
        "C 25",
        "C.25",
        "C-25",
        "25",
        "spaces",
        "group 25.1",
        "class 25.62",
        "C25.62",
        "C",
        "c",
        "section label",
        "division label",
        "cut label",
    ],
)
def test_match_sectors_code_notation_finds_that_sector_alone(typed, expected):
    matches = match_sectors(typed, SECTORS)

    assert (codes(matches), {match.quality for match in matches}) == (expected, {Quality.CODE})


@pytest.mark.parametrize(
    "typed",
    ["B25", "04", "Z", "99", "25.123"],
    ids=["division-of-another-section", "unused-division", "no-section-z", "absent", "bad-class"],
)
def test_match_sectors_code_of_no_sector_finds_nothing(typed):
    assert match_sectors(typed, SECTORS) == []


@pytest.mark.parametrize(
    ("typed", "ranked", "best"),
    [
        ("welding", ["25"], ["25"]),
        ("Welders", ["25"], ["25"]),
        ("weld", ["25"], ["25"]),
        ("metal products", ["25", "23"], ["25"]),
        ("Metal Product", ["25", "23"], ["25"]),
        ("products metal", ["25", "23"], ["25"]),
        ("MÉTAL PRODUCTS", ["25", "23"], ["25"]),
        ("metal produ", ["25", "23"], ["25"]),
        ("metal", ["07", "24", "25", "23"], ["07", "24", "25"]),
        ("metals", ["07", "24", "25"], ["07", "24", "25"]),
        ("food", ["10", "I", "56"], ["10", "I", "56"]),
        ("cooking", ["56"], ["56"]),
        ("Manufacturing", ["C"], ["C"]),
        ("education", ["P", "85"], ["85"]),
        ("metal and steel", ["24"], ["24"]),
    ],
    ids=[
        "welding",
        "keyword plural",
        "weld",
        "metal products",
        "Metal Product",
        "any order",
        "accents",
        "typing",
        "metal",
        "metals",
        "food",
        "cooking",
        "whole name",
        "section twin",
        "filler words",
    ],
)
def test_match_sectors_words_rank_and_best(typed, ranked, best):
    matches = match_sectors(typed, SECTORS)

    assert (codes(matches), codes(best_matches(matches))) == (ranked, best)


def test_match_sectors_whole_words_rank_above_beginnings():
    matches = match_sectors("metal", SECTORS)

    assert [(match.sector.code, match.quality) for match in matches] == [
        ("07", Quality.WORDS),
        ("24", Quality.WORDS),
        ("25", Quality.WORDS),
        ("23", Quality.PREFIX),
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "xyzzy",
        "metal xyzzy",
        "of the and",
        "\x00",
        "<script>alert(1)</script>",
        "'; DROP TABLE lots_sector; --",
        "%" * 300,
        "metal " * 2000,
        "welding" * 1500,
        "\ud800",
        "٢٥",
    ],
    ids=[
        "empty",
        "blank",
        "junk",
        "one unknown word",
        "fillers only",
        "nul",
        "markup",
        "sql",
        "percent signs",
        "10000 chars of words",
        "10000 chars",
        "lone surrogate",
        "arabic digits",
    ],
)
def test_match_sectors_junk_finds_nothing(typed):
    assert match_sectors(typed, SECTORS) == []


def test_best_matches_of_nothing_is_nothing():
    assert best_matches([]) == []


def test_best_matches_keeps_a_section_without_a_twin():
    section = SectorEntry("P", "Education")
    other = SectorEntry("86", "Education", "Q")

    best = best_matches([SectorMatch(section, Quality.NAME), SectorMatch(other, Quality.NAME)])

    assert codes(best) == ["P", "86"]


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("products", {"products", "product"}),
        ("activities", {"activities", "activitie", "activiti", "activity"}),
        ("glass", {"glass"}),
        ("gas", {"gas"}),
        ("buses", {"buses", "buse", "bus"}),
        ("analysis", {"analysis"}),
    ],
    ids=["s", "ies", "ss", "short", "es", "is"],
)
def test_singular_and_plural_forms(word, forms):
    assert singular_and_plural(word) == forms


# A call's own sectors, with codes of their own

OWN = [
    SectorEntry("BATT", "Batteries for electro-mobility", None, "battery cells"),
    SectorEntry("DEF", "Defence technologies"),
    SectorEntry("C25", "Own sector coded like NACE"),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("BATT", ["BATT"]), ("batt", ["BATT"]), ("DEF: Defence technologies", ["DEF"])],
    ids=["code", "lower case", "label"],
)
def test_match_sectors_own_code_finds_that_sector_alone(typed, expected):
    matches = match_sectors(typed, OWN)

    assert (codes(matches), {match.quality for match in matches}) == (expected, {Quality.CODE})


def test_match_sectors_own_code_as_written_comes_before_nace_notation():
    assert codes(match_sectors("C25", [*SECTORS, *OWN])) == ["C25"]


@pytest.mark.parametrize(("typed", "expected"), [("b", ["BATT"]), ("d", ["DEF"])], ids=["b", "d"])
def test_match_sectors_section_letter_naming_no_sector_is_read_as_a_word(typed, expected):
    assert codes(match_sectors(typed, OWN)) == expected

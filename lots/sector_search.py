"""Finding sectors from what a person types: a code (a call's own "BATT", or NACE's "C25",
"25.62", "C"), the "code: name" label of the suggestion list, or words of the name or of the
sector's keywords. Pure: plain data in, ranked matches out (no Django)."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

# Longer than any "code: name" label; longer text cannot be a sector and is not searched.
MAX_QUERY_LENGTH = 300

# "C", or a division with an optional section and NACE group or class: "25", "C25", "c 25",
# "C.25", "25.1", "25.62", "C25.62".
CODE = re.compile(
    r"(?P<section>[a-u])?[\s.\-]*(?P<division>\d{2})(?:\.\d{1,2}){0,2}|(?P<only_section>[a-u])",
    re.ASCII,
)
WORD = re.compile(r"[^\W_]+")
# Words that say nothing about a sector: a query of "metal and steel" needs "metal" and "steel".
FILLERS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


class Quality(IntEnum):
    """How well a sector matches; matches of equal quality are equally good."""

    PREFIX = 1  # every word begins a word of the name or keywords ("weld": welding)
    WORDS = 2  # every word is a word of the name or keywords, singular or plural
    NAME = 3  # the whole name ("Education")
    CODE = 4  # a code notation or the "code: name" label


@dataclass(frozen=True)
class SectorEntry:
    code: str
    name: str
    parent: str | None = None
    keywords: str = ""


@dataclass(frozen=True)
class SectorMatch:
    sector: SectorEntry
    quality: Quality
    whole_words: int = 0  # among words that only begin words, the more whole ones the better

    @property
    def rank(self) -> tuple[int, int]:
        return (self.quality, self.whole_words)


def match_sectors(query: str, sectors: Sequence[SectorEntry]) -> list[SectorMatch]:
    """The sectors ``query`` names, best first; equally good ones in the given order. A code
    as it is written names its sector first, whatever the NACE notation would read in it; a
    NACE notation that names none of ``sectors`` is read as words ("b" begins "batteries"
    in a call of its own sectors)."""
    text = normalise(query)
    if not text or len(text) > MAX_QUERY_LENGTH:
        return []
    typed_code = text.split(":", 1)[0].strip()
    exact = [SectorMatch(s, Quality.CODE) for s in sectors if normalise(s.code) == typed_code]
    if exact:
        return exact
    code = CODE.fullmatch(typed_code)
    if code and (found := [SectorMatch(s, Quality.CODE) for s in sectors if has_code(s, code)]):
        return found
    words = WORD.findall(text)
    content = [word for word in words if word not in FILLERS]
    if not content:
        return []
    found = [
        match for sector in sectors if (match := match_words(words, content, sector)) is not None
    ]
    return sorted(found, key=lambda match: match.rank, reverse=True)


def best_matches(matches: Sequence[SectorMatch]) -> list[SectorMatch]:
    """The equally good matches at the top. A section that ties with its own division of the
    same name ("P: Education" and "85: Education") gives way to the division, which every lot
    of the section accepts too."""
    if not matches:
        return []
    top = [match for match in matches if match.rank == matches[0].rank]
    twins = {
        (match.sector.parent, normalise(match.sector.name)) for match in top if match.sector.parent
    }
    return [
        match for match in top if (match.sector.code, normalise(match.sector.name)) not in twins
    ]


def has_code(sector: SectorEntry, code: re.Match[str]) -> bool:
    if code["only_section"]:
        return sector.parent is None and sector.code.casefold() == code["only_section"]
    if sector.code != code["division"]:
        return False
    return not code["section"] or (sector.parent or "").casefold() == code["section"]


def match_words(words: list[str], content: list[str], sector: SectorEntry) -> SectorMatch | None:
    """The sector's match if every content word is (or begins) a word of its name or keywords."""
    name = WORD.findall(normalise(sector.name))
    if words == name:
        return SectorMatch(sector, Quality.NAME)
    vocabulary = name + WORD.findall(normalise(sector.keywords))
    forms = {form for word in vocabulary for form in singular_and_plural(word)}
    whole = 0
    for word in content:
        if singular_and_plural(word) & forms:
            whole += 1
        elif not any(known.startswith(word) for known in vocabulary):
            return None
    if whole == len(content):
        return SectorMatch(sector, Quality.WORDS)
    return SectorMatch(sector, Quality.PREFIX, whole)


def singular_and_plural(word: str) -> frozenset[str]:
    """The word and what it would be without a plural ending ("activities": "activity")."""
    forms = {word}
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return frozenset(forms)


def normalise(text: str) -> str:
    """Lower case without accents ("Métal" is "metal"), surrounding space removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()

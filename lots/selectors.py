"""Reads of calls, lots and sectors, and the frozen rules the engine takes from a saved lot."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.db.models import Exists, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django_countries import countries

from lots import catalogue, rules, sector_search
from lots.models import Call, CompositionRequirement, Lot, Sector


def lots_with_rules() -> QuerySet[Lot]:
    """Lots with their rules (to show them), fetched in a fixed number of queries."""
    return Lot.objects.select_related("call").prefetch_related(
        Prefetch("compositions", queryset=CompositionRequirement.objects.order_by("slug")),
        "grant_caps",
        Prefetch("sectors", queryset=Sector.objects.only("code")),
    )


def calls_with_lots() -> QuerySet[Call]:
    """Calls with their own sectors and their lots' rules, in a fixed number of queries."""
    return Call.objects.prefetch_related(
        "own_sectors", Prefetch("lots", queryset=lots_with_rules())
    )


def default_call() -> Call | None:
    return Call.objects.filter(is_default=True).first()


def country_names() -> dict[str, str]:
    return names_in_language(get_language())


@cache
def names_in_language(language: str | None) -> dict[str, str]:
    return {code: str(name) for code, name in countries}


def lot_rules(lot: Lot) -> rules.LotRules:
    """The engine's frozen copy of a saved lot's rules: from the catalogue, with no query while
    the rules are unchanged."""
    names = country_names()
    found = catalogue.lot_rules(lot.pk, names)
    if found is None:  # saved since the catalogue was read, and its change not seen yet
        found = catalogue.lot_rules_of(lots_with_rules().get(pk=lot.pk), names)
    return found


def sector_codes(sector: Sector | None) -> tuple[str, ...]:
    """The sector's code followed by its ancestors' (a division, then its section)."""
    codes: list[str] = []
    while sector is not None:
        codes.append(sector.code)
        sector = sector.parent
    return tuple(codes)


def nace_sectors() -> QuerySet[Sector]:
    """The NACE Rev. 2 classification, shared by every call (organisations' sectors too)."""
    return Sector.objects.filter(call__isnull=True)


def call_sectors(call: Call) -> QuerySet[Sector]:
    """The sectors of a call: its own, and the NACE classification unless it leaves it out."""
    offered = Q(call=call) | Q(call__isnull=True) if call.nace_sectors else Q(call=call)
    return Sector.objects.filter(offered)


def offers(call: Call, sector: Sector) -> bool:
    """Whether ``sector`` is one of ``call``'s (``call_sectors``' rule, for a sector in hand)."""
    return sector.call_id == call.pk or (sector.call_id is None and call.nace_sectors)


def sectors_of(lot: Lot) -> QuerySet[Sector]:
    """The sectors a proposal in ``lot`` may choose, with their parents, in one query: the
    lot's sectors (a NACE section with its divisions) when the lot narrows its call's list,
    else the call's list."""
    chosen = Lot.sectors.through.objects.filter(lot_id=lot.pk).values("sector_id")
    narrowed = Q(pk__in=chosen) | Q(parent__in=chosen) | ~Exists(chosen)
    return call_sectors(lot.call).filter(narrowed).select_related("parent")


def offers_whole_nace(lot: Lot, offered: Iterable[Sector]) -> bool:
    """Whether ``offered`` (``sectors_of(lot)``) is the whole NACE classification and nothing
    else: the lot does not narrow it and the call names no sector of its own."""
    return (
        lot.call.nace_sectors
        and all(sector.call_id is None for sector in offered)
        and not lot_rules(lot).allowed_sectors
    )


@dataclass(frozen=True)
class SectorMatches:
    ranked: list[Sector]  # best first
    best: list[Sector]  # the equally good ones at the top: one means a clear answer


def sectors_matching(text: str, among: Iterable[Sector]) -> SectorMatches:
    """The sectors of ``among`` (with their parents, as from ``sectors_of``) that ``text``
    names: a code, a "code: name" label or words. Codes are unique within a call's list."""
    sectors = {sector.code: sector for sector in among}
    entries = [
        sector_search.SectorEntry(
            code=sector.code,
            name=sector.name,
            parent=sector.parent.code if sector.parent else None,
            keywords=sector.keywords,
        )
        for sector in sectors.values()
    ]
    matches = sector_search.match_sectors(text, entries)
    return SectorMatches(
        ranked=[sectors[match.sector.code] for match in matches],
        best=[sectors[match.sector.code] for match in sector_search.best_matches(matches)],
    )

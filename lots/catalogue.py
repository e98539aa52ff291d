"""Every call's rules and sectors, read once: a frozen snapshot that each process keeps in
memory and the shared cache keeps for the other processes, under a version token that every
change to calls, lots, their rules or sectors replaces (``lots.signals``).

A request asks the shared cache for the token (one Redis GET) and uses its process's snapshot
while the token is the same, so the rules cost no query until an admin changes them; the next
request of every process then sees the change. The token expires after ``TOKEN_SECONDS``, so
a change whose token could not be written (Redis unreachable at that moment) is seen within
that time. While the cache is unreachable, or when it is not shared between processes (local
memory, in embedded mode), every request reads the rules from the database again.
"""

import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import Prefetch
from django.utils.translation import get_language, override

from lots import rules
from lots.models import Call, CompositionRequirement, Lot, Sector

TOKEN_KEY = "lots:catalogue:token"  # noqa: S105 (a cache key)
SNAPSHOT_KEY = "lots:catalogue:{token}"
TOKEN_SECONDS = 300


LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# A text in every language it has, by language code: English always, the others when
# translated. The snapshot keeps them all, so that one snapshot serves every request, each in
# its own language (``in_language``), whichever language the request that read it had.
Texts = Mapping[str, str]


def texts_of(row: object, name: str) -> Texts:
    """The texts of ``row``'s translated field ``name`` (``lots.translation``), from its
    columns: ``name_en``, ``name_fr``, ``name_de``."""
    found = {code: getattr(row, f"{name}_{code}", None) for code in LANGUAGES}
    texts = {code: text for code, text in found.items() if text}
    texts.setdefault("en", getattr(row, f"{name}_en", None) or "")
    return texts


def in_language(texts: Texts) -> str:
    """The text in the active language, or in English when it has none in that language (as
    django-modeltranslation's fields read)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.get(language) or texts.get("en", "")


@dataclass(frozen=True)
class SectorEntry:
    pk: int
    code: str
    names: Texts
    parent: int | None  # its parent's pk

    @property
    def name(self) -> str:
        """The name in the active language."""
        return in_language(self.names)


@dataclass(frozen=True)
class LotEntry:
    pk: int
    number: int
    call_slug: str
    # Without country names (they depend on the request's language) and with the English
    # composition labels: ``rules_in`` gives both in the active language.
    rules: rules.LotRules
    labels: Mapping[str, Texts]  # each composition row's label, by slug

    def rules_in(self, country_names: Mapping[str, str]) -> rules.LotRules:
        """The lot's rules with country names and composition labels in the active language."""
        compositions = tuple(
            replace(row, label=in_language(self.labels[row.slug]))
            for row in self.rules.compositions
        )
        return replace(self.rules, country_names=country_names, compositions=compositions)


@dataclass(frozen=True)
class CallEntry:
    pk: int
    slug: str
    is_default: bool
    nace_sectors: bool
    lots: Mapping[int, LotEntry]  # by number
    own_sectors: Mapping[str, SectorEntry]  # by code, in the classification's order


@dataclass(frozen=True)
class Catalogue:
    calls: Mapping[str, CallEntry]  # by slug
    lots: Mapping[int, LotEntry]  # by pk
    nace: Mapping[str, SectorEntry]  # by code
    sectors: Mapping[int, SectorEntry]  # every sector, by pk

    @property
    def default_call(self) -> CallEntry | None:
        return next((call for call in self.calls.values() if call.is_default), None)

    def sector(self, call: CallEntry, code: str) -> SectorEntry | None:
        """The sector of ``call``'s list with this code (``selectors.call_sectors``' rule)."""
        own = call.own_sectors.get(code)
        if own is None and call.nace_sectors:
            return self.nace.get(code)
        return own

    def sector_codes(self, pk: int | None) -> tuple[str, ...]:
        """The sector's code followed by its ancestors' (``selectors.sector_codes``)."""
        codes: list[str] = []
        while pk is not None:
            entry = self.sectors[pk]
            codes.append(entry.code)
            pk = entry.parent
        return tuple(codes)


def lot_rules_of(lot: Lot, country_names: Mapping[str, str]) -> rules.LotRules:
    """The engine's frozen copy of a saved lot's rules, read from the lot and its call, with
    ``compositions``, ``grant_caps`` and ``sectors`` prefetched."""
    return rules.LotRules(
        programme_countries=frozenset(str(code) for code in lot.call.programme_countries),
        allowed_durations=frozenset(lot.allowed_durations),
        min_programme_countries=lot.min_programme_countries,
        min_full_partners=lot.min_full_partners,
        partner_country_full_partners_count=lot.partner_country_full_partners_count,
        compositions=tuple(
            rules.CompositionRule(
                slug=row.slug,
                label=row.label,
                min_count=row.min_count,
                kinds=frozenset(row.kinds),
                per_country=row.per_country,
                partner_countries_count=row.partner_countries_count,
            )
            for row in lot.compositions.all()
        ),
        max_grant_eur=tuple((cap.duration_years, cap.max_eur) for cap in lot.grant_caps.all()),
        allowed_sectors=frozenset(sector.code for sector in lot.sectors.all()),
        applicant_rule=lot.call.applicant_rule,
        country_names=country_names,
    )


def build() -> Catalogue:
    """The catalogue read from the database, in five queries, with its texts in every
    language."""
    names = [f"name_{code}" for code in LANGUAGES]
    sectors = {
        sector.pk: SectorEntry(sector.pk, sector.code, texts_of(sector, "name"), sector.parent_id)
        for sector in Sector.objects.only("code", "parent_id", *names)
    }
    own: dict[int, dict[str, SectorEntry]] = {}
    nace: dict[str, SectorEntry] = {}
    for sector in Sector.objects.values("pk", "call_id").order_by("position", "code"):
        entry = sectors[sector["pk"]]
        if sector["call_id"] is None:
            nace[entry.code] = entry
        else:
            own.setdefault(sector["call_id"], {})[entry.code] = entry
    lots = (
        Lot.objects.select_related("call")
        .prefetch_related(
            Prefetch("compositions", queryset=CompositionRequirement.objects.order_by("slug")),
            "grant_caps",
            Prefetch("sectors", queryset=Sector.objects.only("code")),
        )
        .order_by("call", "number")
    )
    by_call: dict[int, dict[int, LotEntry]] = {}
    by_pk: dict[int, LotEntry] = {}
    for lot in lots:
        labels = {row.slug: texts_of(row, "label") for row in lot.compositions.all()}
        with override("en"):
            entry = LotEntry(lot.pk, lot.number, lot.call.slug, lot_rules_of(lot, {}), labels)
        by_call.setdefault(lot.call_id, {})[lot.number] = by_pk[lot.pk] = entry
    calls = {
        call.slug: CallEntry(
            pk=call.pk,
            slug=call.slug,
            is_default=call.is_default,
            nace_sectors=call.nace_sectors,
            lots=by_call.get(call.pk, {}),
            own_sectors=own.get(call.pk, {}),
        )
        for call in Call.objects.only("slug", "is_default", "nace_sectors")
    }
    return Catalogue(calls=calls, lots=by_pk, nace=nace, sectors=sectors)


_lock = threading.Lock()
_kept: tuple[str, Catalogue] | None = None  # this process's snapshot and its token
# Within ``pinned()``: empty until the block first asks, then the catalogue it got.
_scope: ContextVar[list[Catalogue] | None] = ContextVar("catalogue_scope", default=None)


def shared() -> bool:
    """Whether the cache is one that every process sees (Redis), not each its own."""
    return not isinstance(cache, LocMemCache)


def current() -> Catalogue:
    """The catalogue as of now (as of the block's first ask, within ``pinned()``)."""
    scope = _scope.get()
    if scope:
        return scope[0]
    catalogue = latest()
    if scope is not None:
        scope.append(catalogue)
    return catalogue


def latest() -> Catalogue:
    """This process's snapshot while its token is current, else the shared cache's or a new
    one read from the database."""
    global _kept
    if not shared():
        return build()
    token = cache.get(TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(TOKEN_KEY, token, TOKEN_SECONDS) or cache.get(TOKEN_KEY) != token:
            # Another process wrote a token first, or the cache is unreachable: read it again,
            # and when there is still none, read the database (nothing can say it is current).
            token = cache.get(TOKEN_KEY)
            if token is None:
                return build()
    kept = _kept
    if kept is not None and kept[0] == token:
        return kept[1]
    key = SNAPSHOT_KEY.format(token=token)
    catalogue = cache.get(key)
    if catalogue is None:
        catalogue = build()
        cache.set(key, catalogue, TOKEN_SECONDS)
    with _lock:
        _kept = (token, catalogue)
    return catalogue


def changed() -> None:
    """Rules or sectors changed: every process reads them again on its next request. Called
    when the change is made (a reader in the same transaction sees it) and again on commit
    (a process that read the database before the commit did not)."""
    global _kept
    cache.set(TOKEN_KEY, uuid.uuid4().hex, TOKEN_SECONDS)
    with _lock:
        _kept = None
    if scope := _scope.get():
        scope.clear()


@contextmanager
def pinned() -> Iterator[None]:
    """One catalogue for the block, asked for when first needed: a request or a task that
    reads many lots' rules asks the cache once (``portal.middleware.pin_catalogue`` pins
    each request)."""
    reset = _scope.set([])
    try:
        yield
    finally:
        _scope.reset(reset)


def lot_rules(lot_pk: int, country_names: Mapping[str, str]) -> rules.LotRules | None:
    """The rules of a saved lot, with country names in the request's language."""
    entry = current().lots.get(lot_pk)
    return None if entry is None else entry.rules_in(country_names)

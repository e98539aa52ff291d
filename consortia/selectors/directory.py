"""The directory of organisations: search, corrections and the organisations that would
close a consortium's gaps."""

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.text import capfirst

from consortia import gap_candidates
from consortia.models import (
    CORRECTABLE_FIELDS,
    DirectoryImport,
    Organisation,
    OrganisationCorrection,
)
from consortia.search import word_matches
from consortia.selectors.proposals import User
from lots.models import Sector
from lots.rules import KINDS, Gap


def organisations_matching(
    query: str = "",
    *,
    country: str = "",
    kind: str = "",
    sector: Sector | None = None,
) -> QuerySet[Organisation]:
    """The directory filtered by search words (each in a name or the city, or a PIC or OID:
    ``search.word_matches``) and facets."""
    organisations = Organisation.objects.all()
    for word in query.split():
        organisations = organisations.filter(word_matches(word))
    if country:
        organisations = organisations.filter(country=country)
    if kind:
        organisations = organisations.filter(kind=kind)
    if sector is not None:
        organisations = organisations.filter(
            Q(sectors=sector) | Q(sectors__parent=sector) | Q(sectors=sector.parent_id)
        ).distinct()
    return organisations.order_by("legal_name", "pk")


def organisations_with_sectors() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("created_by").prefetch_related("sectors")


def is_manager(user: User, organisation: Organisation) -> bool:
    return organisation.managers.filter(pk=user.pk).exists()


def corrections_for(user: User) -> QuerySet[OrganisationCorrection]:
    """The corrections a user decides on: of the organisations they manage, or of any
    organisation for staff with the change permission."""
    if not user.is_authenticated:
        return OrganisationCorrection.objects.none()
    corrections = OrganisationCorrection.objects.select_related("organisation", "proposed_by")
    if user.has_perm("consortia.change_organisation"):
        return corrections
    return corrections.filter(organisation__managers=user)


def corrections_waiting(organisation: Organisation, user: User) -> bool:
    """Whether corrections ``user`` proposed for the organisation wait for its managers."""
    return organisation.corrections.filter(
        proposed_by_id=user.pk, status=OrganisationCorrection.Status.PENDING
    ).exists()


class CorrectedField(NamedTuple):
    label: str
    current: str
    proposed: str


def corrected_fields(correction: OrganisationCorrection) -> list[CorrectedField]:
    """Each field a correction changes, with the organisation's value and the proposed one,
    as people read them (labels of choices, country names)."""
    organisation = correction.organisation
    proposed = Organisation(**correction.fields)
    rows = []
    for name in [name for name in CORRECTABLE_FIELDS if name in correction.fields]:
        field = Organisation._meta.get_field(name)
        if name == "country":
            shown = [organisation.country.name, proposed.country.name]
        elif field.choices:
            shown = [getattr(o, f"get_{name}_display")() for o in (organisation, proposed)]
        else:
            shown = [getattr(o, name) or "" for o in (organisation, proposed)]
        rows.append(CorrectedField(capfirst(field.verbose_name), *map(str, shown)))
    return rows


class CorrectionToDecide(NamedTuple):
    correction: OrganisationCorrection
    rows: list[CorrectedField]


def corrections_to_decide(user: User) -> list[CorrectionToDecide]:
    """The pending corrections a user decides on (``corrections_for``), oldest first, each with
    the fields it changes."""
    pending = (
        corrections_for(user)
        .filter(status=OrganisationCorrection.Status.PENDING)
        .order_by("created_at", "pk")
    )
    return [CorrectionToDecide(correction, corrected_fields(correction)) for correction in pending]


def pending_correction_count(organisation: Organisation) -> int:
    """How many corrections of the organisation wait for its managers."""
    return organisation.corrections.filter(status=OrganisationCorrection.Status.PENDING).count()


def directory_imports() -> QuerySet[DirectoryImport]:
    return DirectoryImport.objects.select_related("created_by")


def similar_organisations(legal_name: str, country: str) -> QuerySet[Organisation]:
    """Organisations that may be the one being created: same name and country."""
    return Organisation.objects.filter(legal_name__iexact=legal_name.strip(), country=country)


def gap_suggestions(
    gaps: Iterable[Gap], *, exclude: Iterable[int], sector: Sector | None, limit: int = 5
) -> list[Organisation]:
    """Up to ``limit`` directory organisations that would close gaps, none of ``exclude`` (the
    consortium's members). Ranked by: active in the proposal's sector, then the number of gaps
    closed, then spread over countries (a country's second candidate after every other
    country's first), then name. Three queries, whatever the size of the directory: on
    PostgreSQL, the ranking reads only the candidates ``gap_candidates`` finds by index."""
    gaps = list(gaps)
    if not gaps:
        return []
    exclude = list(exclude)
    directory = Organisation.objects.exclude(pk__in=exclude)
    countries = (
        None
        if any(not gap.countries for gap in gaps)
        else set().union(*(gap.countries for gap in gaps))
    )
    kinds = (
        KINDS if any(not gap.kinds for gap in gaps) else set().union(*(gap.kinds for gap in gaps))
    )
    candidates = gap_candidates.candidate_ids(
        countries, kinds, exclude=exclude, sector_pk=sector.pk if sector else None, limit=limit
    )
    if candidates is not None:
        directory = directory.filter(pk__in=candidates)
    closed = sum(
        (Case(When(closes_gap(gap), then=Value(1)), default=Value(0)) for gap in gaps),
        start=Value(0),
    )
    merit = [F("in_sector").desc(), F("gaps_closed").desc()]
    rank_in_country = Window(
        RowNumber(), partition_by=F("country"), order_by=[*merit, "legal_name", "pk"]
    )
    return list(
        directory.annotate(gaps_closed=closed, in_sector=active_in(sector))
        .filter(gaps_closed__gt=0)
        .annotate(rank_in_country=rank_in_country)
        .order_by(*merit, "rank_in_country", "legal_name", "pk")[:limit]
    )


def closes_gap(gap: Gap) -> Q:
    """The organisations that close a gap as full partners (``rules.closes`` in SQL)."""
    condition = Q()
    if gap.countries:
        condition &= Q(country__in=sorted(gap.countries))
    if gap.kinds:
        condition &= Q(kind__in=sorted(gap.kinds))
    return condition


def active_in(sector: Sector | None) -> Exists | Value:
    """Whether an organisation works in the sector, in its section or in one of its divisions
    (as the directory's sector filter matches)."""
    if sector is None:
        return Value(False)
    related = Q(sector=sector) | Q(sector__parent=sector)
    if sector.parent_id is not None:
        related |= Q(sector_id=sector.parent_id)
    links = Organisation.sectors.through.objects.filter(related, organisation_id=OuterRef("pk"))
    return Exists(links)

"""Writes of calls: loading a preset of a past call, and copying a call with its lots and
rules to start next year's. Both run in one transaction, leave the new call closed (coordinators
see it once an admin has checked it and opened it) and create rows one by one, so that each
has its history."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector
from lots.presets import CallPreset


class CallExists(Exception):
    """A call with the preset's slug is there already; ``call`` is it."""

    def __init__(self, call: Call):
        super().__init__(_("The call %(slug)s is loaded already.") % {"slug": call.slug})
        self.call = call


LOT_FIELDS = (
    "number",
    "allowed_durations",
    "min_programme_countries",
    "min_full_partners",
    "partner_country_full_partners_count",
)
COMPOSITION_FIELDS = (
    "slug",
    "min_count",
    "kinds",
    "per_country",
    "partner_countries_count",
)
CAP_FIELDS = ("duration_years", "max_eur")


def fields_of(source: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(source, name) for name in names}


def texts_of(source: Any, *names: str) -> dict[str, Any]:
    """The texts ``names`` of ``source`` (a preset or a saved row) in every language, as the
    model's columns: ``title`` (English, the original column too), ``title_en``, ``title_fr``
    and ``title_de``. Read from the columns, never through ``source.title``, which is the
    active language's: loading a preset from a French page keeps the English as English."""
    texts: dict[str, Any] = {}
    for name in names:
        english = getattr(source, f"{name}_en", None) or getattr(source, name)
        texts[name] = texts[f"{name}_en"] = english
        for language in ("fr", "de"):
            texts[f"{name}_{language}"] = getattr(source, f"{name}_{language}", None) or None
    return texts


def create_lot(call: Call, lot: Any, compositions: Any, caps: Any, sectors: list[Sector]) -> Lot:
    """A lot of ``call`` with the rule fields of ``lot`` (a preset or another call's lot), its
    composition rows and grant caps, and ``sectors``."""
    created = Lot.objects.create(
        call=call, **fields_of(lot, LOT_FIELDS), **texts_of(lot, "title", "description")
    )
    for row in compositions:
        CompositionRequirement.objects.create(
            lot=created, **fields_of(row, COMPOSITION_FIELDS), **texts_of(row, "label")
        )
    for cap in caps:
        GrantCap.objects.create(lot=created, **fields_of(cap, CAP_FIELDS))
    created.sectors.set(sectors)
    return created


@transaction.atomic
def load_preset(preset: CallPreset) -> Call:
    """Create the preset's call, its own sectors and its lots with their rules, closed."""
    existing = Call.objects.filter(slug=preset.slug).first()
    if existing is not None:
        raise CallExists(existing)
    call = Call.objects.create(
        slug=preset.slug,
        **texts_of(preset, "title", "caveat"),
        reference=preset.reference,
        year=preset.year,
        applicant_rule=preset.applicant_rule,
        nace_sectors=preset.nace_sectors,
        programme_countries=preset.programme_countries,
        is_open=False,
    )
    own = {
        sector.code: Sector.objects.create(
            call=call, code=sector.code, **texts_of(sector, "name"), level=Sector.Level.NAMED
        )
        for sector in preset.sectors
    }
    for lot in preset.lots:
        nace = Sector.objects.filter(call=None, code__in=lot.sectors)
        chosen = [own[code] for code in lot.sectors if code in own] + list(nace)
        create_lot(call, lot, lot.compositions, lot.grant_caps, chosen)
    return call


def free_slug(slug: str) -> str:
    candidate, number = slug, 1
    while Call.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


@transaction.atomic
def copy_call(call: Call) -> Call:
    """A closed copy of ``call`` for the next year: its Programme countries, caveat and
    one-applicant rule, its own sectors, and its lots with their composition rows, grant caps
    and sectors. Not the default, no deadline: the admin sets those."""
    original = Call.objects.get(pk=call.pk)
    titles = {}
    for name, value in texts_of(original, "title").items():
        with override(name.rpartition("_")[2] if "_" in name else "en"):
            titles[name] = value and _("%(title)s (copy)") % {"title": value}
    copy = Call.objects.create(
        slug=free_slug(f"{original.slug}-copy"),
        **titles,
        reference="",
        year=original.year + 1,
        programme_countries=list(original.programme_countries),
        **texts_of(original, "caveat"),
        applicant_rule=original.applicant_rule,
        nace_sectors=original.nace_sectors,
        is_open=False,
    )
    own = {
        sector.pk: Sector.objects.create(
            call=copy,
            code=sector.code,
            **texts_of(sector, "name"),
            level=sector.level,
            keywords=sector.keywords,
        )
        for sector in original.own_sectors.all()
    }
    for lot in original.lots.prefetch_related("compositions", "grant_caps", "sectors"):
        chosen = [own.get(sector.pk, sector) for sector in lot.sectors.all()]
        create_lot(copy, lot, lot.compositions.all(), lot.grant_caps.all(), chosen)
    return copy

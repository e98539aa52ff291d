"""What a directory file would do: each row new, changed (with the changes), unchanged or
refused (with the reasons), matched to the directory by PIC, else by OID. Reads the
directory in a few batched queries, whatever the file's size; writes nothing."""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from consortia.directory_files import COLUMNS, LONGEST_CELL, Row
from consortia.models import OID_PATTERN, PIC_PATTERN, Organisation
from lots.choices import OrganisationKind

NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"
LOOKUP_BATCH = 5000
PIC = re.compile(PIC_PATTERN)
OID = re.compile(OID_PATTERN)
WORDS = re.compile(r"[^\w]+")
# Fields compared and written; country is a code, the others text.
TEXT_FIELDS = ("legal_name", "short_name", "website", "street", "postcode", "city")
CHOICES = {
    "kind": set(OrganisationKind.values),
    "size": {"", *Organisation.Size.values},
    "ownership": {"", *Organisation.Ownership.values},
}
MAX_LENGTHS = {f.name: f.max_length for f in Organisation._meta.fields if f.max_length}


class Existing(dict[str, str]):
    """An organisation of the directory as the file's columns hold it, with its id: plain
    values, which read 100,000 rows several times faster than model instances."""

    @property
    def pk(self) -> int:
        return int(self["id"])

    def __str__(self) -> str:
        return self["legal_name"]


@dataclass
class PreviewRow:
    line: int
    values: dict[str, str]
    status: str = NEW
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The matched organisation's current values (``Existing``), when the row has one.
    existing: "Existing | None" = None

    def refuse(self, reason: str) -> None:
        self.status = REFUSED
        self.reasons.append(reason)


@dataclass
class Preview:
    rows: list[PreviewRow]

    def of(self, status: str) -> list[PreviewRow]:
        return [row for row in self.rows if row.status == status]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, CHANGED, UNCHANGED, REFUSED), 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def normalised_name(name: str) -> str:
    """A legal name without case, accents, punctuation or spacing differences: "Lycée
    Jean-Moulin" and "LYCEE JEAN MOULIN" are the same name."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(WORDS.split(letters)).strip()


def country_codes() -> dict[str, str]:
    """Codes and English names (any case) to the code, Kosovo (XK) included."""
    known = {}
    for code, name in countries:
        known[code.lower()] = code
        known[str(name).casefold()] = code
    return known


def preview(rows: list[Row]) -> Preview:
    """Each row's outcome against the directory as it is now."""
    result = Preview([PreviewRow(line=n, values=values) for n, values in enumerate(rows, 2)])
    codes = country_codes()
    for row in result.rows:
        check_values(row, codes)
    refuse_duplicates(result.rows, "pic", _("PIC"))
    refuse_duplicates(result.rows, "oid", _("OID"))
    match_directory(result.rows)
    refuse_similar_names(result.rows)
    return result


def check_values(row: PreviewRow, codes: dict[str, str]) -> None:
    """Formats and choices, each fault a reason; values normalised (country code, OID upper)."""
    values = row.values
    for name in ("legal_name", "country", "kind"):
        if not values.get(name):
            row.refuse(_("%(field)s is missing.") % {"field": name})
    if country := values.get("country"):
        if country.casefold() in codes:
            values["country"] = codes[country.casefold()]
        else:
            row.refuse(_("Unknown country: %(value)s.") % {"value": country})
    if (pic := values.get("pic")) and not PIC.fullmatch(pic):
        row.refuse(_("Bad PIC %(value)s: a PIC has exactly 9 digits.") % {"value": pic})
    if oid := values.get("oid", "").upper():
        values["oid"] = oid
        if not OID.fullmatch(oid):
            row.refuse(_("Bad OID %(value)s: an OID is E and 8 digits.") % {"value": oid})
    for name, allowed in CHOICES.items():
        value = values.get(name, "")
        if name in values and value not in allowed and (value or name == "kind"):
            row.refuse(
                _("Bad %(field)s %(value)s: use one of %(allowed)s.")
                % {"field": name, "value": value, "allowed": ", ".join(sorted(allowed - {""}))}
            )
    if values.get("size") and values.get("kind") != OrganisationKind.ENTERPRISE:
        row.refuse(_("Only enterprises have a size."))
    for name, value in values.items():
        if len(value) > MAX_LENGTHS.get(name, LONGEST_CELL):
            row.refuse(
                _("%(field)s is longer than %(limit)d characters.")
                % {"field": name, "limit": MAX_LENGTHS.get(name, LONGEST_CELL)}
            )
        if name == "website" and value:
            check_website(row, value)


def check_website(row: PreviewRow, value: str) -> None:
    try:
        Organisation._meta.get_field("website").run_validators(value)
    except ValidationError:
        row.refuse(
            _("Bad website %(value)s: give a whole address (https://...).") % {"value": value}
        )


def refuse_duplicates(rows: list[PreviewRow], name: str, label: str) -> None:
    """Rows sharing a PIC (or OID) are all refused: the file does not say which is right."""
    lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if value := row.values.get(name):
            lines[value].append(row.line)
    for row in rows:
        value = row.values.get(name)
        if value and len(lines[value]) > 1:
            others = ", ".join(str(line) for line in lines[value] if line != row.line)
            row.refuse(
                _("Duplicate %(label)s %(value)s: also on row %(lines)s.")
                % {"label": label, "value": value, "lines": others}
            )


def in_batches(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


def existing_by(name: str, rows: list[PreviewRow]) -> dict[str, Existing]:
    wanted = sorted({row.values[name] for row in rows if row.values.get(name)})
    found = {}
    for batch in in_batches(wanted):
        matching = Organisation.objects.filter(**{f"{name}__in": batch}).order_by()
        for values in matching.values("id", *COLUMNS):
            existing = Existing({k: "" if v is None else str(v) for k, v in values.items()})
            found[existing[name]] = existing
    return found


def match_directory(rows: list[PreviewRow]) -> None:
    """By PIC, else by OID; a PIC of one organisation with the OID of another is refused, as
    is a new row whose PIC or OID another organisation has. Matched rows get their changes."""
    by_pic, by_oid = existing_by("pic", rows), existing_by("oid", rows)
    for row in rows:
        with_pic = by_pic.get(row.values.get("pic", ""))
        with_oid = by_oid.get(row.values.get("oid", ""))
        if with_pic and with_oid and with_pic.pk != with_oid.pk:
            row.refuse(
                _("PIC of %(pic_name)s (%(pic)s) but OID of %(oid_name)s (%(oid)s).")
                % {
                    "pic_name": with_pic,
                    "pic": with_pic["pic"],
                    "oid_name": with_oid,
                    "oid": with_oid["oid"],
                }
            )
            continue
        row.existing = with_pic or with_oid
        if row.existing is not None and row.status != REFUSED:
            row.changes = changes_of(row.existing, row.values)
            row.status = CHANGED if row.changes else UNCHANGED


def changes_of(existing: Existing, values: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The file's columns whose value differs, as (now, in the file); a blank cell clears."""
    changes = {}
    for name, value in values.items():
        current = existing[name]
        if current != value:
            changes[name] = (current, value)
    return changes


def refuse_similar_names(rows: list[PreviewRow]) -> None:
    """A new row named like an organisation of the same country (``normalised_name``), in
    the directory or on an earlier row, is refused: most likely the same organisation, known
    without its PIC or OID, which an admin links by hand (or gives the PIC to)."""
    new = [row for row in rows if row.status == NEW]
    wanted = {(row.values["country"], normalised_name(row.values["legal_name"])) for row in new}
    in_directory: dict[tuple[str, str], str] = {}
    for country in sorted({country for country, _name in wanted}):
        names = Organisation.objects.filter(country=country).order_by()
        for pk, name, pic in names.values_list("pk", "legal_name", "pic").iterator(2000):
            key = (country, normalised_name(name))
            if key in wanted:
                in_directory.setdefault(key, f"{name} (PIC {pic or '-'}, #{pk})")
    on_earlier_row: dict[tuple[str, str], int] = {}
    for row in new:
        key = (row.values["country"], normalised_name(row.values["legal_name"]))
        if key in in_directory:
            row.refuse(
                _("Similar name: %(existing)s is in the directory without this PIC or OID.")
                % {"existing": in_directory[key]}
            )
        elif key in on_earlier_row:
            row.refuse(
                _("Similar name: row %(line)d names the same organisation without this PIC or OID.")
                % {"line": on_earlier_row[key]}
            )
        else:
            on_earlier_row[key] = row.line

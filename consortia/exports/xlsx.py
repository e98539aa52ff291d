"""The XLSX workbook: sheets Proposal, Participants and Eligibility, with typed cells, styled
and frozen header rows, and filters. Rendered under the job's language: sheet names, headers
and labels are translated, dates are real dates shown in that language's order (Brussels
time), numbers are numbers (Excel shows them in the reader's own separators)."""

from collections.abc import Callable
from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from consortia.exports.data import Sheet, member_status

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0D6EFD")
# Excel's number formats do not follow the reader's locale: the export's language chooses.
DATE_FORMATS = {"en": "dd/mm/yyyy hh:mm", "fr": "dd/mm/yyyy hh:mm", "de": "dd.mm.yyyy hh:mm"}
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def local(moment):  # type: ignore[no-untyped-def]
    """Excel has no time zones: Brussels wall time, as the headers say."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def date_format() -> str:
    return DATE_FORMATS.get(translation.get_language() or "", "yyyy-mm-dd hh:mm")


def version_number(version: str) -> int | float | str | None:
    """A mandate version as a number when it reads as one ("2" -> 2, "1.5" -> 1.5); else the
    text as it is, and None when there is none."""
    if not version:
        return None
    if version.isdigit():
        return int(version)
    try:
        number = float(version)
    except ValueError:
        return version
    return number if repr(number) == version else version


def append_row(sheet: Worksheet, values: list[object]) -> None:
    """Text is written as text: openpyxl makes a formula of a string starting with "=", and a
    spreadsheet makes one of any formula-like text once its cell is edited, unless the cell is
    quote-prefixed."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.quotePrefix = cell.value.startswith(FORMULA_START)


def table(sheet: Worksheet, header: list[str], rows: list[list[object]], widths: list[int]) -> None:
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def render_xlsx(export: Sheet, progress: Callable[[int], None]) -> bytes:
    data, proposal = export.data, export.proposal
    dates = date_format()
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Proposal")
    project = data.project
    fields = [
        (_("Acronym"), project.acronym, None),
        (_("Title"), project.title, None),
        (_("Call"), data.lot.call_title, None),
        (_("Lot"), data.lot.number, None),
        (_("Lot title"), data.lot.title, None),
        (_("Sector"), str(proposal.sector) if proposal.sector else None, None),
        (_("Duration (years)"), project.duration_years, None),
        (_("Requested EU grant (EUR)"), project.requested_grant_eur, "#,##0"),
        (_("Status"), proposal.get_status_display(), None),
        (
            _("Eligible at export"),
            data.eligibility.eligible if data.eligibility else None,
            None,
        ),
        (_("Exported at (Brussels time)"), local(export.exported_at), dates),
        (_("Occupational profiles"), project.occupational_profiles, None),
    ]
    table(
        summary,
        [_("Field"), _("Value")],
        [[label, value] for label, value, _format in fields],
        [30, 70],
    )
    for row, (_label, _value, number_format) in enumerate(fields, start=2):
        if number_format:
            summary.cell(row=row, column=2).number_format = number_format
    progress(30)
    participants = workbook.create_sheet(_("Participants"))
    programme = {r.country for r in export.composition.rows if r.programme}
    table(
        participants,
        [
            _("Organisation"),
            _("Short name"),
            _("PIC"),
            _("OID"),
            _("Country"),
            _("Country code"),
            _("Programme country"),
            _("Kind"),
            _("Role"),
            _("Status"),
            _("Contact name"),
            _("Contact email"),
            _("Mandate version"),
            _("Mandate confirmed at (Brussels time)"),
            _("Mandate confirmed by"),
        ],
        [
            [
                m.organisation.legal_name,
                m.organisation.short_name,
                m.organisation.pic,
                m.organisation.oid,
                str(m.organisation.country.name),
                str(m.organisation.country),
                str(m.organisation.country) in programme,
                str(m.organisation.get_kind_display()),
                str(m.get_role_display()),
                str(member_status(m)),
                m.contact_name,
                m.contact_email,
                version_number(m.mandate_version),
                local(m.mandate_confirmed_at),
                m.mandate_confirmed_by.email if m.mandate_confirmed_by else None,
            ]
            for m in proposal.memberships.all()
        ],
        [40, 14, 12, 12, 18, 8, 10, 30, 18, 12, 20, 30, 10, 20, 30],
    )
    for row in participants.iter_rows(min_row=2, min_col=14, max_col=14):
        row[0].number_format = dates
    progress(60)
    checks = workbook.create_sheet(_("Eligibility"))
    table(
        checks,
        [_("Check"), _("Passed"), _("What to change")],
        [[c.message, c.passed, c.hint] for c in data.eligibility.checks]
        if data.eligibility
        else [],
        [80, 8, 80],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

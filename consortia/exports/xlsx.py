"""The XLSX workbook: sheets Proposal, Participants and Eligibility, with typed cells, styled
and frozen header rows, and filters."""

from collections.abc import Callable
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from consortia.exports.data import Sheet, member_status

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0D6EFD")
DATE_FORMAT = "yyyy-mm-dd hh:mm"
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def local(moment):  # type: ignore[no-untyped-def]
    """Excel has no time zones: Brussels wall time, as the headers say."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


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
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Proposal"
    project = data.project
    fields = [
        ("Acronym", project.acronym, None),
        ("Title", project.title, None),
        ("Call", data.lot.call_title, None),
        ("Lot", data.lot.number, None),
        ("Lot title", data.lot.title, None),
        ("Sector", str(proposal.sector) if proposal.sector else None, None),
        ("Duration (years)", project.duration_years, None),
        ("Requested EU grant (EUR)", project.requested_grant_eur, "#,##0"),
        ("Status", proposal.get_status_display(), None),
        ("Eligible at export", data.eligibility.eligible if data.eligibility else None, None),
        ("Exported at (Brussels time)", local(export.exported_at), DATE_FORMAT),
        ("Occupational profiles", project.occupational_profiles, None),
    ]
    table(summary, ["Field", "Value"], [[label, value] for label, value, _ in fields], [30, 70])
    for row, (_label, _value, number_format) in enumerate(fields, start=2):
        if number_format:
            summary.cell(row=row, column=2).number_format = number_format
    progress(30)
    participants = workbook.create_sheet("Participants")
    table(
        participants,
        [
            "Organisation",
            "Short name",
            "PIC",
            "OID",
            "Country",
            "Country code",
            "Programme country",
            "Kind",
            "Role",
            "Status",
            "Contact name",
            "Contact email",
            "Mandate version",
            "Mandate confirmed at (Brussels time)",
            "Mandate confirmed by",
        ],
        [
            [
                m.organisation.legal_name,
                m.organisation.short_name,
                m.organisation.pic,
                m.organisation.oid,
                m.organisation.country.name,
                str(m.organisation.country),
                str(m.organisation.country)
                in {r.country for r in export.composition.rows if r.programme},
                m.organisation.get_kind_display(),
                m.get_role_display(),
                member_status(m),
                m.contact_name,
                m.contact_email,
                m.mandate_version or None,
                local(m.mandate_confirmed_at),
                m.mandate_confirmed_by.email if m.mandate_confirmed_by else None,
            ]
            for m in proposal.memberships.all()
        ],
        [40, 14, 12, 12, 18, 8, 10, 30, 18, 12, 20, 30, 10, 20, 30],
    )
    for row in participants.iter_rows(min_row=2, min_col=14, max_col=14):
        row[0].number_format = DATE_FORMAT
    progress(60)
    checks = workbook.create_sheet("Eligibility")
    table(
        checks,
        ["Check", "Passed", "What to change"],
        [[c.message, c.passed, c.hint] for c in data.eligibility.checks]
        if data.eligibility
        else [],
        [80, 8, 80],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

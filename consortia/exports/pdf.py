"""The PDF consortium sheet, rendered from HTML by WeasyPrint."""

from collections.abc import Callable

from django.template.loader import render_to_string
from weasyprint import HTML

from consortia.exports.chart import chart
from consortia.exports.data import Sheet, member_status


def sheet_html(sheet: Sheet) -> str:
    """The HTML WeasyPrint lays out: apart from it, the PDF export does only this."""
    return render_to_string(
        "exports/proposal.html",
        {
            "sheet": sheet,
            "data": sheet.data,
            "proposal": sheet.proposal,
            "participants": [(m, member_status(m)) for m in sheet.proposal.memberships.all()],
            "chart": chart(sheet.composition),
        },
    )


def render_pdf(sheet: Sheet, progress: Callable[[int], None]) -> bytes:
    html = sheet_html(sheet)
    progress(40)
    return HTML(string=html).write_pdf()

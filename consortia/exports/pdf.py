"""The PDF consortium sheet, rendered from HTML by WeasyPrint."""

from collections.abc import Callable

from django.template.loader import render_to_string
from weasyprint import HTML

from consortia.exports.chart import chart
from consortia.exports.data import Sheet, member_status


def render_pdf(sheet: Sheet, progress: Callable[[int], None]) -> bytes:
    html = render_to_string(
        "exports/proposal.html",
        {
            "sheet": sheet,
            "data": sheet.data,
            "proposal": sheet.proposal,
            "participants": [(m, member_status(m)) for m in sheet.proposal.memberships.all()],
            "chart": chart(sheet.composition),
        },
    )
    progress(40)
    return HTML(string=html).write_pdf()

"""The PDF consortium sheet, rendered from HTML by WeasyPrint."""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from consortia.exports.chart import chart
from consortia.exports.data import Sheet, member_status


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_counter() -> str:
    """The footer's "Page 2 of 5" in the active language, as a CSS ``content`` value."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker + "1", "pages": marker + "2"}
    counters = {"1": " counter(page) ", "2": " counter(pages) "}
    parts = text.split(marker)
    css = css_string(parts[0])
    for part in parts[1:]:
        css += counters[part[0]] + css_string(part[1:])
    return css


def sheet_html(sheet: Sheet) -> str:
    """The HTML WeasyPrint lays out: apart from it, the PDF export does only this. Rendered
    in the active language (the job's)."""
    return render_to_string(
        "exports/proposal.html",
        {
            "language": translation.get_language(),
            "page_counter": page_counter(),
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

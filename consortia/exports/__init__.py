"""Exports of a proposal: PDF consortium sheet, XLSX workbook, versioned JSON."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from consortia.exports.data import Sheet, sheet


def render_json(export: Sheet, progress: Callable[[int], None]) -> bytes:
    return export.data.model_dump_json(indent=2).encode()


@dataclass(frozen=True)
class Format:
    """A format's renderer is named, not imported: WeasyPrint and openpyxl take most of a
    second to import, and only the process that renders a file (a worker) needs them."""

    renderer: str
    content_type: str
    extension: str

    def render(self, export: Sheet, progress: Callable[[int], None]) -> bytes:
        render: Callable[[Sheet, Callable[[int], None]], bytes] = import_string(self.renderer)
        return render(export, progress)


FORMATS = {
    "pdf": Format("consortia.exports.pdf.render_pdf", "application/pdf", "pdf"),
    "xlsx": Format(
        "consortia.exports.xlsx.render_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "json": Format("consortia.exports.render_json", "application/json", "json"),
}

__all__ = ["FORMATS", "Format", "Sheet", "sheet"]

"""Exports of a proposal: PDF consortium sheet, XLSX workbook, versioned JSON."""

from collections.abc import Callable
from dataclasses import dataclass

from consortia.exports.data import Sheet, sheet
from consortia.exports.pdf import render_pdf
from consortia.exports.xlsx import render_xlsx


def render_json(export: Sheet, progress: Callable[[int], None]) -> bytes:
    return export.data.model_dump_json(indent=2).encode()


@dataclass(frozen=True)
class Format:
    render: Callable[[Sheet, Callable[[int], None]], bytes]
    content_type: str
    extension: str


FORMATS = {
    "pdf": Format(render_pdf, "application/pdf", "pdf"),
    "xlsx": Format(
        render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "json": Format(render_json, "application/json", "json"),
}

__all__ = ["FORMATS", "Format", "Sheet", "sheet"]

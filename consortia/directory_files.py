"""Directory files: organisations as CSV or XLSX rows, one column per field of ``COLUMNS``.
Reading is bounded (size, rows, columns) and turns every unreadable file into
``UnreadableFile`` with a sentence for the admin; writing escapes what a spreadsheet would
run as a formula."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from consortia.models import CORRECTABLE_FIELDS

# A file's columns are the organisation's own data, the fields a correction may change too.
COLUMNS = CORRECTABLE_FIELDS
REQUIRED_COLUMNS = ("legal_name", "country", "kind")
FORMATS = ("csv", "xlsx")
# What a spreadsheet reads as the start of a formula (OWASP's list): written with a leading
# apostrophe in CSV, which reading takes off again, so that a file round-trips.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LONGEST_CELL = 1000

Row = dict[str, str]


class UnreadableFile(Exception):
    """The file is not one the import reads; ``message`` says why, for the admin."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def file_format(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise UnreadableFile(_("Upload a .csv or .xlsx file."))
    return extension


def read_rows(file: IO[bytes], name: str) -> list[Row]:
    """The file's rows as dicts of the columns it has (text, stripped, escapes undone), after
    checking its size, header and row count; raises ``UnreadableFile``."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    if size > settings.DIRECTORY_IMPORT_MAX_BYTES:
        raise UnreadableFile(
            _("The file has %(size)d MB; the import reads at most %(limit)d MB.")
            % {"size": size // 2**20, "limit": settings.DIRECTORY_IMPORT_MAX_BYTES // 2**20}
        )
    lines = csv_lines(file) if file_format(name) == "csv" else xlsx_lines(file)
    header = [cell.strip().lower() for cell in next(lines, None) or []]
    check_width(header)
    check_header(without_trailing_blanks(header))
    rows = []
    for line in lines:
        if not any(cell.strip() for cell in line):
            continue
        if len(rows) == settings.DIRECTORY_IMPORT_MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(limit)d rows; split it.")
                % {"limit": settings.DIRECTORY_IMPORT_MAX_ROWS}
            )
        rows.append(
            {column: unescaped(cell.strip()) for column, cell in zip(header, line, strict=False)}
        )
    return rows


def without_trailing_blanks(header: list[str]) -> list[str]:
    """Spreadsheets pad rows with empty cells; those are no columns."""
    while header and not header[-1]:
        header.pop()
    return header


def check_width(header: list[str]) -> None:
    if len(header) > len(COLUMNS) * 2:
        raise UnreadableFile(
            _("The first row has %(count)d columns; a directory file has at most %(limit)d.")
            % {"count": len(header), "limit": len(COLUMNS)}
        )


def check_header(header: list[str]) -> None:
    unknown = [column for column in header if column not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise UnreadableFile(
            _(
                "The first row must name the columns, each once: %(required)s are required, "
                "the others may be %(optional)s. Found: %(found)s."
            )
            % {
                "required": ", ".join(REQUIRED_COLUMNS),
                "optional": ", ".join(c for c in COLUMNS if c not in REQUIRED_COLUMNS),
                "found": ", ".join(header[: len(COLUMNS) * 2]) or "-",
            }
        )


def csv_lines(file: IO[bytes]) -> Iterator[list[str]]:
    """UTF-8 text (with or without a byte order mark), comma or semicolon separated."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _(
                'The file is not UTF-8 text (byte %(position)d). Save it as "CSV UTF-8" or '
                "as an Excel workbook."
            )
            % {"position": error.start + 1}
        ) from error
    if "\x00" in text:
        raise UnreadableFile(_("The file holds null characters: it is not a CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for line in reader:
            if len(line) > len(COLUMNS) * 2 and reader.line_num > 1:
                raise UnreadableFile(
                    _("Row %(line)d has %(count)d cells; a directory file has %(limit)d columns.")
                    % {"line": reader.line_num, "count": len(line), "limit": len(COLUMNS)}
                )
            yield line
    except csv.Error as error:
        raise UnreadableFile(
            _("The file is not valid CSV near line %(line)d: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from error


def xlsx_lines(file: IO[bytes]) -> Iterator[list[str]]:
    """The first sheet's cells as text; a formula is refused (its value is not in the file
    until a spreadsheet computes it)."""
    # openpyxl takes most of a second to import: the web start goes without it (as exports).
    from openpyxl import load_workbook  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        book = load_workbook(file, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(max_col=len(COLUMNS) * 2), start=1):
            yield [cell_text(cell, number) for cell in cells]
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, OSError) as error:
        raise UnreadableFile(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from error
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise UnreadableFile(
            _("The workbook could not be read: %(error)s.") % {"error": type(error).__name__}
        ) from error


def cell_text(cell: Any, line: int) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if getattr(cell, "data_type", "") == "f":
        raise UnreadableFile(
            _("Row %(line)d holds a formula (%(formula)s): type its value instead.")
            % {"line": line, "formula": text[:40]}
        )
    return text[: LONGEST_CELL + 1]


def unescaped(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def escaped(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_file(rows: Iterable[Iterable[str]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads accents), formulas escaped."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([escaped(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_file(rows: Iterable[Iterable[str]]) -> bytes:
    """Every cell a string cell, so that none is a formula whatever it starts with."""
    from openpyxl import Workbook  # noqa: PLC0415 (not at the web start, as xlsx_lines)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    book = Workbook(write_only=True)
    sheet = book.create_sheet("organisations")
    for row in rows:
        sheet.append([text_cell(WriteOnlyCell(sheet, value=value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text_cell(cell: Any) -> Any:
    cell.data_type = "s"
    return cell


def organisation_rows(organisations: Iterable[Any]) -> Iterator[list[str]]:
    """The header, then one row per organisation, as the import reads them back unchanged."""
    yield list(COLUMNS)
    for organisation in organisations:
        yield [str(getattr(organisation, column) or "") for column in COLUMNS]

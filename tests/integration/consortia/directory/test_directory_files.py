"""Directory files without a database: what a CSV export writes and reading it back, the
semicolon files of continental Excel, and when two legal names are the same name."""

import io

import pytest

from consortia.directory_files import csv_file, read_rows
from consortia.directory_preview import normalised_name


def named(content: bytes, name: str = "o.csv") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def test_csv_export_escapes_formula_starts_and_reading_takes_the_escape_off():
    rows = [["legal_name", "country", "kind"], ["=1+2", "DE", "other"], ["-x", "FR", "other"]]

    content = csv_file(rows)

    assert content.decode("utf-8-sig").splitlines() == [
        "legal_name,country,kind",
        "'=1+2,DE,other",
        "'-x,FR,other",
    ]
    assert read_rows(named(content), "o.csv") == [
        {"legal_name": "=1+2", "country": "DE", "kind": "other"},
        {"legal_name": "-x", "country": "FR", "kind": "other"},
    ]


def test_semicolon_csv_with_blank_lines_and_padded_header_is_read():
    content = "\ufeffLegal_Name;Country;Kind;;\n\nAtelier, Lyon;FR;enterprise;;\n".encode()

    assert read_rows(named(content), "o.csv") == [
        {"legal_name": "Atelier, Lyon", "country": "FR", "kind": "enterprise"}
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Lycée Jean-Moulin", "LYCEE JEAN MOULIN", True),
        ("Universität  Wien", "universitat wien", True),
        ("Łódź Metal sp. z o.o.", "lodz metal sp z o o", False),
        ("Universität Wien", "Universität Graz", False),
    ],
    ids=["accents-and-hyphen", "spacing", "stroke-letter-kept", "other-city"],
)
def test_normalised_names_ignore_case_accents_and_punctuation(a, b, same):
    assert (normalised_name(a) == normalised_name(b)) is same

"""Country codes typed as text: one reading for the API and the import (no database)."""

import pytest
from django_countries import countries
from hypothesis import given
from hypothesis import strategies as st

from portal.countries import country_code

CODES = sorted(code for code, _name in countries)
UNKNOWN = "use an ISO 3166-1 alpha-2 code such as 'DE'."


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("DE", "DE"),
        ("fr", "FR"),
        (" FR", "FR"),
        ("it \n", "IT"),
        ("XK", "XK"),
        ("EL", "GR"),
        ("uk", "GB"),
        ("GB", "GB"),
    ],
    ids=[
        "iso",
        "lowercase",
        "space-before",
        "space-and-newline-after",
        "kosovo",
        "eu-el",
        "eu-uk",
        "gb",
    ],
)
def test_country_code_reads_iso_codes_loosely_and_the_eus_own(typed, code):
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", ["XX", "", "  ", "DEU", "D E", "276", "Germany", "EU"], ids=str)
def test_country_code_refuses_unknown_codes_saying_what_to_type(typed):
    with pytest.raises(ValueError, match="use an ISO") as refused:
        country_code(typed)

    assert str(refused.value) == f"Unknown country {typed!r}: {UNKNOWN}"


def test_kosovo_is_a_country_with_its_name():
    assert (countries.name("XK"), "XK" in CODES) == ("Kosovo", True)


@given(
    st.sampled_from(CODES), st.booleans(), st.text(" \t", max_size=2), st.text(" \n", max_size=2)
)
def test_every_known_code_reads_as_itself_whatever_its_case_and_spaces(code, lower, before, after):
    typed = before + (code.lower() if lower else code) + after

    assert country_code(typed) == code


def outcome(text):
    try:
        return country_code(text)
    except ValueError as refused:
        return str(refused)


@given(st.text(max_size=5))
def test_any_text_gives_a_known_code_or_the_message(text):
    result = outcome(text)

    assert result in CODES or result == f"Unknown country {text!r}: {UNKNOWN}"

"""Country codes typed as text (the eligibility API, the JSON import): one reading for all."""

from functools import cache
from typing import Annotated

from django_countries import countries
from pydantic import AfterValidator, Field

# The codes the EU's Interinstitutional Style Guide uses for Greece and the United Kingdom,
# read as their ISO 3166-1 codes.
EU_CODES = {"EL": "GR", "UK": "GB"}


@cache
def known_codes() -> frozenset[str]:
    """Every code of ``countries`` (asking ``countries`` itself walks the whole list)."""
    return frozenset(code for code, _ in countries)


def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code ``value`` names, spaces around it and case ignored ("fr ",
    "EL" and "UK" read as FR, GR and GB); Kosovo is XK. Raises ValueError saying what to type."""
    code = value.strip().upper()
    code = EU_CODES.get(code, code)
    if code not in known_codes():
        raise ValueError(f"Unknown country {value!r}: use an ISO 3166-1 alpha-2 code such as 'DE'.")
    return code


CountryCode = Annotated[
    str,
    AfterValidator(country_code),
    Field(
        description="ISO 3166-1 alpha-2, e.g. 'DE' (case and spaces around it ignored; the "
        "EU's codes 'EL' and 'UK' read as 'GR' and 'GB'; Kosovo is 'XK').",
        examples=["DE"],
    ),
]

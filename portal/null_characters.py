"""Null characters: PostgreSQL refuses them in text ("A string literal cannot contain NUL"), so
input carrying one is refused where it arrives, never at the query."""

from django.http import QueryDict
from django.utils.translation import gettext_noop

# English in the API (its errors are for programs); translated on pages (portal/middleware.py).
MESSAGE = gettext_noop("Null characters are not allowed.")


def refuse_null_characters(value: object) -> object:
    """A pydantic validator for JSON input: text with a null character is invalid."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(MESSAGE)
    return value


def field_with_null_character(data: QueryDict) -> str | None:
    """The first parameter whose name or a value holds a null character; None if none does."""
    for name, values in data.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "") or "?"
    return None

"""How one search word matches a directory organisation: a PIC or OID exactly, other words in
its names or city, ignoring case and (on PostgreSQL) accents, through the indexes of migration
consortia 0011."""

import re

from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.lookups import Contains, Lookup

PIC_WORD = re.compile(r"[0-9]{9}")
OID_WORD = re.compile(r"[Ee][0-9]{8}")


class Folded(Func):
    """Text lower-cased and without accents by ``directory_fold``, the IMMUTABLE wrapper of
    ``unaccent`` that migration 0011 creates (PostgreSQL only). Several arguments are joined by
    a space, exactly as the trigram index joins the names and city, so the planner matches
    the WHERE clause to that index."""

    function = "directory_fold"
    arg_joiner = " || ' ' || "
    output_field = TextField()


def searched_text() -> Folded:
    """What the trigram index ``organisation_search_trgm`` holds for each organisation."""
    return Folded(F("legal_name"), F("short_name"), F("city"))


def word_matches(word: str) -> Q | Lookup:
    """The organisations a search word finds. On SQLite (embedded mode) names match ignoring
    ASCII case only, without an index."""
    if PIC_WORD.fullmatch(word):
        return Q(pic=word)
    if OID_WORD.fullmatch(word):
        return Q(oid=word.upper())
    if connection.vendor == "postgresql":
        return Contains(searched_text(), Folded(Value(word)))
    return Q(legal_name__icontains=word) | Q(short_name__icontains=word) | Q(city__icontains=word)

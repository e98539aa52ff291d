"""The directory's search indexes (issue 13, point 5): on PostgreSQL, pg_trgm and unaccent, the
IMMUTABLE ``directory_fold`` (``unaccent`` itself is only STABLE, so no index may use it) and a
GIN trigram index over the folded names and city that ``consortia.search`` queries; on every
database, an index by name for the list's order. SQLite skips the PostgreSQL part."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

# COST: a call takes about 5 microseconds, 200 times the planner's default operator cost, and
# the default (100) made it scan a few thousand rows rather than use the index.
FOLD = """
CREATE FUNCTION directory_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 200
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
INDEX = """
CREATE INDEX organisation_search_trgm ON consortia_organisation
USING gin (directory_fold(legal_name || ' ' || short_name || ' ' || city) gin_trgm_ops)
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD)
        schema_editor.execute(INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX organisation_search_trgm")
        schema_editor.execute("DROP FUNCTION directory_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("consortia", "0010_grant_maximum"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["legal_name", "id"], name="organisation_by_name"),
        ),
    ]

"""The few directory organisations that can be among the best gap suggestions, found through
indexes instead of ranking the whole directory (``selectors.gap_suggestions`` ranks them).

Suggestions rank by: active in the proposal's sector, gaps closed, rank within the country,
name. How many gaps an organisation closes depends on its country and kind only, so one of the
best ``limit`` is always among the first ``limit`` by name of its country and kind, or of its
country and kind within the sector: any organisation after those has at least ``limit``
others of its own country ranked before it. Ranking these candidates alone (a few per country
and kind) therefore gives the same suggestions as ranking the whole directory; a test compares
the two on random directories.

PostgreSQL walks the (country, kind, legal_name, id) index: the countries present, by a loose
index scan, then the first few of each country and kind. Other databases (SQLite in embedded
mode) get ``None``: rank the whole directory there.
"""

from collections.abc import Collection, Iterable

from django.db import connection

from lots import catalogue

# The countries present in the directory (among the asked ones, all when NULL), one index
# probe each; then, for each country and asked kind, the first of the directory by name.
FIRST_BY_NAME = """
WITH RECURSIVE present (country) AS (
    (SELECT country FROM consortia_organisation
     WHERE %(countries)s::text[] IS NULL OR country = ANY(%(countries)s::text[])
     ORDER BY country LIMIT 1)
    UNION ALL
    SELECT (SELECT o.country FROM consortia_organisation o
            WHERE o.country > present.country
              AND (%(countries)s::text[] IS NULL OR o.country = ANY(%(countries)s::text[]))
            ORDER BY o.country LIMIT 1)
    FROM present WHERE present.country IS NOT NULL
)
SELECT first.id
FROM present
CROSS JOIN unnest(%(kinds)s::text[]) AS asked (kind)
CROSS JOIN LATERAL (
    SELECT o.id FROM consortia_organisation o
    WHERE o.country = present.country AND o.kind = asked.kind AND NOT (o.id = ANY(%(exclude)s))
    ORDER BY o.legal_name, o.id
    LIMIT %(limit)s
) AS first
WHERE present.country IS NOT NULL
"""

# The first by name of each country and kind among the organisations active in the sector
# (linked to it, to one of its divisions or to its section).
FIRST_IN_SECTOR = """
SELECT id FROM (
    SELECT o.id, row_number() OVER (
        PARTITION BY o.country, o.kind ORDER BY o.legal_name, o.id
    ) AS place
    FROM consortia_organisation o
    WHERE o.id IN (
        SELECT organisation_id FROM consortia_organisation_sectors
        WHERE sector_id = ANY(%(sectors)s)
    )
      AND (%(countries)s::text[] IS NULL OR o.country = ANY(%(countries)s::text[]))
      AND o.kind = ANY(%(kinds)s::text[])
      AND NOT (o.id = ANY(%(exclude)s))
) AS ranked
WHERE place <= %(limit)s
"""


def related_sectors(sector_pk: int) -> list[int]:
    """The sector, its divisions and its section (``selectors.active_in``'s rule)."""
    sectors = catalogue.current().sectors
    related = [sector_pk, *(pk for pk, entry in sectors.items() if entry.parent == sector_pk)]
    if (parent := sectors[sector_pk].parent) is not None:
        related.append(parent)
    return related


def candidate_ids(
    countries: Collection[str] | None,
    kinds: Collection[str],
    *,
    exclude: Iterable[int],
    sector_pk: int | None,
    limit: int,
) -> set[int] | None:
    """Organisations of ``countries`` (any country when None) and ``kinds`` among which the
    best ``limit`` suggestions are; None where the database cannot walk the index."""
    if connection.vendor != "postgresql":
        return None
    parameters = {
        "countries": None if countries is None else sorted(countries),
        "kinds": sorted(kinds),
        "exclude": sorted(exclude),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(FIRST_BY_NAME, parameters)
        found = {row[0] for row in cursor.fetchall()}
        if sector_pk is not None:
            cursor.execute(FIRST_IN_SECTOR, {**parameters, "sectors": related_sectors(sector_pk)})
            found.update(row[0] for row in cursor.fetchall())
    return found

"""The gap suggestions found through indexes (``consortia.gap_candidates``) are exactly the
ones ranking the whole directory gives, on random directories, gaps, sectors and members."""

import random

import pytest

from consortia import gap_candidates, selectors
from consortia.models import Organisation
from lots.models import Sector
from lots.rules import KINDS, Gap

pytestmark = pytest.mark.django_db

COUNTRIES = ["DE", "FR", "IT", "PL", "LV", "TR"]
SECTORS = ["C", "25", "28", "F", "41"]  # two sections, each with divisions
NAMES = ["Alpha", "Beta", "Gamma", "Delta"]  # few, so that many tie and the id decides


def directory(chance):
    sectors = list(Sector.objects.filter(code__in=SECTORS, call__isnull=True))
    kinds = [chance.choice(KINDS) for _ in range(400)]
    created = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"{chance.choice(NAMES)} {chance.randint(1, 9)}",
            country=chance.choice(COUNTRIES),
            kind=kind,
            size="small" if kind == "enterprise" else "",
        )
        for kind in kinds
    )
    for organisation in created:
        organisation.sectors.set(chance.sample(sectors, chance.choice([0, 0, 1, 2])))
    return created


def some_gap(chance, number):
    """Any countries or some, any kind or some; never both any (``rules.gaps`` never is)."""
    countries = frozenset(chance.sample(COUNTRIES, chance.choice([0, 1, 3])))
    kinds = frozenset(chance.sample(KINDS, chance.choice([1, 2] if not countries else [0, 1, 2])))
    return Gap(code=f"gap{number}", countries=countries, kinds=kinds)


def some_gaps(chance):
    return [some_gap(chance, number) for number in range(chance.randint(1, 3))]


@pytest.mark.parametrize("seed", range(4))
def test_suggestions_through_indexes_equal_ranking_the_whole_directory(seed, monkeypatch):
    chance = random.Random(seed)
    members = directory(chance)
    for _ in range(25):
        gaps = some_gaps(chance)
        exclude = [o.pk for o in chance.sample(members, chance.randint(0, 12))]
        sector = chance.choice([None, *Sector.objects.filter(code__in=SECTORS, call__isnull=True)])
        limit = chance.choice([1, 5, 8])

        found = selectors.gap_suggestions(gaps, exclude=exclude, sector=sector, limit=limit)
        with monkeypatch.context() as whole:
            whole.setattr(gap_candidates, "candidate_ids", lambda *args, **kwargs: None)
            expected = selectors.gap_suggestions(gaps, exclude=exclude, sector=sector, limit=limit)

        assert [o.pk for o in found] == [o.pk for o in expected], (gaps, exclude, sector, limit)

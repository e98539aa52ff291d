"""Sector keywords: the data migration fills the trades NACE titles lack, reverses without
touching what admins changed, and admins edit and search them."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from lots.models import Sector
from lots.selectors import nace_sectors, sectors_matching
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = import_module("lots.migrations.0005_sector_keywords_data")


def nace():
    return nace_sectors().select_related("parent")


def keywords(code):
    return Sector.objects.get(code=code).keywords


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("welding", "25"),
        ("machining", "25"),
        ("bakery", "10"),
        ("dairy", "10"),
        ("bricklaying", "43"),
        ("plumbing", "43"),
        ("cooking", "56"),
        ("hospitality", "I"),
        ("software", "62"),
        ("logistics", "H"),
        ("automotive", "29"),
        ("energy", "35"),
        ("hairdressing", "96"),
    ],
    ids=lambda value: value,
)
def test_keywords_name_one_sector_for_common_trades(word, code):
    assert [sector.code for sector in sectors_matching(word, nace()).best] == [code]


@pytest.mark.parametrize(
    ("word", "codes"),
    [("care", ["86", "87", "88"]), ("nursing", ["86", "87"]), ("tourism", ["I", "79"])],
    ids=["care", "nursing", "tourism"],
)
def test_keywords_shared_by_sectors_leave_the_choice_open(word, codes):
    assert [sector.code for sector in sectors_matching(word, nace()).best] == codes


def test_keyword_migration_reverses_and_keeps_admin_edits():
    Sector.objects.filter(code="10").update(keywords="food, bakery, confectionery")

    migration.clear_keywords(apps, None)

    assert list(Sector.objects.exclude(keywords="").values_list("code", "keywords")) == [
        ("10", "food, bakery, confectionery")
    ]
    migration.fill_keywords(apps, None)
    assert keywords("25") == migration.KEYWORDS["25"]
    assert keywords("10") == "food, bakery, confectionery"


def test_admin_finds_sector_by_keyword_and_edits_keywords(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    sector = Sector.objects.get(code="25")

    found = client.get(reverse("admin:lots_sector_changelist"), {"q": "welding"})
    client.post(
        reverse("admin:lots_sector_change", args=[sector.pk]),
        {
            "code": "25",
            "name_en": sector.name,
            "level": "division",
            "parent": sector.parent_id,
            "position": sector.position,
            "keywords": "welding, blacksmithing",
        },
    )

    assert list(found.context["cl"].result_list) == [sector]
    assert keywords("25") == "welding, blacksmithing"
    assert [s.code for s in sectors_matching("blacksmithing", nace()).best] == ["25"]

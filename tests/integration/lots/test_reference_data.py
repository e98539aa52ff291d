"""Every fresh database holds the default call of ssa-rules.md and NACE Rev. 2."""

import pytest

from lots.models import Call, Sector

pytestmark = pytest.mark.django_db

EU_27 = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip


def test_default_call_has_2020_programme_countries():
    call = Call.objects.get(is_default=True)

    assert {str(c) for c in call.programme_countries} == EU_27 | {
        "GB", "IS", "LI", "NO", "TR", "MK", "RS",
    }  # fmt: skip


def test_default_call_lots_have_minima_and_durations_of_the_action():
    call = Call.objects.get(is_default=True)

    assert [
        (lot.number, lot.min_programme_countries, lot.allowed_durations, lot.min_full_partners)
        for lot in call.lots.all()
    ] == [(1, 4, [2, 3, 4], None), (2, 8, [2, 3, 4], None), (3, 12, [2, 3, 4], None)]


def test_nace_rev2_has_21_sections_and_88_divisions():
    assert Sector.objects.filter(level="section").count() == 21
    assert Sector.objects.filter(level="division").count() == 88
    assert Sector.objects.get(code="10").parent.code == "C"


def test_default_call_title_reads_as_a_call_not_as_the_portals_word_for_it():
    title = Call.objects.get(is_default=True).title

    assert (title, "default" in title.lower()) == ("Erasmus+ Sector Skills Alliances", False)

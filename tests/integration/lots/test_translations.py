"""Database texts in English, French and German: a French request reads the French lot titles,
descriptions, composition labels and sector names (pages, API, the catalogue's snapshot),
English where a text has no French; the data migration names the 109 NACE Rev. 2 sectors in
French and German; the admin edits each language's text."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lots import catalogue, selectors, services
from lots.models import Lot, Sector
from lots.presets import presets
from tests.factories import ProposalFactory, UserFactory
from tests.integration.lots.test_call_sectors import lot_form

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def lot_1():
    return Lot.objects.get(call__is_default=True, number=1)


@pytest.fixture
def call_2020():
    """The 2020 preset: its own sectors, lots and composition labels in three languages."""
    return services.load_preset(presets()["sector-skills-alliances-2020"])


def test_migration_names_every_nace_sector_in_french_and_german():
    nace = list(Sector.objects.filter(call__isnull=True))

    assert len(nace) == 109
    for language in ("fr", "de"):
        names = {sector.code: getattr(sector, f"name_{language}") for sector in nace}
        assert all(names.values()), [code for code, name in names.items() if not name]
        same = [sector.code for sector in nace if names[sector.code] == sector.name_en]
        assert len(same) <= 3, same  # "Construction" is French too
    sections = {sector.code: sector for sector in nace}
    assert sections["C"].name_fr == "Industrie manufacturière"
    assert sections["C"].name_de == "Verarbeitendes Gewerbe/Herstellung von Waren"
    assert sections["85"].name_de == "Erziehung und Unterricht"


def test_name_reads_the_active_language_and_falls_back_to_english(lot_1):
    lot_1.title_de = ""
    lot_1.save()

    with translation.override("fr"):
        assert lot_1.title.startswith("Approches sectorielles")
    with translation.override("de"):
        assert lot_1.title == lot_1.title_en
        assert Sector.objects.get(call=None, code="P").name == "Erziehung und Unterricht"


def test_french_home_page_shows_french_lot_titles(client, lot_1):
    client.cookies["django_language"] = "fr"

    text = client.get("/").content.decode()

    assert escape(lot_1.title_fr) in text
    assert escape(lot_1.title_en) not in text


def test_french_api_lists_french_titles_labels_and_sector_names(client, call_2020):
    response = client.get("/api/v1/calls", **FRENCH)

    calls = {call["slug"]: call for call in json.loads(response.content)}
    preset = calls["sector-skills-alliances-2020"]
    assert preset["title"] == "Erasmus+ Alliances sectorielles pour les compétences 2020"
    assert {s["code"]: s["name"] for s in preset["own_sectors"]}["BP20-TOU"] == "Tourisme"
    lot = preset["lots"][0]
    assert lot["title"].startswith("Alliances sectorielles pour les compétences pour")
    assert [row["label"] for row in lot["compositions"]] == [
        "entreprises, chambres ou organisations d'employeurs",
        "prestataires d'EFP",
    ]


def test_api_falls_back_to_english_where_no_translation(client, lot_1):
    Lot.objects.filter(pk=lot_1.pk).update(title_fr=None)

    response = client.get("/api/v1/calls", **FRENCH)

    default = next(c for c in json.loads(response.content) if c["is_default"])
    assert default["lots"][0]["title"] == lot_1.title_en


def test_catalogue_built_by_an_english_request_answers_a_french_one_in_french(call_2020):
    """The snapshot is kept per process and in the shared cache: its texts follow the
    language of each request, not that of the request that built it."""
    catalogue.changed()
    lot = call_2020.lots.get(number=1)
    with translation.override("en"):
        english = selectors.lot_rules(lot)
        nace_c = catalogue.current().nace["C"].name
    with translation.override("fr"):
        french = selectors.lot_rules(lot)
        found = catalogue.current()
        nace_c_in_french = found.nace["C"].name
        own_sector_in_french = found.calls[call_2020.slug].own_sectors["BP20-HEA"].name

    assert nace_c == "Manufacturing"
    assert nace_c_in_french == "Industrie manufacturière"
    assert own_sector_in_french == "Santé et soins"
    assert [row.label for row in english.compositions] == [
        "enterprises, chambers or employers' organisations",
        "VET providers",
    ]
    assert [row.label for row in french.compositions] == [
        "entreprises, chambres ou organisations d'employeurs",
        "prestataires d'EFP",
    ]


def test_loading_a_preset_from_a_french_page_keeps_english_as_english():
    with translation.override("fr"):
        call = services.load_preset(presets()["sector-skills-alliances-2019"])

    assert call.title_en == "Erasmus+ Sector Skills Alliances 2019"
    assert call.title_fr == "Erasmus+ Alliances sectorielles pour les compétences 2019"
    assert call.own_sectors.get(code="BP19-MIC").name_de == "Mikroelektronik"


def test_a_copied_call_keeps_its_translations_with_copy_in_each_language(call_2020):
    copy = services.copy_call(call_2020)

    assert copy.lots.get(number=1).title_de == call_2020.lots.get(number=1).title_de
    assert copy.title_en.endswith("(copy)")
    assert copy.title_fr != call_2020.title_fr
    assert copy.title_fr.startswith(call_2020.title_fr)


def test_admin_edits_the_french_lot_title_and_the_wizard_shows_it(admin_client, client, lot_1):
    response = admin_client.post(
        reverse("admin:lots_lot_change", args=[lot_1.pk]),
        lot_form(
            lot_1.call,
            [],
            number="1",
            title_en=lot_1.title_en,
            title_fr="Plateformes d'excellence professionnelle (titre revu)",
            title_de=lot_1.title_de,
            allowed_durations=["2", "3", "4"],
            min_programme_countries="4",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    coordinator = UserFactory()
    proposal = ProposalFactory(owner=coordinator, lot=lot_1)
    client.force_login(coordinator)

    client.cookies["django_language"] = "fr"
    page = client.get(reverse("consortia:wizard-lot", args=[proposal.pk]))

    assert "Plateformes d&#x27;excellence professionnelle (titre revu)" in page.content.decode()
    lot_1.refresh_from_db()
    assert lot_1.title_en.startswith("Sectoral approaches")


def test_admin_lot_page_has_a_field_per_language(admin_client, lot_1):
    page = admin_client.get(reverse("admin:lots_lot_change", args=[lot_1.pk]))

    form = page.context["adminform"].form
    assert {"title_en", "title_fr", "title_de", "description_fr"} <= set(form.fields)


def test_french_project_step_offers_the_french_nace_names(client, lot_1):
    """The wizard's sector list (another page, read through the catalogue and the ORM) after
    an English request built the catalogue."""
    coordinator = UserFactory()
    proposal = ProposalFactory(owner=coordinator, lot=lot_1)
    client.force_login(coordinator)
    url = reverse("consortia:wizard-project", args=[proposal.pk])
    english = client.get(url).content.decode()

    client.cookies["django_language"] = "fr"
    french = client.get(url).content.decode()

    assert "C: Manufacturing" in english
    assert "C: Industrie manufacturière" in french
    assert "85: Enseignement" in french
    assert "C: Manufacturing" not in french

"""The coordinator's other pages and the API in English, French and German: the API answers in
the request's Accept-Language, pages in the chosen language, dates and counts as each writes
them. (The French and German texts come from the catalogues under locale/.)"""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from consortia.models import OrganisationCorrection
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/proposals/import?call=no-such-call&lot=9"


@pytest.fixture(autouse=True)
def back_to_english():
    """A request in French or German leaves its language active in this thread: the tests
    after it, which call services directly, expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize(
    ("language", "detail", "required"),
    [
        ("en", "Invalid request.", "This field is required."),
        ("fr", "Requête non valable.", "Ce champ est obligatoire."),
        ("de", "Ungültige Anfrage.", "Dieses Feld ist erforderlich."),
    ],
)
def test_api_errors_are_in_the_language_of_accept_language(client, language, detail, required):
    response = client.post(
        "/api/v1/eligibility",
        data=json.dumps({"partners": []}),
        content_type="application/json",
        headers={"accept-language": f"{language},en;q=0.5"},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert required in [m for messages in response.json()["errors"].values() for m in messages]


def test_a_french_api_request_gets_french_texts_for_schema_errors_and_unknown_lots(
    coordinator_client, proposal
):
    french = {"accept-language": "fr-FR,fr;q=0.9"}
    body = coordinator_client.get(f"/api/v1/proposals/{proposal.pk}/export").json()

    no_lot = coordinator_client.post(IMPORT, json.dumps(body), "application/json", headers=french)
    body["project"]["duration_years"] = 2.5
    wrong_type = coordinator_client.post(
        "/api/v1/proposals/import", json.dumps(body), "application/json", headers=french
    )
    missing = coordinator_client.get("/api/v1/proposals/999999/export", headers=french)

    assert wrong_type.json() == {
        "detail": "Requête non valable.",
        "errors": {"project.duration_years": ["Saisissez un nombre entier."]},
    }
    assert no_lot.json()["errors"] == {
        "lot": ["Ce lot n'existe pas\u00a0; indiquez un lot ouvert avec `call` et `lot`."]
    }
    assert (missing.status_code, missing.json()) == (404, {"detail": "Introuvable."})


def test_an_english_api_request_keeps_the_schema_wording(coordinator_client, proposal):
    body = coordinator_client.get(f"/api/v1/proposals/{proposal.pk}/export").json()
    body["project"]["duration_years"] = 2.5

    response = coordinator_client.post(
        "/api/v1/proposals/import", json.dumps(body), "application/json"
    )

    [message] = response.json()["errors"]["project.duration_years"]
    assert message.startswith("Input should be a valid integer")


@pytest.mark.parametrize(
    ("language", "title", "count"),
    [
        ("en", "1 organisation found - Organisations - Consortium Portal", "1 organisation"),
        ("fr", "1 organisation trouvée - Organisations - ", "1 organisation"),
        ("de", "1 Organisation gefunden - Organisationen - ", "1 Organisation"),
    ],
)
def test_directory_search_title_and_count_in_each_language(
    coordinator_client, language, title, count
):
    OrganisationFactory(legal_name="Lyon Metal", country="FR")
    coordinator_client.cookies["django_language"] = language

    response = coordinator_client.get(reverse("consortia:organisation-list"), {"q": "lyon"})

    assert f"<title>{title}" in response.text
    assert f'data-announce="{count}"' in response.text


def test_directory_without_a_search_announces_nothing(coordinator_client):
    response = coordinator_client.get(reverse("consortia:organisation-list"))

    assert "data-announce" not in response.text
    assert "<title>Organisations - Consortium Portal</title>" in response.text


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("en", "New organisation (3 errors) - ", "There are problems with 3 fields"),
        ("fr", "Nouvelle organisation (3 erreurs) - ", "Il y a des problèmes dans 3 champs"),
        ("de", "Neue Organisation (3 Fehler) - ", "Es gibt Probleme in 3 Feldern"),
    ],
)
def test_organisation_form_errors_are_summed_up_with_links_to_each_field(
    coordinator_client, language, title, summary
):
    coordinator_client.cookies["django_language"] = language

    response = coordinator_client.post(reverse("consortia:organisation-create"), {"city": ""})

    assert f"<title>{title}" in response.text
    top = response.text.split('id="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in top
    assert summary in top
    assert top.count('href="#id_') == 3
    # The summary alone takes the focus; each field says it is invalid and where its error is.
    assert response.text.count("autofocus") == 1
    for field in ("legal_name", "country", "kind"):
        assert f'<a class="alert-link" href="#id_{field}">' in top
        tag = re.search(rf'<(input|select)[^>]*id="id_{field}"[^>]*>', response.text)[0]
        assert 'aria-invalid="true"' in tag
        assert f'aria-describedby="id_{field}_error"' in tag


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "5\u00a0Mar\u00a02030, 12:00"),
        ("fr", "5 mars 2030 12:00"),
        ("de", "5. März 2030 12:00"),
    ],
)
def test_corrections_show_dates_as_each_language_writes_them(
    coordinator_client, coordinator, language, date
):
    organisation = OrganisationFactory(managers=[coordinator])
    correction = OrganisationCorrection.objects.create(
        organisation=organisation, fields={"city": "Lyon"}, proposed_by=UserFactory()
    )
    OrganisationCorrection.objects.filter(pk=correction.pk).update(
        created_at="2030-03-05T12:00:00+01:00"
    )
    coordinator_client.cookies["django_language"] = language

    response = coordinator_client.get(reverse("consortia:correction-list"))

    assert date in response.text

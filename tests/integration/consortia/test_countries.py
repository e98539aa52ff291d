"""Countries typed or chosen: Kosovo (XK) everywhere a country is chosen or shown, and the one
reading of typed codes in the import ("fr ", the EU's EL and UK)."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consortia import services, specs
from consortia.models import Organisation
from lots.choices import Role
from tests.export_checks import pdf_text
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/proposals/import?call=sector-skills-alliances&lot=1"
KOSOVO = '<option value="XK">Kosovo</option>'


@pytest.mark.parametrize(
    "url_name",
    ["consortia:organisation-create", "consortia:organisation-list"],
    ids=["organisation-form", "directory-filter"],
)
def test_kosovo_can_be_chosen_in_the_organisation_form_and_the_directory(
    coordinator_client, url_name
):
    response = coordinator_client.get(reverse(url_name))

    assert KOSOVO in response.text


def test_kosovo_can_be_a_calls_programme_country_in_admin(admin_client):
    response = admin_client.get(reverse("admin:lots_call_add"))

    assert KOSOVO in response.text


def test_organisation_in_kosovo_is_created_and_listed_by_its_name(coordinator_client):
    data = {"legal_name": "Prishtina VET", "country": "XK", "kind": "vet_provider"}

    response = coordinator_client.post(reverse("consortia:organisation-create"), data)

    organisation = Organisation.objects.get(legal_name="Prishtina VET")
    assert (response.status_code, organisation.country.code) == (302, "XK")
    listed = coordinator_client.get(reverse("consortia:organisation-list"), {"country": "XK"})
    assert ">Kosovo</td>" in listed.text


@pytest.fixture
def with_kosovo(proposal):
    """The draft with a full partner in Kosovo (a Partner country of the default call)."""
    kosovo = OrganisationFactory(legal_name="Prishtina VET", country="XK", kind="vet_provider")
    MembershipFactory(proposal=proposal, organisation=kosovo, role=Role.FULL_PARTNER, position=2)
    return proposal


def exported(proposal, format):
    job = services.request_export(proposal=proposal, format=format, by=proposal.owner)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    with job.file.open("rb") as file:
        return file.read()


def test_xlsx_names_kosovo_a_partner_country(with_kosovo):
    workbook = load_workbook(io.BytesIO(exported(with_kosovo, "xlsx")))

    rows = list(workbook["Participants"].iter_rows(min_row=2, values_only=True))
    assert [row[4:7] for row in rows if row[0] == "Prishtina VET"] == [("Kosovo", "XK", False)]


def test_pdf_names_kosovo_in_the_composition(with_kosovo):
    text = pdf_text(exported(with_kosovo, "pdf"))

    assert "Kosovo (Partner country)" in text


def test_report_names_an_applicant_in_kosovo_a_partner_country(proposal):
    applicant = proposal.memberships.get(role=Role.APPLICANT)
    Organisation.objects.filter(pk=applicant.organisation_id).update(country="XK")

    check = specs.evaluate(proposal).report.get("applicant_programme_country")

    assert (check.passed, check.message) == (
        False,
        "The applicant is in Kosovo, a Partner country of this call.",
    )


@pytest.mark.parametrize(
    ("typed", "code"),
    [(" fr", "FR"), ("uk", "GB"), ("EL", "GR"), ("xk ", "XK")],
    ids=["space", "eu-uk", "eu-el", "kosovo-lowercase"],
)
def test_import_reads_typed_country_codes_as_the_api_does(
    coordinator_client, proposal, typed, code
):
    document = coordinator_client.get(f"/api/v1/proposals/{proposal.pk}/export").json()
    organisation = document["members"][1]["organisation"]
    organisation.update(legal_name="Brand New SARL", pic=None, oid=None, country=typed)

    response = coordinator_client.post(
        IMPORT, json.dumps(document), content_type="application/json"
    )

    assert response.status_code == 201
    assert Organisation.objects.get(legal_name="Brand New SARL").country.code == code


def test_import_page_refuses_an_unknown_country_saying_what_to_type(
    coordinator_client, proposal, lot_1
):
    document = coordinator_client.get(f"/api/v1/proposals/{proposal.pk}/export").json()
    document["members"][1]["organisation"]["country"] = "EU"
    file = io.BytesIO(json.dumps(document).encode())
    file.name = "export.json"

    response = coordinator_client.post(
        reverse("consortia:proposal-import"), {"file": file, "lot": lot_1.pk}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "This is not a proposal export this portal can read:",
        "members.1.organisation.country: Unknown country 'EU': use an ISO 3166-1 alpha-2 code "
        "such as 'DE'.",
    ]

"""The wizard's pages as assistive technology reads them, without a browser: each step's title
(with the count of errors), the error summary and its links, errors tied to their fields, the
lot radios' names, and the partner contact's language, saved with the row."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from consortia.forms import ApplicantForm, PartnerFormSet
from consortia.forms.common import ErrorItem, error_items
from consortia.models import Proposal
from lots.choices import Role

pytestmark = pytest.mark.django_db


def url(name, proposal):
    return reverse(f"consortia:{name}", args=[proposal.pk])


def title(response):
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1).strip()


def partners_post(proposal, rows, **extra):
    data = {
        "version": Proposal.objects.get(pk=proposal.pk).version,
        "partners-TOTAL_FORMS": len(rows),
        "partners-INITIAL_FORMS": 0,
        "next": "1",
        **extra,
    }
    for index, (organisation, email, language) in enumerate(rows):
        data[f"partners-{index}-organisation"] = organisation.pk
        data[f"partners-{index}-role"] = Role.FULL_PARTNER
        data[f"partners-{index}-contact_email"] = email
        data[f"partners-{index}-contact_language"] = language
    return data


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("lot", "Lot - DRAFT - Consortium Portal"),
        ("project", "Project - DRAFT - Consortium Portal"),
        ("applicant", "Applicant - DRAFT - Consortium Portal"),
        ("partners", "Partners - DRAFT - Consortium Portal"),
    ],
    ids=["lot", "project", "applicant", "partners"],
)
def test_each_step_has_its_own_title(coordinator_client, proposal, step, expected):
    response = coordinator_client.get(url(f"wizard-{step}", proposal))

    assert title(response) == expected


def test_step_of_a_proposal_without_acronym_is_titled_new_proposal(coordinator_client, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(acronym="")

    response = coordinator_client.get(url("wizard-project", proposal))

    assert title(response) == "Project - New proposal - Consortium Portal"


def test_partners_with_two_errors_are_summarised_and_counted_in_the_title(
    coordinator_client, proposal, directory
):
    rows = [
        (directory["FR", "enterprise"], "not an email", ""),
        (directory["IT", "enterprise"], "it@example.org", ""),
        (directory["ES", "enterprise"], "nor this", ""),
    ]

    response = coordinator_client.post(
        url("wizard-partners", proposal), partners_post(proposal, rows)
    )

    assert title(response) == "Partners (2 errors) - DRAFT - Consortium Portal"
    summary = re.search(r'<section class="error-summary.*?</section>', response.text, re.S).group(0)
    assert 'tabindex="-1"' in summary
    assert 'role="alert"' not in summary
    assert "There are 2 problems" in summary
    assert re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', summary) == [
        (
            "id_partners-0-contact_email",
            "Enterprise FR, Contact email: Enter a valid email address.",
        ),
        (
            "id_partners-2-contact_email",
            "Enterprise ES, Contact email: Enter a valid email address.",
        ),
    ]


def test_partner_row_is_a_group_named_by_its_organisation(coordinator_client, proposal):
    response = coordinator_client.get(url("wizard-partners", proposal))

    assert re.findall(r'<legend class="[^"]*">\s*([^<]+?)\s*</legend>', response.text) == [
        "Enterprise FR (FR)"
    ]


def test_row_error_of_an_organisation_leads_to_its_row(proposal, directory):
    french = directory["FR", "enterprise"]
    data = partners_post(proposal, [(french, "", ""), (french, "", "")])
    formset = PartnerFormSet(data, known={french.pk: french})

    assert error_items(formset) == [
        ErrorItem("row-partners-1", "Enterprise FR: Enterprise FR is already in row 1."),
    ]


def test_applicant_left_unchosen_leads_to_the_directory_search():
    assert error_items(ApplicantForm({})) == [
        ErrorItem(
            "applicant-search-input",
            "Applicant organisation: Choose the applicant from the directory, or create it below.",
        )
    ]


def test_duration_radios_error_is_tied_to_their_group(coordinator_client, proposal):
    data = {"version": proposal.version, "title": "T", "acronym": "A", "sector": "25"}

    response = coordinator_client.post(url("wizard-project", proposal), {**data, "next": "1"})

    assert '<fieldset aria-describedby="id_duration_years_error">' in response.text
    radios = re.findall(r'<input type="radio"[^>]*name="duration_years"[^>]*>', response.text)
    assert radios
    assert all('aria-invalid="true"' in radio for radio in radios)
    assert re.search(r'<a class="alert-link" href="#id_duration_years_0">Duration: ', response.text)


def test_lot_radio_is_named_by_its_lot_and_described_by_its_card(coordinator_client, proposal):
    response = coordinator_client.get(url("wizard-lot", proposal))

    radio = re.search(r'<input[^>]*id="id_lot_0"[^>]*>', response.text, re.S).group(0)
    name_id = re.search(r'aria-labelledby="([^"]+)"', radio).group(1)
    described = re.search(r'aria-describedby="([^"]+)"', radio).group(1)
    name = re.search(rf'<span id="{name_id}">(.*?)</span></span>', response.text, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", name).split()) == (
        "Lot 1 : Sectoral approaches through transnational Platforms of vocational excellence"
    )
    assert f'id="{described}"' in response.text


def test_contact_language_is_saved_with_the_row_and_shown_again(
    coordinator_client, proposal, directory
):
    rows = [
        (directory["FR", "enterprise"], "fr@example.org", "fr"),
        (directory["IT", "enterprise"], "it@example.org", ""),
    ]

    coordinator_client.post(url("wizard-partners", proposal), partners_post(proposal, rows))
    page = coordinator_client.get(url("wizard-partners", proposal)).text

    languages = dict(
        proposal.memberships.exclude(role=Role.APPLICANT).values_list(
            "organisation__country", "contact_language"
        )
    )
    assert languages == {"FR": "fr", "IT": ""}
    assertInHTML('<option value="fr" lang="fr" selected>Français</option>', page)


def test_partners_step_in_french_and_german(coordinator_client, proposal, settings):
    french = coordinator_client.get(url("wizard-partners", proposal), HTTP_ACCEPT_LANGUAGE="fr")
    german = coordinator_client.get(url("wizard-partners", proposal), HTTP_ACCEPT_LANGUAGE="de")

    assert title(french) == "Partenaires - DRAFT - Consortium Portal"
    assert title(german) == "Partner - DRAFT - Consortium Portal"
    assert ">Enregistrer et continuer</button>" in french.text
    assert ">Speichern und weiter</button>" in german.text


def test_row_added_by_a_suggestion_link_takes_the_focus(coordinator_client, proposal, directory):
    italian = directory["IT", "enterprise"]

    page = coordinator_client.get(f"{url('wizard-partners', proposal)}?add={italian.pk}").text

    assert re.findall(r'id="(id_partners-\d-role)" autofocus', page) == ["id_partners-1-role"]

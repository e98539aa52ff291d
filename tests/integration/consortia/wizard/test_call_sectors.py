"""Sectors per call in the wizard and around it: the Sector box, its suggestions and its
datalist offer the lot's list (the call's own sectors, NACE only where the call includes
it), changing lot or importing keeps a sector only within the call, organisations keep NACE."""

import html
import re

import pytest
from django.urls import reverse

from consortia import selectors, services
from consortia.exports.data import sheet
from consortia.models import Proposal
from lots.models import Lot, Sector
from tests.factories import ProposalFactory, UserFactory
from tests.own_sectors import blueprint_calls, own_sector
from tests.page_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def blueprint():
    return blueprint_calls()


PROJECT = {"title": "Cells", "acronym": "CELL", "duration_years": "4"}
OWN_HELP = "The sector the alliance addresses, one of this lot's sectors; type to search."
NACE_HELP = "The economic sector (NACE Rev. 2) the alliance addresses; type to search."


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def draft(coordinator, blueprint):
    return ProposalFactory(owner=coordinator, lot=blueprint.lot_1, duration_years=4)


def project_url(proposal):
    return reverse("consortia:wizard-project", args=[proposal.pk])


def suggestions_url(proposal):
    return reverse("consortia:sector-suggestions", args=[proposal.pk])


def options(response):
    return [html.unescape(value) for value in re.findall(r'data-value="([^"]*)"', response.text)]


def datalist(response):
    found = re.search(r'<datalist id="sector-options">(.*?)</datalist>', response.text, re.S)
    return [html.unescape(value) for value in re.findall(r'value="([^"]*)"', found[1])]


def save_sector(client, proposal, typed):
    data = {**PROJECT, "version": proposal.version, "sector": typed}
    response = client.post(project_url(proposal), data)
    proposal.refresh_from_db()
    return response


# The project step


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("BATT", "BATT"),
        ("batt", "BATT"),
        ("battery", "BATT"),
        ("Defence technologies", "DEF"),
        ("MICRO: Microelectronics", "MICRO"),
        ("semiconductors", "MICRO"),
    ],
    ids=["code", "code in lower case", "keyword", "name", "label", "keyword of another"],
)
def test_project_step_saves_the_calls_own_sector(coordinator_client, draft, blueprint, typed, code):
    response = save_sector(coordinator_client, draft, typed)

    assert (response.status_code, draft.sector) == (302, blueprint.sectors[code])


@pytest.mark.parametrize(
    "typed", ["C25", "25", "SPACE", "welding"], ids=["nace", "division", "other call", "words"]
)
def test_project_step_refuses_a_sector_outside_the_calls_list(coordinator_client, draft, typed):
    response = save_sector(coordinator_client, draft, typed)

    assert response.context["form"].errors == {
        "sector": [
            f'No sector of this lot matches "{typed}": type a code or a word of the name of one '
            "of its sectors (BATT, DEF, MICRO)."
        ]
    }
    assert draft.sector is None


def test_project_step_resolves_the_calls_code_not_another_calls(
    coordinator_client, draft, blueprint
):
    save_sector(coordinator_client, draft, "BATT")

    assert (draft.sector.call, draft.sector.name) == (
        blueprint.call,
        "Batteries for electro-mobility",
    )


def test_project_step_of_a_narrowing_lot_offers_its_sector_alone(
    coordinator_client, draft, blueprint
):
    draft.lot = blueprint.lot_2
    draft.save()

    refused = save_sector(coordinator_client, draft, "battery")
    saved = save_sector(coordinator_client, draft, "chips")

    assert refused.context["form"].errors["sector"] == [
        'No sector of this lot matches "battery": type a code or a word of the name of one of '
        "its sectors (MICRO)."
    ]
    assert (saved.status_code, draft.sector.code) == (302, "MICRO")


def test_project_step_of_a_call_with_nace_and_own_sectors_takes_both(
    coordinator_client, coordinator, blueprint
):
    lot = Lot.objects.create(call=blueprint.other, number=1, title="Any", allowed_durations=[4])
    proposal = ProposalFactory(owner=coordinator, lot=lot, duration_years=4)

    save_sector(coordinator_client, proposal, "C25")
    nace = proposal.sector.code
    save_sector(coordinator_client, proposal, "BATT")

    assert (nace, proposal.sector) == ("25", blueprint.other_batt)


def test_project_page_offers_the_calls_list_without_claiming_nace(coordinator_client, draft):
    response = coordinator_client.get(project_url(draft))

    assert datalist(response) == [
        "BATT: Batteries for electro-mobility",
        "DEF: Defence technologies",
        "MICRO: Microelectronics",
    ]
    assert OWN_HELP in html.unescape(response.text)
    assert "NACE" not in response.text


def test_project_page_of_a_nace_call_says_nace(coordinator_client, proposal):
    response = coordinator_client.get(project_url(proposal))

    assert NACE_HELP in response.text
    assert "BATT" not in response.text


@pytest.mark.parametrize("count", [3, 30], ids=["3-sectors", "30-sectors"])
def test_project_step_queries_do_not_grow_with_the_calls_sectors(
    coordinator_client, draft, blueprint, count, django_assert_num_queries
):
    for number in range(count - 3):
        own_sector(blueprint.call, f"S{number}", f"Sector {number}")

    with django_assert_num_queries(4):
        page = coordinator_client.get(project_url(draft))
    with django_assert_num_queries(3):
        refused = coordinator_client.post(
            project_url(draft), {**PROJECT, "version": 1, "sector": "welding"}
        )

    assert len(datalist(page)) == count
    assert refused.context["form"].errors["sector"]


# The suggestions under the box


@pytest.mark.parametrize(
    ("proposal_lot", "typed", "expected"),
    [
        ("lot_1", "b", ["BATT: Batteries for electro-mobility"]),
        ("lot_1", "tech", ["DEF: Defence technologies"]),
        ("lot_2", "b", []),
        ("lot_2", "micro", ["MICRO: Microelectronics"]),
    ],
    ids=["call's list", "words", "narrowed away", "narrowed"],
)
def test_sector_suggestions_offer_the_lots_list(
    coordinator_client, draft, blueprint, proposal_lot, typed, expected
):
    draft.lot = getattr(blueprint, proposal_lot)
    draft.save()

    response = coordinator_client.get(suggestions_url(draft), {"sector": typed})

    assert options(response) == expected


@pytest.mark.parametrize(
    ("proposal_lot", "codes"), [("lot_1", "BATT, DEF, MICRO"), ("lot_2", "MICRO")]
)
def test_sector_suggestions_without_match_name_the_lots_codes(
    coordinator_client, draft, blueprint, proposal_lot, codes
):
    draft.lot = getattr(blueprint, proposal_lot)
    draft.save()

    response = coordinator_client.get(suggestions_url(draft), {"sector": "C25"})

    assert html.unescape(re.sub(r"<[^>]+>", "", response.text)).strip() == (
        f'No sector of this lot matches "C25": type a code or a word of the name of one of its '
        f"sectors ({codes})."
    )


def test_sector_suggestions_queries_do_not_grow_with_the_calls_sectors(
    coordinator_client, draft, blueprint, django_assert_num_queries
):
    for number in range(30):
        own_sector(blueprint.call, f"S{number}", f"Sector {number}")

    # The session, the user, the proposal with its lot and call, the sectors.
    with django_assert_num_queries(3):
        response = coordinator_client.get(suggestions_url(draft), {"sector": "sector 1"})

    assert len(options(response)) == 8


# Changing lot, importing


def test_changing_to_another_calls_lot_clears_its_own_sector_and_says_so(
    coordinator_client, draft, blueprint, lot_1
):
    draft.sector = blueprint.sectors["BATT"]
    draft.save()

    response = coordinator_client.post(
        reverse("consortia:wizard-lot", args=[draft.pk]),
        {"lot": lot_1.pk, "version": draft.version},
        follow=True,
    )

    draft.refresh_from_db()
    assert (draft.lot, draft.sector) == (lot_1, None)
    assert [str(m) for m in response.context["messages"]] == [
        "Batteries for electro-mobility is not one of this call's sectors: choose one on the "
        "project step."
    ]


def test_changing_lot_within_the_call_keeps_the_sector(coordinator, draft, blueprint):
    draft.sector = blueprint.sectors["BATT"]
    draft.save()

    services.change_lot(proposal=draft, lot=blueprint.lot_2, version=draft.version, by=coordinator)

    assert Proposal.objects.get(pk=draft.pk).sector == blueprint.sectors["BATT"]


def exported(proposal):
    return sheet(selectors.proposals_with_consortium().get(pk=proposal.pk)).data


def test_import_resolves_the_sector_within_the_lots_call(coordinator, draft, blueprint):
    draft.sector = blueprint.sectors["BATT"]
    draft.save()

    copy = services.import_proposal(data=exported(draft), by=coordinator)

    assert (copy.lot, copy.sector) == (blueprint.lot_1, blueprint.sectors["BATT"])


def test_import_into_a_call_without_the_sector_leaves_it_empty_and_says_so(
    coordinator, draft, blueprint, lot_1
):
    draft.sector = blueprint.sectors["BATT"]
    draft.save()
    data = exported(draft)

    copy = services.import_proposal(data=data, lot=lot_1, by=coordinator)

    assert copy.sector is None
    assert services.import_note(data, copy, chosen=True) == (
        "The draft is in Erasmus+ Sector Skills Alliances, Lot 1, as you chose. The file's "
        "sector BATT is not one of this call's sectors: choose one on the project step."
    )


# Organisations keep NACE


def sector_choices(response, field):
    form = response.context["form"] if field == "sectors" else response.context["filters"]
    return {sector.call_id for sector in form.fields[field].queryset}


def test_organisation_form_and_directory_filter_offer_nace_sectors_only(
    coordinator_client, blueprint
):
    create = coordinator_client.get(reverse("consortia:organisation-create"))
    directory = coordinator_client.get(reverse("consortia:organisation-list"))

    assert (sector_choices(create, "sectors"), sector_choices(directory, "sector")) == (
        {None},
        {None},
    )
    assert "Batteries" not in create.text + directory.text


def test_organisation_admin_offers_nace_sectors_only(admin_client, blueprint):
    response = admin_client.get(reverse("admin:consortia_organisation_add"))

    sectors = response.context["adminform"].form.fields["sectors"].queryset
    assert (sectors.count(), sectors.filter(call__isnull=False).exists()) == (
        Sector.objects.filter(call=None).count(),
        False,
    )


def test_home_page_names_the_calls_own_sectors(client, blueprint):
    text = visible_text(client.get("/"))

    assert (
        "Sectors of this call: BATT Batteries for electro-mobility, DEF Defence technologies, "
        "MICRO Microelectronics." in text
    )
    assert "Sectors of this call: BATT Battery recycling, SPACE Space; and NACE Rev. 2." in text

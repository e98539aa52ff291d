"""The wizard's pages over the Django test client: saving each step, validation that keeps
what was typed, permissions (404 for others), optimistic locking and the eligibility panel."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from consortia.models import Proposal
from lots.choices import Role
from lots.models import Call, Lot, Sector
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, proposal, *args):
    return reverse(f"consortia:{name}", args=[proposal.pk, *args])


def checks(response):
    """The panel's checks as rendered: {code: passed}."""
    return {
        code: passed == "true"
        for code, passed in re.findall(r'data-code="([^"]+)" data-passed="(\w+)"', response.text)
    }


def partner_data(proposal, rows, **extra):
    data = {
        "version": proposal.version,
        "partners-TOTAL_FORMS": len(rows),
        "partners-INITIAL_FORMS": 0,
        **extra,
    }
    for index, (organisation, role) in enumerate(rows):
        data[f"partners-{index}-organisation"] = organisation.pk
        data[f"partners-{index}-role"] = role
        data[f"partners-{index}-contact_email"] = f"contact{index}@example.org"
    return data


PROJECT = {
    "title": "Welding futures",
    "acronym": "WELD",
    "sector": "25: Manufacture of fabricated metal products, except machinery and equipment",
    "occupational_profiles": "Welder\nWelding inspector",
    "duration_years": "3",
}


# Access


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("wizard-lot", "get"),
        ("wizard-project", "get"),
        ("wizard-project", "post"),
        ("wizard-applicant", "get"),
        ("wizard-partners", "get"),
        ("wizard-partners", "post"),
        ("wizard-review", "get"),
        ("applicant-search", "get"),
        ("partner-search", "get"),
        ("partner-row", "post"),
    ],
)
def test_other_coordinators_get_404_on_every_wizard_url(client, proposal, name, method):
    client.force_login(UserFactory())

    response = getattr(client, method)(url(name, proposal), {"add": proposal.pk})

    assert response.status_code == 404


def test_other_coordinators_get_404_from_check_endpoint(client, proposal):
    client.force_login(UserFactory())

    assert client.post(url("eligibility-check", proposal, "project")).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, proposal):
    response = client.get(url("wizard-project", proposal))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# New proposal and lot


def test_new_proposal_starts_draft_in_chosen_lot(coordinator_client, coordinator):
    lot = Lot.objects.get(call__is_default=True, number=2)

    response = coordinator_client.post(reverse("consortia:proposal-new"), {"lot": lot.pk})

    proposal = Proposal.objects.get(owner=coordinator)
    assert (proposal.lot, proposal.status) == (lot, Proposal.Status.DRAFT)
    assert response.url == url("wizard-project", proposal)


def test_new_proposal_refuses_lot_of_closed_call(coordinator_client, coordinator):
    call = Call.objects.create(slug="old", title="Old call", year=2014, is_open=False)
    lot = Lot.objects.create(call=call, number=1, title="Old lot", allowed_durations=[2])

    response = coordinator_client.post(reverse("consortia:proposal-new"), {"lot": lot.pk})

    assert "Choose an open lot." in response.text
    assert not Proposal.objects.filter(owner=coordinator).exists()


def test_lot_step_moves_draft_to_other_lot(coordinator_client, proposal):
    lot_3 = Lot.objects.get(call__is_default=True, number=3)

    coordinator_client.post(url("wizard-lot", proposal), {"lot": lot_3.pk, "version": 1})

    assert Proposal.objects.get(pk=proposal.pk).lot == lot_3


# Project


def test_project_step_saves_and_goes_to_applicant(coordinator_client, proposal):
    response = coordinator_client.post(url("wizard-project", proposal), {**PROJECT, "version": 1})

    proposal.refresh_from_db()
    assert response.url == url("wizard-applicant", proposal)
    assert (proposal.acronym, proposal.sector.code, proposal.duration_years) == ("WELD", "25", 3)
    assert proposal.occupational_profiles == "Welder\nWelding inspector"


def test_project_step_back_saves_and_goes_to_lot(coordinator_client, proposal):
    response = coordinator_client.post(
        url("wizard-project", proposal), {**PROJECT, "version": 1, "back": "1"}
    )

    assert response.url == url("wizard-lot", proposal)
    assert Proposal.objects.get(pk=proposal.pk).acronym == "WELD"


def test_project_step_error_keeps_what_was_typed_and_saves_nothing(coordinator_client, proposal):
    data = {**PROJECT, "sector": "Underwater basket weaving", "version": 1}

    response = coordinator_client.post(url("wizard-project", proposal), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "sector": [
            'No sector matches "Underwater basket weaving": type a NACE code such as C25 or a '
            "word of its name."
        ]
    }
    assert 'value="Welding futures"' in response.text
    assert 'value="Underwater basket weaving"' in response.text
    assert Proposal.objects.get(pk=proposal.pk).acronym == "DRAFT"


def test_project_step_offers_only_the_lots_durations(coordinator_client, proposal):
    response = coordinator_client.post(
        url("wizard-project", proposal), {**PROJECT, "duration_years": "5", "version": 1}
    )

    assert "Select a valid choice. 5 is not one of the available choices." in response.text


def test_second_tab_saving_same_step_gets_conflict_and_overwrites_nothing(
    coordinator_client, proposal
):
    first = coordinator_client.post(url("wizard-project", proposal), {**PROJECT, "version": 1})
    second = coordinator_client.post(
        url("wizard-project", proposal), {**PROJECT, "acronym": "TAB-2", "version": 1}
    )

    assert (first.status_code, second.status_code) == (302, 409)
    assert "changed in another tab or window" in second.text
    assert f'href="{url("wizard-project", proposal)}"' in second.text
    assert 'value="TAB-2"' in second.text
    assert Proposal.objects.get(pk=proposal.pk).acronym == "WELD"


# Applicant


def test_applicant_step_search_without_javascript_lists_matches(coordinator_client, proposal):
    OrganisationFactory(legal_name="Needle Academy", country="IT")

    response = coordinator_client.post(
        url("wizard-applicant", proposal), {"q": "needle", "search": "1", "version": 1}
    )

    assert [o.legal_name for o in response.context["results"]] == ["Needle Academy"]


def test_applicant_step_chooses_organisation(coordinator_client, proposal, directory):
    chosen = directory["IT", "vet_provider"]

    coordinator_client.post(
        url("wizard-applicant", proposal), {"organisation": chosen.pk, "version": 1}
    )

    assert proposal.memberships.get(role=Role.APPLICANT).organisation == chosen


def test_applicant_step_creates_organisation_inline(coordinator_client, proposal, coordinator):
    data = {
        "create": "1",
        "version": 1,
        "new-legal_name": "Scuola Nuova",
        "new-country": "IT",
        "new-kind": "vet_provider",
        "new-pic": "949000123",
    }

    response = coordinator_client.post(url("wizard-applicant", proposal), data)

    applicant = proposal.memberships.get(role=Role.APPLICANT).organisation
    assert (applicant.legal_name, applicant.pic, applicant.created_by) == (
        "Scuola Nuova",
        "949000123",
        coordinator,
    )
    assert response.url == url("wizard-partners", proposal)


def test_applicant_inline_creation_refuses_known_pic_with_link(coordinator_client, proposal):
    known = OrganisationFactory(legal_name="Known Institute", pic="949000999")
    data = {
        "create": "1",
        "version": 1,
        "new-legal_name": "Copy",
        "new-country": "IT",
        "new-kind": "other",
        "new-pic": "949000999",
    }

    response = coordinator_client.post(url("wizard-applicant", proposal), data)

    link = f'<a href="/organisations/{known.pk}/">Known Institute</a>'
    assert response.context["new"].errors["pic"] == [f"PIC is already in the directory: {link}."]
    assert link in response.text


def test_applicant_inline_creation_asks_did_you_mean_then_accepts_confirmation(
    coordinator_client, proposal
):
    OrganisationFactory(legal_name="Scuola Vecchia", country="IT")
    data = {
        "create": "1",
        "version": 1,
        "new-legal_name": "scuola vecchia",
        "new-country": "IT",
        "new-kind": "vet_provider",
    }

    asked = coordinator_client.post(url("wizard-applicant", proposal), data)
    confirmed = coordinator_client.post(
        url("wizard-applicant", proposal), {**data, "new-confirm_new": "on"}
    )

    assert "Did you mean Scuola Vecchia?" in asked.text
    assert confirmed.status_code == 302
    assert proposal.memberships.get(role=Role.APPLICANT).organisation.legal_name == (
        "scuola vecchia"
    )


# Partners


def test_partners_step_saves_rows(coordinator_client, proposal, directory):
    rows = [
        (directory["IT", "enterprise"], Role.FULL_PARTNER),
        (directory["CH", "enterprise"], Role.ASSOCIATED_PARTNER),
    ]

    response = coordinator_client.post(
        url("wizard-partners", proposal), partner_data(proposal, rows)
    )

    assert response.url == url("wizard-review", proposal)
    assert [
        (m.organisation.legal_name, m.role)
        for m in proposal.memberships.exclude(role=Role.APPLICANT)
    ] == [("Enterprise IT", Role.FULL_PARTNER), ("Enterprise CH", Role.ASSOCIATED_PARTNER)]


def test_partners_step_flags_duplicate_and_applicant_rows_and_saves_nothing(
    coordinator_client, proposal, directory
):
    rows = [
        (directory["IT", "enterprise"], Role.FULL_PARTNER),
        (directory["IT", "enterprise"], Role.FULL_PARTNER),
        (directory["DE", "vet_provider"], Role.FULL_PARTNER),
    ]

    response = coordinator_client.post(
        url("wizard-partners", proposal), partner_data(proposal, rows)
    )

    assert [form.non_field_errors() for form in response.context["formset"]] == [
        [],
        ["Enterprise IT is already in row 1."],
        ["Vet_Provider DE is the applicant."],
    ]
    assert proposal.memberships.count() == 2


def test_partners_step_bad_email_is_shown_next_to_field(coordinator_client, proposal, directory):
    data = partner_data(proposal, [(directory["IT", "enterprise"], Role.FULL_PARTNER)])
    data["partners-0-contact_email"] = "not-an-email"

    response = coordinator_client.post(url("wizard-partners", proposal), data)

    assert response.context["formset"][0].errors == {
        "contact_email": ["Enter a valid email address."]
    }
    assert 'value="not-an-email"' in response.text


def test_partners_step_add_without_javascript_appends_unsaved_row(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, [(directory["FR", "enterprise"], Role.FULL_PARTNER)])

    response = coordinator_client.post(
        url("wizard-partners", proposal), {**data, "add": directory["IT", "enterprise"].pk}
    )

    assert [row.organisation.legal_name for row in response.context["rows"]] == [
        "Enterprise FR",
        "Enterprise IT",
    ]
    assert proposal.memberships.count() == 2


def test_partners_step_remove_deletes_membership(coordinator_client, proposal, directory):
    data = partner_data(proposal, [(directory["FR", "enterprise"], Role.FULL_PARTNER)])
    data["partners-0-DELETE"] = "on"

    coordinator_client.post(url("wizard-partners", proposal), data)

    assert list(proposal.memberships.values_list("role", flat=True)) == [Role.APPLICANT]


def test_partner_row_endpoint_returns_row_and_new_total(coordinator_client, proposal, directory):
    data = partner_data(proposal, [(directory["FR", "enterprise"], Role.FULL_PARTNER)])

    response = coordinator_client.post(
        url("partner-row", proposal),
        {**data, "add": directory["IT", "enterprise"].pk},
        HTTP_HX_REQUEST="true",
    )

    assert 'id="row-partners-1"' in response.text
    added = directory["IT", "enterprise"].pk
    assert f'name="partners-1-organisation" value="{added}"' in response.text
    assert re.search(
        r'name="partners-TOTAL_FORMS"[^>]*value="2"[^>]*hx-swap-oob="true"', response.text
    )
    assert response.headers["HX-Trigger-After-Swap"] == "partners-changed"


# The eligibility panel


def test_check_endpoint_reflects_unsaved_partners(coordinator_client, proposal, directory):
    rows = [(directory[c, "enterprise"], Role.FULL_PARTNER) for c in ("FR", "IT", "ES")]

    response = coordinator_client.post(
        url("eligibility-check", proposal, "partners"),
        partner_data(proposal, rows),
        HTTP_HX_REQUEST="true",
    )

    assert checks(response)["min_programme_countries"] is True
    assert "4 Programme countries, 4 needed" in response.text
    assert proposal.memberships.count() == 2


def test_check_endpoint_reflects_unsaved_project_changes(coordinator_client, proposal):
    proposal.duration_years = None
    proposal.save()

    before = coordinator_client.post(url("eligibility-check", proposal, "project"), {})
    after = coordinator_client.post(
        url("eligibility-check", proposal, "project"), {**PROJECT, "version": 1}
    )

    assert (checks(before)["duration"], checks(after)["duration"]) == (False, True)


def test_panel_heading_follows_an_unsaved_lot_switch(coordinator_client, proposal):
    lot_2 = Lot.objects.get(call__is_default=True, number=2)

    response = coordinator_client.post(url("eligibility-check", proposal, "lot"), {"lot": lot_2.pk})

    assert "Eligibility for Lot 2" in response.text
    assert "8 needed" in response.text
    assert Proposal.objects.get(pk=proposal.pk).lot.number == 1


def test_check_endpoint_for_unknown_step_is_404(coordinator_client, proposal):
    assert coordinator_client.post(url("eligibility-check", proposal, "nope")).status_code == 404


def test_panel_is_rendered_without_javascript_on_every_step(coordinator_client, proposal):
    for step in ("lot", "project", "applicant", "partners", "review"):
        response = coordinator_client.get(url(f"wizard-{step}", proposal))

        assert checks(response)["min_programme_countries"] is False, step


def test_gap_suggestions_close_missing_countries_sector_first(
    coordinator_client, proposal, directory
):
    metalwork = Sector.objects.get(code="25")
    in_sector = OrganisationFactory(legal_name="Zz Metalwork Academy", country="PT")
    in_sector.sectors.set([metalwork])
    proposal.sector = metalwork
    proposal.save()

    response = coordinator_client.get(url("wizard-partners", proposal))

    suggestions = [suggestion.organisation for suggestion in response.context["suggestions"]]
    assert len(suggestions) == 5
    assert suggestions[0] == in_sector
    present = {"DE", "FR"}
    assert all(str(o.country) not in present | {"CH", "AL"} for o in suggestions)
    assert len({str(o.country) for o in suggestions}) == 5


def test_no_suggestions_once_minima_are_met(coordinator_client, proposal, directory):
    for country in ("IT", "ES"):
        MembershipFactory(proposal=proposal, organisation=directory[country, "enterprise"])
    proposal.memberships.update(status="accepted")

    response = coordinator_client.get(url("wizard-partners", proposal))

    assert response.context["suggestions"] == []
    assert 'data-verdict="eligible"' in response.text


# Query counts


@pytest.fixture
def consortium_of(proposal):
    def build(partners):
        for number in range(partners):
            MembershipFactory(
                proposal=proposal,
                organisation=OrganisationFactory(country=["IT", "ES", "PL", "CH"][number % 4]),
                position=number + 2,
            )
        return proposal

    return build


@pytest.mark.parametrize("partners", [5, 40], ids=["5-partners", "40-partners"])
def test_partners_step_queries_do_not_grow_with_partners(
    coordinator_client, consortium_of, partners, django_assert_num_queries
):
    proposal = consortium_of(partners)

    with django_assert_num_queries(7):
        response = coordinator_client.get(url("wizard-partners", proposal))

    assert len(response.context["formset"].forms) == partners + 1


@pytest.mark.parametrize("partners", [5, 40], ids=["5-partners", "40-partners"])
def test_check_endpoint_queries_do_not_grow_with_partners(
    coordinator_client, consortium_of, partners, django_assert_num_queries
):
    proposal = consortium_of(partners)
    rows = [(m.organisation, m.role) for m in proposal.memberships.exclude(role=Role.APPLICANT)]

    with django_assert_num_queries(4):
        response = coordinator_client.post(
            url("eligibility-check", proposal, "partners"), partner_data(proposal, rows)
        )

    assert len(checks(response)) == 6


class FormNesting(HTMLParser):
    """The deepest nesting of <form> elements in a page (browsers ignore a nested form)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


@pytest.mark.parametrize("step", ["lot", "project", "applicant", "partners", "review"])
def test_wizard_pages_have_no_nested_forms(coordinator_client, proposal, step):
    parser = FormNesting()

    parser.feed(coordinator_client.get(url(f"wizard-{step}", proposal)).text)

    assert parser.deepest == 1


def test_wizard_saves_are_in_the_proposal_history(coordinator_client, proposal):
    coordinator_client.post(
        reverse("consortia:wizard-project", args=[proposal.pk]),
        {
            "title": "Changed in the wizard",
            "acronym": "HIST",
            "sector": "25",
            "duration_years": "2",
            "version": 1,
        },
    )

    latest = proposal.history.first()
    assert (latest.acronym, latest.history_user) == ("HIST", proposal.owner)


@pytest.mark.parametrize("partners", [1, 3], ids=["1-partner", "3-partners"])
@pytest.mark.parametrize(
    ("step", "queries"),
    [("lot", 10), ("project", 7), ("applicant", 7), ("review", 10)],
)
def test_step_pages_queries_do_not_grow_with_partners(
    coordinator_client, consortium_of, partners, step, queries, django_assert_num_queries
):
    proposal = consortium_of(partners)
    proposal.lot = Lot.objects.get(call__is_default=True, number=3)  # a gap either way
    proposal.save()

    with django_assert_num_queries(queries):
        response = coordinator_client.get(url(f"wizard-{step}", proposal))

    assert len(response.context["suggestions"]) == 5


@pytest.mark.parametrize("value", ["abc", "", "999999"], ids=["text", "empty", "unknown"])
def test_adding_a_bad_organisation_id_is_404(coordinator_client, proposal, value):
    row = coordinator_client.post(url("partner-row", proposal), {"add": value})
    linked = coordinator_client.get(url("wizard-partners", proposal), {"add": value or "x"})

    assert (row.status_code, linked.status_code) == (404, 404)

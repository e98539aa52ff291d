"""The rows of the partners and review steps, written out by hand for speed: the same names,
ids, values and errors as Django's widgets would give, and queries that do not grow with the
rows; the blank directory entry form rendered once (``{% crispy_blank %}``)."""

from html.parser import HTMLParser

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from consortia.forms import OrganisationForm
from consortia.templatetags.blank_forms import crispy_blank
from lots.choices import Role
from lots.models import Sector
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FIELDS = ("organisation", "DELETE", "role", "contact_email", "contact_name", "contact_language")


class Controls(HTMLParser):
    """Each form control of a page by name: its tag and the attributes that the formset and
    the browser read (type, id, value, checked), the selected option of a select, and every
    label's ``for``; ``attributes``: all the attributes of each control, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: dict[str, dict[str, str | None]] = {}
        self.attributes: dict[str, dict[str, str | None]] = {}
        self.labels: set[str] = set()
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("input", "select") and found.get("name"):
            self.attributes[found["name"]] = found
            kept = {key: found.get(key) for key in ("type", "id", "value") if key in found}
            if found.get("type") in ("text", "email"):
                kept["value"] = found.get("value") or ""  # no value and value="" submit the same
            self.controls[found["name"]] = {"tag": tag, **kept, "checked": "checked" in found}
            self.select = found["name"] if tag == "select" else None
        elif tag == "option" and self.select and "selected" in found:
            self.controls[self.select]["value"] = found["value"]
        elif tag == "label" and found.get("for"):
            self.labels.add(found["for"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def controls(html):
    parser = Controls()
    parser.feed(html)
    return parser


def widget_controls(formset):
    """What Django's own widgets render for the formset's row fields."""
    html = "".join(str(form[name]) for form in formset for name in FIELDS)
    return {
        name: control
        for name, control in controls(html).controls.items()
        if name.startswith("partners-")
    }


def page_controls(response):
    return {
        name: control
        for name, control in controls(response.text).controls.items()
        if name.startswith("partners-") and not name.endswith("_FORMS")
    }


def test_partners_rows_have_the_widgets_names_ids_and_values(coordinator_client, proposal):
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(country="IT"),
        role=Role.ASSOCIATED_PARTNER,
        contact_name="Ada <Lovelace>",
        position=2,
    )

    response = coordinator_client.get(reverse("consortia:wizard-partners", args=[proposal.pk]))

    expected = widget_controls(response.context["formset"])
    assert len(expected) == 2 * len(FIELDS)
    assert page_controls(response) == expected
    ids = {control["id"] for control in expected.values() if control.get("type") != "hidden"}
    assert ids <= controls(response.text).labels


def test_partners_rows_keep_posted_values_removals_and_errors(
    coordinator_client, proposal, directory
):
    italian = directory["IT", "enterprise"]
    data = {
        "version": proposal.version,
        "partners-TOTAL_FORMS": 2,
        "partners-INITIAL_FORMS": 0,
        "partners-0-organisation": italian.pk,
        "partners-0-role": Role.FULL_PARTNER,
        "partners-0-contact_email": "not an email",
        "partners-1-organisation": directory["FR", "enterprise"].pk,
        "partners-1-role": Role.ASSOCIATED_PARTNER,
        "partners-1-DELETE": "on",
        "next": "1",
    }

    response = coordinator_client.post(
        reverse("consortia:wizard-partners", args=[proposal.pk]), data
    )

    assert page_controls(response) == widget_controls(response.context["formset"])
    email = controls(response.text).attributes["partners-0-contact_email"]
    assert (email["id"], email["aria-invalid"], email["aria-describedby"]) == (
        "id_partners-0-contact_email",
        "true",
        "id_partners-0-contact_email_error",
    )
    assert "is-invalid" in email["class"].split()
    assertInHTML(
        '<div class="invalid-feedback" id="id_partners-0-contact_email_error">'
        "Enter a valid email address.</div>",
        response.text,
    )
    rows = response.text.split('class="partner-row')[1:]
    assert rows[1].startswith(' partner-row-removed"')
    assert page_controls(response)["partners-1-DELETE"]["checked"] is True


@pytest.fixture
def consortium_of(proposal):
    """The draft with ``partners`` more partners, every one with a contact, every other one
    invited: the review then shows both kinds of row actions."""

    def build(partners):
        for number in range(partners - 1):
            MembershipFactory(
                proposal=proposal,
                organisation=OrganisationFactory(country=["IT", "ES", "PL", "CH"][number % 4]),
                position=number + 2,
                contact_email=f"contact{number}@example.org",
                status="invited" if number % 2 else "to_invite",
            )
        return proposal

    return build


@pytest.mark.parametrize("partners", [5, 40], ids=["5-partners", "40-partners"])
def test_review_step_queries_do_not_grow_with_partners(
    coordinator_client, consortium_of, partners, django_assert_num_queries
):
    proposal = consortium_of(partners)

    with django_assert_num_queries(8):
        response = coordinator_client.get(reverse("consortia:wizard-review", args=[proposal.pk]))

    assert response.text.count("<tr data-member=") == partners + 1


def test_blank_form_renders_as_crispy_does():
    rendered = crispy_blank(OrganisationForm(prefix="new"))

    assert rendered == render_crispy_form(OrganisationForm(prefix="new"))


def test_blank_form_shows_a_sector_added_after_it_was_rendered():
    crispy_blank(OrganisationForm(prefix="new"))
    Sector.objects.create(code="ZZ", name="Sector added later", level=Sector.Level.SECTION)

    rendered = crispy_blank(OrganisationForm(prefix="new"))

    assert "Sector added later</option>" in rendered


def test_blank_form_tag_renders_a_bound_form_with_its_errors():
    crispy_blank(OrganisationForm(prefix="new"))

    rendered = crispy_blank(OrganisationForm({"new-country": "DE"}, prefix="new"))

    assert "This field is required." in rendered
    assert '<option value="DE" selected>' in rendered

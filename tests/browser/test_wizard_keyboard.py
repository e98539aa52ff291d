"""The wizard with the keyboard alone, in Chromium: from the dashboard through lot, project,
applicant and partners (search, add from the directory, add a gap suggestion, remove) to the
review, with a validation error round; after every key, the focus is somewhere useful, never
on <body>. Then the steps' WCAG 2.1 AA violations (axe) in English, French and German, and
their reflow at 320 px."""

import re

import pytest
from playwright.sync_api import expect

from consortia.models import Proposal
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import three_partner_draft
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ["en", "fr", "de"]

# What a screen reader would say of the focused element, near enough to assert: its id, tag,
# role, name (aria-label, aria-labelledby, its <label> or its text), aria-invalid and the
# legend of the group it is in. null when the focus is on <body>.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const text = (node) => (node ? node.textContent : "").replace(/\\s+/g, " ").trim();
  const byIds = (ids) => ids.split(" ").map((id) => text(document.getElementById(id))).join(" ");
  const labelledBy = e.getAttribute("aria-labelledby");
  const name = e.getAttribute("aria-label") || (labelledBy && byIds(labelledBy))
    || (e.labels && e.labels.length ? text(e.labels[0]) : "") || text(e);
  const group = e.closest("fieldset");
  const legend = group && group.querySelector(":scope > legend");
  return {id: e.id, tag: e.tagName.toLowerCase(), role: e.getAttribute("role") || "",
          name: name.trim(), invalid: e.getAttribute("aria-invalid"), group: text(legend)};
}"""


def focused(page):
    focus = page.evaluate(FOCUSED)
    assert focus is not None, "the focus is on <body>"
    return focus


def press(page, key):
    page.keyboard.press(key)
    return focused(page)


def tab_to(page, wanted, key="Tab", limit=80):
    """Press Tab (or ``key``) until the focused element is the one ``wanted`` accepts; the
    focus is never on <body> on the way."""
    for _ in range(limit):
        focus = press(page, key)
        if wanted(focus):
            return focus
    raise AssertionError(f"{key} never reached the element wanted; last: {focus}")


@pytest.fixture
def directory():
    return {
        name: OrganisationFactory(legal_name=name, country=country, kind=kind, size=size)
        for name, country, kind, size in [
            ("Berlin Welding School", "DE", "vet_provider", ""),
            ("Lyon Metal SAS", "FR", "enterprise", "small"),
            ("Torino Chamber of Crafts", "IT", "chamber", ""),
            ("Bilbao Training Centre", "ES", "vet_provider", ""),
        ]
    }


def test_whole_wizard_with_the_keyboard_alone(page, live_server, sign_in, directory):
    user = sign_in()

    # Dashboard -> new proposal: Lot 1's radio is named by its lot alone.
    tab_to(page, lambda f: f["tag"] == "a" and f["name"] == "New proposal")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/proposals/new/$"))
    radio = tab_to(page, lambda f: f["id"] == "id_lot_0")
    assert radio["name"] == (
        "Lot 1: Sectoral approaches through transnational Platforms of vocational excellence"
    )
    assert radio["group"] == "Choose the lot you apply to"
    page.keyboard.press("Space")
    expect(page.locator("#id_lot_0")).to_be_checked()
    tab_to(page, lambda f: f["name"] == "Start the proposal")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/project/$"))
    proposal = Proposal.objects.get(owner=user)

    # Project, with a validation error: the title left empty.
    assert page.title() == "Project - New proposal - Consortium Portal"
    tab_to(page, lambda f: f["id"] == "id_acronym")
    page.keyboard.type("KEYS")
    assert press(page, "Tab")["id"] == "id_sector"
    page.keyboard.type("25")
    assert press(page, "Tab")["id"] == "id_occupational_profiles"
    duration = press(page, "Tab")
    assert (duration["tag"], duration["group"]) == ("input", "Duration*")
    assert press(page, "ArrowDown")["name"] == "3 years"
    expect(page.get_by_label("3 years")).to_be_checked()
    tab_to(page, lambda f: f["name"] == "Save and continue")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()

    summary = focused(page)
    assert (summary["id"], summary["tag"]) == ("error-summary", "section")
    assert page.title() == "Project (1 error) - New proposal - Consortium Portal"
    link = press(page, "Tab")
    assert link == {**link, "tag": "a", "name": "Title: This field is required."}
    title = press(page, "Enter")
    assert (title["id"], title["invalid"]) == ("id_title", "true")
    assert page.locator("#id_title").get_attribute("aria-describedby") == "id_title_error"
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/applicant/$"))
    assert page.title() == "Applicant - KEYS - Consortium Portal"

    # Applicant: search, then choose the result with Space.
    tab_to(page, lambda f: f["id"] == "applicant-search-input")
    page.keyboard.type("Berlin")
    result = page.locator("#applicant-results input[type=radio]")
    expect(result).to_have_count(1)
    choice = press(page, "Tab")
    assert choice["name"].startswith("Berlin Welding School")
    page.keyboard.press("Space")
    expect(result).to_be_checked()
    tab_to(page, lambda f: f["name"] == "Save and continue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partners/$"))
    assert page.title() == "Partners - KEYS - Consortium Portal"

    # Partners: add from the directory; the focus lands on the new row, named by its group.
    tab_to(page, lambda f: f["id"] == "partner-search-input")
    page.keyboard.type("Lyon")
    expect(page.locator("#partner-results button")).to_have_count(1)
    assert press(page, "Tab")["name"] == "Add Lyon Metal SAS"
    page.keyboard.press("Enter")
    expect(page.locator("#id_partners-0-role")).to_be_focused()
    row = focused(page)
    assert (row["name"], row["group"]) == ("Role", "Lyon Metal SAS (FR)")
    email = press(page, "Tab")
    assert (email["name"], email["group"]) == ("Contact email", "Lyon Metal SAS (FR)")
    page.keyboard.type("contact@lyon.example.org")

    # A gap suggestion of the eligibility panel: added, the focus goes to its new row.
    suggestion = tab_to(
        page, lambda f: f["name"].startswith("Add ") and "as a partner" in f["name"]
    )
    name = re.match(r"Add (.+) as a partner", suggestion["name"]).group(1)
    page.keyboard.press("Enter")
    expect(page.locator("#id_partners-1-role")).to_be_focused()
    assert focused(page)["group"].startswith(f"{name} (")
    expect(page.locator("#eligibility-panel")).not_to_contain_text(f"Add {name} as a partner")
    assert focused(page)["id"] == "id_partners-1-role"

    # Remove it again: the focus goes to the search box.
    remove = press(page, "Shift+Tab")
    assert remove["name"] == f"Remove {name}"
    page.keyboard.press("Enter")
    expect(page.locator("#partner-search-input")).to_be_focused()

    tab_to(page, lambda f: f["name"] == "Save and continue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/review/$"))
    assert [
        (m.organisation.legal_name, m.contact_email)
        for m in proposal.memberships.order_by("position")
    ] == [("Berlin Welding School", user.email), ("Lyon Metal SAS", "contact@lyon.example.org")]


@pytest.fixture
def draft(page, live_server, sign_in):
    """A Lot 1 draft with three partners, its coordinator signed in."""
    proposal = three_partner_draft("WELD")
    sign_in(proposal.owner)
    return proposal


def in_each_language(page, live_server, url, prepare=None):
    """axe's violations of ``url`` in English, French and German (the language cookie, then a
    reload), after ``prepare(page)`` if given."""
    found = {}
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}{url}")
        if prepare:
            prepare(page)
        assert page.evaluate("document.documentElement.scrollWidth") > 0
        found[language] = axe_violations(page)
    return found


NONE = {language: [] for language in LANGUAGES}


@pytest.mark.parametrize("step", ["lot", "project", "applicant", "partners"])
def test_step_has_no_axe_violations_in_any_language(page, live_server, draft, step):
    assert in_each_language(page, live_server, f"/proposals/{draft.pk}/{step}/") == NONE


def test_new_proposal_page_has_no_axe_violations_in_any_language(page, live_server, draft):
    assert in_each_language(page, live_server, "/proposals/new/") == NONE


def submit_bad_emails(page):
    page.locator("#id_partners-0-contact_email").fill("not an email")
    page.locator("#id_partners-2-contact_email").fill("nor this")
    page.locator("#wizard-form .step-actions button[name=next]").click()
    expect(page.locator("#error-summary")).to_be_focused()


def test_partners_step_with_errors_has_no_axe_violations_in_any_language(page, live_server, draft):
    url = f"/proposals/{draft.pk}/partners/"

    found = in_each_language(page, live_server, url, submit_bad_emails)

    assert found == NONE


def test_partners_errors_are_summarised_and_tied_to_their_fields(page, live_server, draft):
    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")

    submit_bad_emails(page)

    assert page.title() == "Partners (2 errors) - WELD - Consortium Portal"
    links = page.locator("#error-summary a")
    expect(links).to_have_text(
        [
            "Lyon Metal, Contact email: Enter a valid email address.",
            "Bilbao Centre, Contact email: Enter a valid email address.",
        ]
    )
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "#id_partners-0-contact_email",
        "#id_partners-2-contact_email",
    ]
    field = page.get_by_role("group", name="Bilbao Centre (ES)").get_by_label("Contact email")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description("Enter a valid email address.")
    links.nth(1).click()
    expect(field).to_be_focused()


@pytest.mark.parametrize("step", ["lot", "project", "applicant", "partners"])
def test_step_reflows_at_320_px_without_sideways_scrolling(page, live_server, draft, step):
    page.set_viewport_size({"width": 320, "height": 640})
    page.context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])

    page.goto(f"{live_server.url}/proposals/{draft.pk}/{step}/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "fr",
            {
                "heading": "Les partenaires",
                "role": "Rôle",
                "email": "Adresse électronique du contact",
                "language": "Langue de l'invitation",
                "next": "Enregistrer et continuer",
                "back": "Enregistrer et revenir",
                "title": "Partenaires - WELD - Consortium Portal",
            },
        ),
        (
            "de",
            {
                "heading": "Die Partner",
                "role": "Rolle",
                "email": "E-Mail-Adresse der Kontaktperson",
                "language": "Sprache der Einladung",
                "next": "Speichern und weiter",
                "back": "Speichern und zurück",
                "title": "Partner - WELD - Consortium Portal",
            },
        ),
    ],
    ids=["fr", "de"],
)
def test_partners_step_speaks_the_users_language(page, live_server, draft, language, texts):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")

    assert page.title() == texts["title"]
    expect(page.get_by_role("heading", name=texts["heading"])).to_be_visible()
    row = page.get_by_role("group", name="Lyon Metal (FR)")
    expect(row.get_by_label(texts["role"], exact=True)).to_have_value("full_partner")
    expect(row.get_by_label(texts["email"])).to_have_value("contact@fr.example.org")
    expect(row.get_by_label(texts["language"])).to_have_value("")
    expect(page.get_by_role("button", name=texts["next"], exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=texts["back"])).to_be_visible()
    page.screenshot(path=f"test-results/partners-{language}.png", full_page=True)


def test_partner_added_twice_moves_the_focus_to_the_refusal(page, live_server, draft):
    page.goto(f"{live_server.url}/proposals/{draft.pk}/partners/")
    tab_to(page, lambda f: f["id"] == "partner-search-input")
    page.keyboard.type("Lyon")
    expect(page.locator("#partner-results button")).to_have_count(1)

    assert press(page, "Tab")["name"] == "Add Lyon Metal"
    page.keyboard.press("Enter")

    message = page.locator("#partner-status-message")
    expect(message).to_be_focused()
    expect(message).to_have_text("Lyon Metal is already a partner (row 1).")
    expect(page.locator(".partner-row")).to_have_count(3)

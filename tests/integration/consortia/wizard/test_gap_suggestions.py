"""The panel's "Organisations that would close the gap": who is suggested, in which order, and
what each would add, as the coordinator reads it on the wizard's pages."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from lots.choices import Role
from lots.models import CompositionRequirement, Sector
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


class SuggestionLines(HTMLParser):
    """The text lines of each rendered suggestion: name, country and kind, what it adds."""

    def __init__(self):
        super().__init__()
        self.rows = []
        self.in_suggestion = self.in_text = False

    def handle_starttag(self, tag, attrs):
        if tag == "li" and "data-suggestion" in dict(attrs):
            self.in_suggestion = True
        elif tag == "span" and self.in_suggestion:
            self.in_text = True
            self.rows.append([""])
        elif tag == "br" and self.in_text:
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "span":
            self.in_text = False
        elif tag == "li":
            self.in_suggestion = False

    def handle_data(self, data):
        if self.in_text:
            self.rows[-1][-1] += data


def suggested(response):
    parser = SuggestionLines()
    parser.feed(response.content.decode())
    return [[" ".join(line.split()) for line in row] for row in parser.rows]


def names(response):
    return [row[0] for row in suggested(response)]


def organisation(name, country, kind="enterprise", sectors=()):
    created = OrganisationFactory(
        legal_name=name, country=country, kind=kind, size="small" if kind == "enterprise" else ""
    )
    created.sectors.set(Sector.objects.filter(code__in=sectors))
    return created


@pytest.fixture
def draft(coordinator, lot_1):
    """A Lot 1 draft in NACE 25 (4 Programme countries and, here, 2 VET providers needed): a
    German VET provider applies with a French enterprise; an Italian VET provider in the sector
    is an associated partner. Two countries and one VET provider short."""
    CompositionRequirement.objects.create(
        lot=lot_1, slug="vet", label="VET providers", min_count=2, kinds=["vet_provider"]
    )
    proposal = ProposalFactory(owner=coordinator, lot=lot_1, sector=Sector.objects.get(code="25"))
    for position, (name, country, kind, role) in enumerate(
        [
            ("Applicant VET", "DE", "vet_provider", Role.APPLICANT),
            ("Partner Metal", "FR", "enterprise", Role.FULL_PARTNER),
            ("Associate VET", "IT", "vet_provider", Role.ASSOCIATED_PARTNER),
        ]
    ):
        MembershipFactory(
            proposal=proposal,
            organisation=organisation(name, country, kind, sectors=["25"]),
            role=role,
            position=position,
        )
    return proposal


@pytest.fixture
def candidates():
    """Directory organisations outside the draft: in the sector or not, closing 0, 1 or 2 gaps."""
    return {
        name: organisation(name, country, kind, sectors)
        for name, country, kind, sectors in [
            ("Zinc Works", "PT", "enterprise", ["25"]),
            ("Bilbao VET", "ES", "vet_provider", []),
            ("Alpine Metal", "AT", "enterprise", []),
            ("Bakery Graz", "AT", "enterprise", ["10"]),
            ("Berlin VET", "DE", "vet_provider", []),
            ("Paris Chamber", "FR", "chamber", ["25"]),
            ("Geneva Guidance", "CH", "guidance_service", ["25"]),
        ]
    }


def partners_page(client, proposal):
    return client.get(reverse("consortia:wizard-partners", args=[proposal.pk]))


def test_suggestions_rank_sector_then_gaps_closed_then_countries_then_name(
    coordinator_client, draft, candidates
):
    """Zinc Works, in the sector, before Bilbao VET, which closes two gaps; Bilbao VET before
    those closing one; Berlin VET before Bakery Graz, Austria's second candidate."""
    response = partners_page(coordinator_client, draft)

    assert names(response) == [
        "Zinc Works",
        "Bilbao VET",
        "Alpine Metal",
        "Berlin VET",
        "Bakery Graz",
    ]


def test_suggestions_say_what_each_adds(coordinator_client, draft, candidates):
    response = partners_page(coordinator_client, draft)

    assert suggested(response) == [
        ["Zinc Works", "Portugal · Enterprise", "Adds Portugal, a 3rd Programme country."],
        [
            "Bilbao VET",
            "Spain · VET provider",
            "Adds Spain, a 3rd Programme country; a 2nd VET provider.",
        ],
        ["Alpine Metal", "Austria · Enterprise", "Adds Austria, a 3rd Programme country."],
        ["Berlin VET", "Germany · VET provider", "Adds a 2nd VET provider."],
        ["Bakery Graz", "Austria · Enterprise", "Adds Austria, a 3rd Programme country."],
    ]


def check_with_rows(client, proposal, rows):
    """The panel for the partners step with these unsaved (organisation, role) rows."""
    data = {"version": proposal.version, "partners-TOTAL_FORMS": len(rows)}
    data["partners-INITIAL_FORMS"] = 0
    for index, (member, role) in enumerate(rows):
        data |= {
            f"partners-{index}-organisation": member.pk,
            f"partners-{index}-role": role,
            f"partners-{index}-contact_email": f"contact{index}@example.org",
        }
    return client.post(reverse("consortia:eligibility-check", args=[proposal.pk, "partners"]), data)


def saved_rows(proposal):
    return [(m.organisation, m.role) for m in proposal.memberships.exclude(role=Role.APPLICANT)]


def test_suggestions_follow_unsaved_partner_rows(coordinator_client, draft, candidates):
    """The check endpoint counts the rows being edited: Bilbao VET, just added, is no longer
    suggested, closes the VET gap, and the next country becomes the 4th."""
    rows = [*saved_rows(draft), (candidates["Bilbao VET"], Role.FULL_PARTNER)]

    response = check_with_rows(coordinator_client, draft, rows)

    assert [(row[0], row[2]) for row in suggested(response)] == [
        ("Zinc Works", "Adds Portugal, a 4th Programme country."),
        ("Alpine Metal", "Adds Austria, a 4th Programme country."),
        ("Bakery Graz", "Adds Austria, a 4th Programme country."),
    ]


def test_suggestions_never_include_members(coordinator_client, draft, candidates):
    """Associate VET, in the sector and closing both gaps, is not suggested while it is in the
    consortium, and comes first once its row is removed."""
    member = draft.memberships.get(role=Role.ASSOCIATED_PARTNER).organisation

    kept = partners_page(coordinator_client, draft)
    removed = check_with_rows(
        coordinator_client, draft, [r for r in saved_rows(draft) if r[0] != member]
    )

    assert member.legal_name not in names(kept)
    assert suggested(removed)[0] == [
        "Associate VET",
        "Italy · VET provider",
        "Adds Italy, a 3rd Programme country; a 2nd VET provider.",
    ]


@pytest.mark.parametrize(
    ("sector", "expected"),
    [
        ("25", ["Delta Section C", "Gamma Division 25", "Alpha Education", "Beta Division 24"]),
        ("C", ["Beta Division 24", "Delta Section C", "Gamma Division 25", "Alpha Education"]),
        (None, ["Alpha Education", "Beta Division 24", "Delta Section C", "Gamma Division 25"]),
    ],
    ids=["division-takes-its-section", "section-takes-its-divisions", "no-sector"],
)
def test_suggestions_in_sector_means_sector_its_section_or_its_divisions(
    coordinator_client, coordinator, lot_1, sector, expected
):
    proposal = ProposalFactory(
        owner=coordinator, lot=lot_1, sector=Sector.objects.filter(code=sector).first()
    )
    MembershipFactory(
        proposal=proposal, organisation=organisation("Applicant", "DE"), role=Role.APPLICANT
    )
    for name, country, code in [
        ("Alpha Education", "AT", "85"),
        ("Beta Division 24", "BE", "24"),
        ("Gamma Division 25", "CZ", "25"),
        ("Delta Section C", "DK", "C"),
    ]:
        organisation(name, country, sectors=[code])

    response = partners_page(coordinator_client, proposal)

    assert names(response) == expected


@pytest.mark.parametrize("size", [5, 50], ids=["5-candidates", "50-candidates"])
def test_check_endpoint_queries_do_not_grow_with_directory(
    coordinator_client, draft, size, django_assert_num_queries
):
    for number in range(size):
        organisation(f"Candidate {number}", ["PT", "ES", "PL"][number % 3], sectors=["25"])

    # The project form reads the lot's sectors once, whatever the box holds; the suggestions
    # take two (a walk of the directory's indexes, then ranking what it found).
    with django_assert_num_queries(8):
        response = coordinator_client.post(
            reverse("consortia:eligibility-check", args=[draft.pk, "project"]),
            {"version": draft.version},
        )

    assert len(suggested(response)) == 5

"""Django admin at 1280 x 900 in Chromium: the lists fit the screen beside their filters (no
column cut off), and the home page's overview headers read on one line each; at 320 px the
home page's overview and a proposal's eligibility report still fit the screen."""

import pytest
from django.utils import timezone

from consortia.models import ExportJob, Invitation, Proposal, Submission
from lots.choices import Role
from lots.models import Lot
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("reference_data")

LONG_NAMES = [
    ("Berufsbildungszentrum Rhein-Ruhr für Metall- und Elektrotechnik", "DE"),
    ("Centro Integrado de Formación Profesional Bilbao Mecánica", "ES"),
    ("Camera di Commercio, Industria, Artigianato e Agricoltura di Brescia", "IT"),
    ("Fabryka Konstrukcji Stalowych Spółka z ograniczoną odpowiedzialnością", "PL"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def proposals():
    """Three proposals of one applicant with long names, two submitted, each with members,
    invitations and an export: every column of the lists has something long to show."""
    applicant = OrganisationFactory(legal_name=LONG_NAMES[0][0], country="DE")
    owner = UserFactory(email="coordinator.with.a.long.address@berufsbildungszentrum.example.de")
    for number, acronym in enumerate(["WELD-EXCELLENCE", "WELD-DIGITAL", "WELD-GREEN"]):
        proposal = ProposalFactory(
            acronym=acronym,
            title="Platform of vocational excellence for advanced welding and joining",
            owner=owner,
            lot=Lot.objects.get(call__is_default=True, number=1),
        )
        MembershipFactory(proposal=proposal, organisation=applicant, role=Role.APPLICANT)
        for position, (name, country) in enumerate(LONG_NAMES[1:], start=1):
            membership = MembershipFactory(
                proposal=proposal,
                organisation=OrganisationFactory(legal_name=name, country=country),
                position=position,
                status="accepted",
                contact_email=f"international.relations@{country.lower()}.example.org",
            )
            Invitation.objects.create(
                membership=membership,
                email=membership.contact_email,
                status="sent",
                attempts=1,
                sent_at=timezone.now(),
                expires_at=timezone.now(),
                responded_at=timezone.now(),
            )
        ExportJob.objects.create(proposal=proposal, format="xlsx", requested_by=owner)
        if number < 2:
            proposal.status = Proposal.Status.SUBMITTED
            proposal.submitted_at = timezone.now()
            proposal.save()
            Submission.objects.create(
                proposal=proposal,
                submitted_at=proposal.submitted_at,
                submitted_by=owner,
                snapshot={},
                sha256="0123456789abcdef" * 4,
            )


OVERFLOW = """() => {
    const results = document.querySelector('.results');
    const table = document.querySelector('#result_list');
    return {
        hiddenInResults: results.scrollWidth - results.clientWidth,
        tableRightOfResults:
            table.getBoundingClientRect().right - results.getBoundingClientRect().right,
        pageWiderThanScreen: document.documentElement.scrollWidth - window.innerWidth,
    };
}"""


@pytest.mark.parametrize(
    "model", ["proposal", "membership", "invitation", "organisation", "exportjob", "submission"]
)
def test_list_fits_1280_px_beside_its_filters(superuser, live_server, proposals, model):
    superuser.goto(f"{live_server.url}/admin/consortia/{model}/")

    overflow = superuser.evaluate(OVERFLOW)

    assert overflow["hiddenInResults"] <= 0, overflow
    assert overflow["tableRightOfResults"] <= 0, overflow
    assert overflow["pageWiderThanScreen"] <= 0, overflow


LINES_OF_HEADERS = """() => [...document.querySelectorAll('#review-overview thead th')].map(th => {
    const range = document.createRange();
    range.selectNodeContents(th);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return [th.textContent.trim(), lines.size];
})"""


def test_home_overview_headers_read_on_one_line(superuser, proposals):
    headers = superuser.evaluate(LINES_OF_HEADERS)

    assert headers == [
        ["Call, lot", 1], ["Status", 1], ["Proposals", 1],
        ["Status", 1], ["Proposals", 1],
        ["Review outcome (submitted)", 1], ["Proposals", 1],
    ]  # fmt: skip


def test_home_overview_fits_a_320_px_screen(superuser, proposals):
    """Admin's dashboard CSS keeps table cells on one line: the call and lot column pushed the
    overview (and the page) out of a phone's screen."""
    superuser.set_viewport_size({"width": 320, "height": 640})
    superuser.reload()

    overflow = superuser.evaluate("""() => ({
        page: document.documentElement.scrollWidth - window.innerWidth,
        overview: Math.max(...[...document.querySelectorAll('#review-overview table')].map(
            table => table.getBoundingClientRect().right)) - window.innerWidth,
    })""")

    assert overflow["page"] <= 0, overflow
    assert overflow["overview"] <= 0, overflow


def test_proposal_report_fits_a_320_px_screen(superuser, live_server, proposals):
    """Admin clips what a form row cannot hold: the report's columns, wider than a phone's
    screen, were cut off unread."""
    proposal = Proposal.objects.get(acronym="WELD-GREEN")
    superuser.set_viewport_size({"width": 320, "height": 640})
    superuser.goto(f"{live_server.url}/admin/consortia/proposal/{proposal.pk}/change/")

    right = superuser.evaluate("document.querySelector('#report').getBoundingClientRect().right")

    assert right <= 320

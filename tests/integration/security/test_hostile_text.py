"""Hostile text in every text field a user can fill (proposal, organisation, member, review,
decline reason) reaches every page as text: escaped in HTML, literal in the PDF, never markup;
emails are plain text."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consortia import services
from consortia.exports import FORMATS, sheet
from consortia.models import Invitation, Organisation, Proposal
from consortia.selectors import proposals_with_consortium
from tests.export_checks import pdf_text
from tests.integration.security.matrix import world

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
SVG = '"><svg onload=alert(1)>'  # fits the 30 characters of an acronym
TAGS = (SCRIPT, "<svg onload=alert(1)>")


@pytest.fixture
def hostile():
    people, values = world()
    proposal = Proposal.objects.get(pk=values["pk"])
    Proposal.objects.filter(pk=proposal.pk).update(
        title=SCRIPT, acronym=SVG, occupational_profiles=SCRIPT, review_comment=SCRIPT
    )
    Organisation.objects.filter(memberships__proposal=proposal).update(
        legal_name=SCRIPT + " Ltd", short_name=SVG, street=SCRIPT, city=SVG[:30]
    )
    proposal.memberships.update(contact_name=SCRIPT)
    Invitation.objects.update(decline_reason=SCRIPT)
    return people, values, proposal


def pages(values):
    """The pages that show the proposal, its members or its organisations, by role."""
    pk, organisation = values["pk"], values["organisation"]
    owner = [
        reverse(f"consortia:wizard-{step}", args=[pk])
        for step in ("lot", "project", "applicant", "partners", "review")
    ] + [
        reverse("consortia:dashboard"),
        reverse("consortia:members-panel", args=[pk]),
        reverse("consortia:organisation-detail", args=[organisation]),
        reverse("consortia:organisation-edit", args=[organisation]),
        reverse("consortia:organisation-list") + "?q=Ltd",
        reverse("consortia:partner-search", args=[pk]) + "?q=Ltd",
        reverse("consortia:export-job", args=[values["job_id"]]),
    ]
    return {
        "owner": owner,
        "accepted_partner": [reverse("consortia:proposal-detail", args=[pk])],
        "superuser": [
            reverse("admin:consortia_proposal_changelist"),
            reverse("admin:consortia_proposal_change", args=[pk]),
            reverse("admin:consortia_organisation_changelist"),
            reverse("admin:consortia_organisation_change", args=[organisation]),
        ],
        "anonymous": [reverse("consortia:invitation", args=[values["token"]])],
    }


def test_every_page_shows_hostile_text_escaped(hostile):
    people, values, _ = hostile
    shown = 0
    for role, urls in pages(values).items():
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not any(tag in html for tag in TAGS), url
            shown += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown > 20  # the text was there, escaped, on the pages


def test_pdf_prints_hostile_text_as_text_and_json_keeps_it(hostile):
    _, _, proposal = hostile
    export = sheet(proposals_with_consortium().get(pk=proposal.pk))

    text = pdf_text(FORMATS["pdf"].render(export, lambda percent: None))
    data = FORMATS["json"].render(export, lambda percent: None).decode()

    assert SCRIPT in text.replace("\n", "")
    assert '\\"><svg onload=alert(1)>' in data  # a JSON string, for a program to read


@pytest.mark.usefixtures("hostile")
def test_emails_are_plain_text_with_hostile_names(settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    services.notify_coordinator(invitation_id=Invitation.objects.get().pk, event="declined")

    (notice,) = mail.outbox
    assert notice.content_subtype == "plain"
    assert not getattr(notice, "alternatives", [])
    assert SCRIPT in notice.body

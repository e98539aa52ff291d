"""'social_partner', retired: a proposal submitted before the split still reads "Social
partner", exports and counts as its organisation's new kind; an old export file imports."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consortia import services, snapshots
from consortia.exports.schema import ProposalExport
from consortia.models import Organisation, Proposal, Submission
from lots.choices import Role
from lots.models import CompositionRequirement
from tests.export_checks import pdf_text
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SOCIAL = ["employers_organisation", "trade_union"]


@pytest.fixture
def partner():
    return UserFactory()


@pytest.fixture
def submitted_before_split(proposal, directory, coordinator, partner):
    """Submitted with an employers' organisation that the snapshot, as a proposal submitted
    before the split kept it, calls a social partner; the lot asks for one of the two kinds,
    as the migration rewrote its rule that asked for a social partner."""
    CompositionRequirement.objects.create(
        lot=proposal.lot, slug="social", label="social partners", min_count=1, kinds=SOCIAL
    )
    industry = OrganisationFactory(
        legal_name="Confindustria Brescia", country="IT", kind="employers_organisation"
    )
    MembershipFactory(proposal=proposal, organisation=industry, contact_user=partner, position=2)
    MembershipFactory(proposal=proposal, organisation=directory["ES", "enterprise"], position=3)
    proposal.memberships.exclude(role=Role.APPLICANT).update(status="accepted")
    submission = services.submit_proposal(proposal=proposal, by=coordinator)
    snapshot = submission.snapshot
    for member in snapshot["members"]:
        if member["organisation"] == "Confindustria Brescia":
            member["kind"] = "social_partner"
    for rule in snapshot["rules"]["compositions"]:
        rule["kinds"] = ["social_partner"]
    Submission.objects.filter(pk=submission.pk).update(
        snapshot=snapshot, sha256=snapshots.sha256(snapshot)
    )
    return Proposal.objects.get(pk=proposal.pk)


def test_partner_page_reads_social_partner_and_counts_it(client, submitted_before_split, partner):
    client.force_login(partner)

    response = client.get(reverse("consortia:proposal-detail", args=[submitted_before_split.pk]))

    rows = [
        (m.organisation.legal_name, m.organisation.get_kind_display())
        for m in response.context["proposal"].memberships.all()
    ]
    assert ("Confindustria Brescia", "Social partner") in rows
    assert ">Social partner</td>" in response.text
    assert response.context["report"].get("composition:social").passed is True


def export(proposal, by, format):
    job = services.request_export(proposal=proposal, format=format, by=by)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    with job.file.open("rb") as file:
        return job.status, file.read()


def test_json_export_keeps_the_submitted_kind_and_counts_it(submitted_before_split, coordinator):
    status, content = export(submitted_before_split, coordinator, "json")

    document = json.loads(content)
    kinds = {
        m["organisation"]["legal_name"]: m["organisation"]["kind"] for m in document["members"]
    }
    checks = {check["code"]: check["passed"] for check in document["eligibility"]["checks"]}
    assert (status, kinds["Confindustria Brescia"], checks["composition:social"]) == (
        "done",
        "social_partner",
        True,
    )


def test_xlsx_and_pdf_exports_read_social_partner(submitted_before_split, coordinator):
    xlsx_status, xlsx = export(submitted_before_split, coordinator, "xlsx")
    pdf_status, pdf = export(submitted_before_split, coordinator, "pdf")

    rows = load_workbook(io.BytesIO(xlsx))["Participants"].iter_rows(min_row=2, values_only=True)
    kinds = {row[0]: row[7] for row in rows}
    text = " ".join(pdf_text(pdf).split())
    assert (xlsx_status, pdf_status) == ("done", "done")
    assert kinds["Confindustria Brescia"] == "Social partner"
    assert "Confindustria Brescia — — Italy Social partner Full partner" in text
    assert "by country and kind Enterprise VET provider Social partner" in text  # the legend


def member(legal_name, kind, country="FR"):
    return {
        "role": "full_partner",
        "organisation": {"legal_name": legal_name, "country": country, "kind": kind},
    }


def test_import_of_an_old_file_gives_new_organisations_the_kind_their_name_says(
    proposal, coordinator
):
    document = {
        "format": "consortium-portal/proposal",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "lot": {"call": proposal.lot.call.slug, "number": proposal.lot.number},
        "project": {"acronym": "OLD"},
        "members": [
            {
                "role": "applicant",
                "organisation": {"legal_name": "École Dupont", "country": "FR", "kind": "other"},
            },
            member("Fédération des syndicats de la métallurgie", "social_partner"),
            member("Union des industries et métiers de la métallurgie", "social_partner"),
            member("Vet_Provider DE", "social_partner", country="DE"),
        ],
    }

    copy = services.import_proposal(data=ProposalExport.model_validate(document), by=coordinator)

    assert [(m.organisation.legal_name, m.organisation.kind) for m in copy.memberships.all()] == [
        ("École Dupont", "other"),
        ("Fédération des syndicats de la métallurgie", "trade_union"),
        ("Union des industries et métiers de la métallurgie", "employers_organisation"),
        ("Vet_Provider DE", "vet_provider"),
    ]
    assert Organisation.objects.filter(kind="social_partner").count() == 0

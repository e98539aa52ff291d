"""Exports: each format's content, the job's life (progress, failure, retry, timeout), the
private download and who may have it, the JSON schema and the import."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from consortia import services
from consortia.exceptions import NotAllowed
from consortia.exports.schema import ProposalExport
from consortia.models import ExportJob, Membership, Organisation, Proposal
from consortia.tasks import run_export_task
from lots.choices import Role
from lots.models import Call, Lot
from outbox.models import Intent
from tests.conftest import published
from tests.export_checks import check_pdf, check_xlsx, pdf_text
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium(proposal, directory):
    """The draft with named partners (one accepted, with mandate) and an associated one."""
    italy = MembershipFactory(
        proposal=proposal,
        organisation=directory["IT", "enterprise"],
        contact_email="it@example.org",
        status="accepted",
        mandate_version="1",
        mandate_confirmed_at=timezone.now(),
        mandate_confirmed_by=UserFactory(username="anna7", email="anna@it.example.org"),
    )
    MembershipFactory(
        proposal=proposal,
        organisation=directory["CH", "vet_provider"],
        role=Role.ASSOCIATED_PARTNER,
        contact_email="ch@example.org",
    )
    Organisation.objects.filter(pk=italy.organisation_id).update(pic="949111222", oid="E11122233")
    return proposal


def export(proposal, by, format, language=None):
    job = services.request_export(proposal=proposal, format=format, by=by, language=language)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    return job


def content(job):
    with job.file.open("rb") as file:
        return file.read()


def member_names(proposal):
    return [m.organisation.legal_name for m in proposal.memberships.all()]


def test_import_creates_organisations_missing_from_directory(consortium, coordinator):
    document = json.loads(content(export(consortium, coordinator, "json")))
    document["members"][1]["organisation"].update(legal_name="Brand New GmbH", pic=None, oid=None)

    copy = services.import_proposal(
        data=ProposalExport.model_validate(document), lot=consortium.lot, by=coordinator
    )

    assert Organisation.objects.get(legal_name="Brand New GmbH").created_by == coordinator
    assert copy.memberships.filter(organisation__legal_name="Brand New GmbH").exists()


# What people read in the files


def test_german_users_pdf_has_german_labels_dates_and_numbers(consortium, coordinator):
    Proposal.objects.filter(pk=consortium.pk).update(requested_grant_eur=1234567)
    consortium.refresh_from_db()

    job = export(consortium, coordinator, "pdf", language="de")

    assert job.language == "de"
    text = " ".join(pdf_text(content(job)).split())
    assert "Zusammensetzung: Antragsteller und Vollpartner nach Land und Art" in text
    assert "Teilnehmende Organisationen" in text
    assert "Finanzhilfe 1.234.567 EUR" in text  # "Beantragte EU-Finanzhilfe", may wrap
    assert "Laufzeit 3 Jahre" in text
    assert "Seite 1 von" in text
    assert "Composition: full participants" not in text
    with translation.override("de"):
        stamp = date_format(timezone.localtime(job.created_at), "DATE_FORMAT")
    assert stamp in text  # "30. November 2026": the footer's export date


def test_german_users_xlsx_has_german_labels_real_dates_and_numbers(consortium, coordinator):
    workbook = load_workbook(io.BytesIO(content(export(consortium, coordinator, "xlsx", "de"))))

    assert workbook.sheetnames == ["Antrag", "Teilnehmende Organisationen", "Förderfähigkeit"]
    participants = workbook["Teilnehmende Organisationen"]
    header = [cell.value for cell in participants[1]]
    assert header[:5] == ["Organisation", "Kurzname", "PIC", "OID", "Land"]
    assert header[12:14] == ["Mandatsversion", "Mandat bestätigt am (Brüsseler Zeit)"]
    italy = next(row for row in participants.iter_rows(min_row=2) if row[5].value == "IT")
    assert italy[4].value == "Italien"  # the country's name in German
    assert italy[12].value == 1  # the mandate version, a number
    assert isinstance(italy[13].value, datetime.datetime)
    assert italy[13].number_format == "dd.mm.yyyy hh:mm"
    summary = {row[0]: row[1] for row in workbook["Antrag"].iter_rows(values_only=True)}
    assert isinstance(summary["Exportiert am (Brüsseler Zeit)"], datetime.datetime)


def test_pdf_shows_each_check_by_its_message_never_its_code(consortium, coordinator):
    pdf = content(export(consortium, coordinator, "pdf"))

    text = " ".join(pdf_text(pdf).split())
    assert "min_programme_countries" not in text
    assert "3 Programme countries, 4 needed: France, Germany, Italy." in text
    assert "Add full partners from 1 more Programme country;" in text
    check_pdf(pdf, consortium)


def test_xlsx_shows_messages_and_the_applicant_as_applicant(consortium, coordinator):
    xlsx = content(export(consortium, coordinator, "xlsx"))

    workbook = load_workbook(io.BytesIO(xlsx))
    rows = list(workbook["Participants"].iter_rows(min_row=2, values_only=True))
    assert [(row[8], row[9]) for row in rows] == [
        ("Applicant", "Applicant"),
        ("Full partner", "Accepted"),
        ("Associated partner", "Not invited"),
        ("Full partner", "Not invited"),
    ]
    checks = list(workbook["Eligibility"].iter_rows(values_only=True))
    assert checks[0] == ("Check", "Passed", "What to change")
    assert (
        "3 Programme countries, 4 needed: France, Germany, Italy.",
        False,
        "Add full partners from 1 more Programme country; associated partners and Partner "
        "countries do not count.",
    ) in checks
    assert [row for row in checks if "min_programme_countries" in str(row)] == []
    check_xlsx(xlsx, consortium)


# Text a spreadsheet would read as a formula (OWASP's CSV injection list, tab-prefixed too).
FORMULAS = ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(1)", "\t=1+1", "=1+1"]


def test_xlsx_writes_formula_like_text_as_quoted_text(consortium, coordinator):
    link, plus, minus, at, tab, equals = FORMULAS
    Proposal.objects.filter(pk=consortium.pk).update(
        acronym=link, title=plus, occupational_profiles=minus, requested_grant_eur=250000
    )
    applicant, partner = consortium.memberships.all()[:2]
    Organisation.objects.filter(pk=applicant.organisation_id).update(legal_name=at, short_name=tab)
    Membership.objects.filter(pk=partner.pk).update(contact_name=equals, contact_email=link)

    xlsx = content(export(consortium, coordinator, "xlsx"))

    workbook = load_workbook(io.BytesIO(xlsx))
    summary = {row[0].value: row[1] for row in workbook["Proposal"].iter_rows(min_row=2)}
    members = list(workbook["Participants"].iter_rows(min_row=2))
    cells = [summary[label] for label in ("Acronym", "Title", "Occupational profiles")]
    cells += [members[0][0], members[0][1], members[1][10], members[1][11]]
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in cells] == [
        (text, "s", True) for text in [link, plus, minus, at, tab, equals, link]
    ]
    numbers = [summary["Duration (years)"], summary["Requested EU grant (EUR)"]]
    assert [(cell.value, cell.data_type) for cell in numbers] == [(3, "n"), (250000, "n")]
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if "worksheets/" in name]
    assert len(sheets) == 3
    assert [sheet for sheet in sheets if b"<f>" in sheet or b"<f " in sheet] == []


def test_json_keeps_check_codes_for_machines(consortium, coordinator):
    document = json.loads(content(export(consortium, coordinator, "json")))

    codes = [check["code"] for check in document["eligibility"]["checks"]]
    assert "min_programme_countries" in codes


@pytest.mark.parametrize(("years", "shown"), [(1, "1 year"), (3, "3 years")], ids=["one", "more"])
def test_pdf_duration_reads_in_the_right_number(consortium, coordinator, years, shown):
    Proposal.objects.filter(pk=consortium.pk).update(duration_years=years)

    text = pdf_text(content(export(consortium, coordinator, "pdf")))

    assert f"Duration {shown}\n" in text


def test_mandate_confirmation_is_shown_by_email(consortium, coordinator):
    pdf = pdf_text(content(export(consortium, coordinator, "pdf")))
    xlsx = load_workbook(io.BytesIO(content(export(consortium, coordinator, "xlsx"))))

    assert "anna@it.example.org" in pdf.replace("\n", "")
    assert "anna7" not in pdf
    assert [row[14] for row in xlsx["Participants"].iter_rows(min_row=2, values_only=True)] == [
        None,
        "anna@it.example.org",
        None,
        None,
    ]


def test_filename_carries_acronym_and_time(consortium, coordinator):
    job = export(consortium, coordinator, "pdf")

    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d")
    assert job.filename.startswith(f"draft-{stamp}-")
    assert job.filename.endswith(".pdf")


def test_failed_run_is_recorded_and_retry_completes(consortium, coordinator, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the exports folder should be")
    good = settings.STORAGES["exports"]
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {**good, "OPTIONS": {"location": blocked, "base_url": None}},
    }
    job = services.request_export(proposal=consortium, format="json", by=coordinator)

    with pytest.raises(OSError, match="not-a-folder"):
        services.run_export(job_id=job.pk, final_attempt=False)
    assert ExportJob.objects.get(pk=job.pk).status == "running"
    with pytest.raises(OSError, match="not-a-folder"):
        services.run_export(job_id=job.pk, final_attempt=True)
    failed = ExportJob.objects.get(pk=job.pk)
    assert (failed.status, failed.attempts) == ("failed", 2)
    assert "not-a-folder" in failed.error

    settings.STORAGES = {**settings.STORAGES, "exports": good}
    services.retry_export(job=failed, by=coordinator)
    services.run_export(job_id=job.pk, final_attempt=True)
    assert ExportJob.objects.get(pk=job.pk).status == "done"


def test_running_done_job_again_does_nothing(consortium, coordinator):
    job = export(consortium, coordinator, "json")

    services.run_export(job_id=job.pk, final_attempt=True)

    assert ExportJob.objects.get(pk=job.pk).attempts == 1


def test_job_whose_every_attempt_died_fails_and_can_be_retried(
    consortium, coordinator, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.request_export(proposal=consortium, format="pdf", by=coordinator)
    # Each attempt's worker was killed: the sweep published it again once its lease ran out.
    Intent.objects.filter(kwargs__job_id=job.pk).update(
        attempts=settings.EXPORT_ATTEMPTS, started_at=None, due_at=timezone.now()
    )

    run_export_task(intent_id=Intent.objects.get().pk, job_id=job.pk)

    failed = ExportJob.objects.get(pk=job.pk)
    assert (failed.status, failed.error) == (
        "failed",
        "The export did not finish after several attempts; retry it.",
    )
    assert Intent.objects.get().given_up_at is not None
    with django_capture_on_commit_callbacks(execute=False):
        services.retry_export(job=failed, by=coordinator)
    assert ExportJob.objects.get(pk=job.pk).status == "queued"
    assert Intent.objects.filter(given_up_at__isnull=True).count() == 1


# Requests, pages and downloads


def test_export_menu_queues_job_and_opens_its_page(
    coordinator_client, consortium, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = coordinator_client.post(
            reverse("consortia:export-request", args=[consortium.pk]), {"format": "xlsx"}
        )

    job = ExportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.format, job.status, job.requested_by.email) == (
        "xlsx",
        "queued",
        consortium.owner.email,
    )
    assert len(published(queued)) == 1


def test_job_page_polls_until_finished(coordinator_client, consortium, coordinator):
    job = services.request_export(proposal=consortium, format="json", by=coordinator)
    url = reverse("consortia:export-job", args=[job.pk])

    running = coordinator_client.get(url, HTTP_HX_REQUEST="true")
    services.run_export(job_id=job.pk, final_attempt=True)
    done = coordinator_client.get(url, HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 1s"' in running.text
    assert 'hx-trigger="every 1s"' not in done.text
    assert reverse("consortia:export-download", args=[job.pk]) in done.text


@pytest.fixture
def done_job(consortium, coordinator):
    return export(consortium, coordinator, "pdf")


def download(client, job):
    """The response to the download URL, its streamed body read (which closes the file)."""
    response = client.get(reverse("consortia:export-download", args=[job.pk]))
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def test_coordinator_downloads_with_named_attachment(coordinator_client, done_job):
    response = download(coordinator_client, done_job)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{done_job.filename}"'
    assert response.body.startswith(b"%PDF")


def reviewer():
    """Staff in the Reviewers group, not a superuser."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.mark.parametrize("who", ["accepted-partner", "reviewer", "superuser"])
def test_partners_and_reviewers_download(client, done_job, who):
    if who == "reviewer":
        user = reviewer()
    elif who == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory()
        done_job.proposal.memberships.filter(organisation__country="IT").update(contact_user=user)
    client.force_login(user)

    response = download(client, done_job)
    page = client.get(reverse("consortia:export-job", args=[done_job.pk]))

    assert (response.status_code, page.status_code) == (200, 200)
    assert response.body.startswith(b"%PDF")


def test_plain_staff_neither_sees_downloads_nor_retries_an_export(client, done_job):
    client.force_login(UserFactory(is_staff=True))  # staff, in no group, with no permission

    page = client.get(reverse("consortia:export-job", args=[done_job.pk]))
    refused = download(client, done_job)
    ExportJob.objects.filter(pk=done_job.pk).update(status="failed")
    retry = client.post(reverse("consortia:export-retry", args=[done_job.pk]))

    assert (page.status_code, refused.status_code, retry.status_code) == (404, 404, 404)
    assert ExportJob.objects.get(pk=done_job.pk).status == "failed"
    with pytest.raises(NotAllowed):
        services.request_export(
            proposal=done_job.proposal, format="pdf", by=UserFactory(is_staff=True)
        )


@pytest.mark.parametrize("who", ["reviewer", "superuser"])
def test_reviewers_and_superusers_retry_a_failed_export(client, done_job, who):
    user = reviewer() if who == "reviewer" else UserFactory(is_staff=True, is_superuser=True)
    ExportJob.objects.filter(pk=done_job.pk).update(status="failed")
    client.force_login(user)

    response = client.post(reverse("consortia:export-retry", args=[done_job.pk]))

    assert response.status_code == 302
    assert ExportJob.objects.get(pk=done_job.pk).status == "queued"


@pytest.mark.parametrize("who", ["stranger", "other-coordinator", "invited-not-accepted"])
def test_others_cannot_download_or_see_the_job(client, done_job, who):
    user = UserFactory()
    if who == "other-coordinator":
        Proposal.objects.create(owner=user, lot=done_job.proposal.lot)
    if who == "invited-not-accepted":
        Membership.objects.filter(proposal=done_job.proposal, organisation__country="FR").update(
            contact_user=user
        )
    client.force_login(user)

    refused = download(client, done_job)
    page = client.get(reverse("consortia:export-job", args=[done_job.pk]))

    assert (refused.status_code, page.status_code) == (404, 404)


def test_anonymous_download_goes_to_sign_in(client, done_job):
    response = download(client, done_job)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_exported_file_has_no_public_url(done_job):
    with pytest.raises(ValueError, match="not accessible via a URL"):
        _ = done_job.file.url


def test_stranger_cannot_request_export(consortium):
    with pytest.raises(NotAllowed):
        services.request_export(proposal=consortium, format="pdf", by=UserFactory())


# Import page


def upload(document):
    return SimpleUploadedFile("export.json", json.dumps(document).encode(), "application/json")


def test_import_page_makes_draft_in_chosen_lot(coordinator_client, consortium, coordinator):
    document = json.loads(content(export(consortium, coordinator, "json")))
    lot_2 = Lot.objects.get(call__is_default=True, number=2)

    response = coordinator_client.post(
        reverse("consortia:proposal-import"), {"file": upload(document), "lot": lot_2.pk}
    )

    copy = Proposal.objects.exclude(pk=consortium.pk).get()
    assert (copy.lot, copy.owner) == (lot_2, coordinator)
    assert response.url == reverse("consortia:wizard-project", args=[copy.pk])
    assert [str(m) for m in coordinator_client.get(response.url).context["messages"]] == [
        "Imported. The draft is in Erasmus+ Sector Skills Alliances, Lot 2, as you chose. "
        "Check each step; invite the partners when it is ready."
    ]


@pytest.fixture
def lot_2_export(consortium, coordinator):
    """The JSON export of the consortium moved to Lot 2 (not the first open lot)."""
    Proposal.objects.filter(pk=consortium.pk).update(lot=Lot.objects.get(number=2))
    return json.loads(content(export(consortium, coordinator, "json")))


def closed_call_lot(number):
    closed = Call.objects.create(slug="ssa-2019", title="SSA 2019", year=2019, is_open=False)
    return Lot.objects.create(call=closed, number=number, title="Old", allowed_durations=[2])


def imported_copy(original):
    return Proposal.objects.exclude(pk=original.pk).select_related("lot").get()


def test_import_page_keeps_the_lot_of_the_file_while_its_call_is_open(
    coordinator_client, consortium, lot_2_export
):
    response = coordinator_client.post(
        reverse("consortia:proposal-import"), {"file": upload(lot_2_export), "lot": ""}, follow=True
    )

    assert imported_copy(consortium).lot.number == 2
    assert [str(m) for m in response.context["messages"]] == [
        "Imported. The draft is in the lot of the file: Erasmus+ Sector Skills Alliances, "
        "Lot 2. Check each step; invite the partners when it is ready."
    ]


@pytest.mark.parametrize("gone", ["call-closed", "lot-removed"])
def test_import_page_falls_back_to_the_first_open_lot_and_says_so(
    coordinator_client, consortium, lot_2_export, gone
):
    if gone == "call-closed":
        lot_2_export["lot"].update(call=closed_call_lot(2).call.slug, call_title="SSA 2019")
        named = "SSA 2019, Lot 2"
    else:
        lot_2_export["lot"]["number"] = 9
        named = "Erasmus+ Sector Skills Alliances, Lot 9"

    response = coordinator_client.post(
        reverse("consortia:proposal-import"), {"file": upload(lot_2_export)}, follow=True
    )

    assert imported_copy(consortium).lot == Lot.objects.get(call__is_default=True, number=1)
    assert [str(m) for m in response.context["messages"]] == [
        f"Imported. The file's lot ({named}) is not open, so the draft is in Erasmus+ Sector "
        "Skills Alliances, Lot 1: change the lot on the draft's first step if needed. Check each "
        "step; invite the partners when it is ready."
    ]


def api_import(client, document, query=""):
    return client.post(
        f"/api/v1/proposals/import{query}", json.dumps(document), content_type="application/json"
    )


def test_api_import_keeps_the_lot_of_the_file_while_its_call_is_open(
    coordinator_client, consortium, lot_2_export
):
    response = api_import(coordinator_client, lot_2_export)

    copy = imported_copy(consortium)
    assert response.status_code == 201
    assert response.json() == {
        "id": copy.pk,
        "url": copy.get_absolute_url(),
        "message": "The draft is in the lot of the file: Erasmus+ Sector Skills Alliances, Lot 2.",
    }
    assert copy.lot.number == 2


def test_api_import_falls_back_to_the_first_open_lot_and_says_so(
    coordinator_client, consortium, lot_2_export
):
    lot_2_export["lot"].update(call=closed_call_lot(2).call.slug, call_title="SSA 2019")

    response = api_import(coordinator_client, lot_2_export)

    assert response.status_code == 201
    assert response.json()["message"] == (
        "The file's lot (SSA 2019, Lot 2) is not open, so the draft is in Erasmus+ Sector Skills "
        "Alliances, Lot 1: change the lot on the draft's first step if needed."
    )
    assert imported_copy(consortium).lot == Lot.objects.get(call__is_default=True, number=1)


def test_api_import_into_a_named_lot_of_a_closed_call_is_refused(
    coordinator_client, consortium, lot_2_export
):
    closed_call_lot(3)

    response = api_import(coordinator_client, lot_2_export, "?call=ssa-2019&lot=3")

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"lot": ["This call is closed."]},
    )
    assert Proposal.objects.count() == 1


def test_import_page_names_what_is_wrong_in_the_file(coordinator_client, consortium, coordinator):
    document = json.loads(content(export(consortium, coordinator, "json")))
    document["members"][0]["organisation"]["pic"] = "12"
    del document["lot"]

    response = coordinator_client.post(
        reverse("consortia:proposal-import"),
        {"file": upload(document), "lot": consortium.lot_id},
    )

    errors = response.context["form"].errors["file"]
    assert "lot: Field required" in errors
    assert any(
        error.startswith("members.0.organisation.pic: String should match pattern")
        for error in errors
    )
    assert Proposal.objects.count() == 1


def test_import_page_offers_open_lots_only(coordinator_client):
    closed = Call.objects.create(slug="closed", title="Closed", year=2015, is_open=False)
    Lot.objects.create(call=closed, number=1, title="Old", allowed_durations=[2])

    response = coordinator_client.get(reverse("consortia:proposal-import"))

    assert [lot.call.slug for lot in response.context["form"].fields["lot"].queryset] == [
        "sector-skills-alliances"
    ] * 3


# Admin action


def test_admin_action_queues_an_export_per_selected_proposal(
    client, consortium, django_capture_on_commit_callbacks
):
    OrganisationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("admin:consortia_proposal_changelist"),
            {"action": "export_xlsx", "_selected_action": [consortium.pk]},
            follow=True,
        )

    assert list(ExportJob.objects.values_list("proposal", "format")) == [(consortium.pk, "xlsx")]
    assert len(published(queued)) == 1
    assert "1 export queued: " in response.text


def test_api_export_documents_and_returns_the_schema(coordinator_client, consortium):
    document = coordinator_client.get(f"/api/v1/proposals/{consortium.pk}/export").json()
    schema = coordinator_client.get("/api/v1/openapi.json").json()

    assert document["project"]["acronym"] == "DRAFT"
    assert "ProposalExport" in schema["components"]["schemas"]

"""Exports in private S3 storage (S3_BUCKET set), against a real S3-compatible server in a
process of its own: the worker writes the file into the bucket, the download view streams it
after its permission check, the bucket gives nothing to anyone without the portal's keys, and a
file gone from the bucket or a storage that does not answer is a clear page, not a 500."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from consortia import integrity, services
from consortia.models import ExportJob, Membership, Proposal
from lots.choices import Role
from lots.models import Lot
from portal.settings import private_storage
from tests.conftest import free_port
from tests.export_checks import check_xlsx
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory


def consortium() -> Proposal:
    proposal = ProposalFactory(
        owner=UserFactory(), lot=Lot.objects.get(call__is_default=True, number=1), acronym="S3"
    )
    MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(legal_name="Applicant School", country="DE"),
        role=Role.APPLICANT,
    )
    for position, country in enumerate(["FR", "IT"], start=1):
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(legal_name=f"Partner {country}", country=country),
            contact_email=f"{country.lower()}@example.org",
            status="accepted",
            mandate_version="1",
            mandate_confirmed_at=timezone.now(),
            position=position,
        )
    return proposal


def exported(proposal, format="pdf") -> ExportJob:
    job = services.request_export(proposal=proposal, format=format, by=proposal.owner)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    return job


def download(client, job):
    response = client.get(reverse("consortia:export-download", args=[job.pk]))
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def test_export_rendered_by_worker_lands_in_bucket_and_downloads_the_same_bytes(
    celery_worker, reference_data, s3_exports, s3_server, exports_dir, client
):
    proposal = consortium()
    job = services.request_export(proposal=proposal, format="xlsx", by=proposal.owner)
    deadline = time.monotonic() + 30
    while not ExportJob.objects.get(pk=job.pk).is_finished and time.monotonic() < deadline:
        time.sleep(0.05)
    job.refresh_from_db()
    client.force_login(proposal.owner)

    response = download(client, job)

    key = f"exports/{proposal.pk}/{job.pk}/{job.filename}"
    assert (job.status, job.file.name) == ("done", f"{proposal.pk}/{job.pk}/{job.filename}")
    assert s3_server.keys(s3_exports) == [key]
    stored = s3_server.client().get_object(Bucket=s3_exports, Key=key)["Body"].read()
    assert (response.status_code, response.body) == (200, stored)
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert response["Content-Length"] == str(len(stored))
    check_xlsx(response.body, proposal)
    assert not exports_dir.exists()  # nothing on the local disk


pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_job(s3_exports):
    return exported(consortium())


@pytest.mark.parametrize("who", ["stranger", "other-coordinator", "invited-not-accepted"])
def test_others_get_404_from_s3_storage_too(client, s3_job, who):
    user = UserFactory()
    if who == "other-coordinator":
        Proposal.objects.create(owner=user, lot=s3_job.proposal.lot)
    if who == "invited-not-accepted":
        Membership.objects.filter(proposal=s3_job.proposal, organisation__country="FR").update(
            contact_user=user, status="invited"
        )
    client.force_login(user)

    refused = download(client, s3_job)

    assert refused.status_code == 404
    assert "This page does not exist, or it is not yours" in refused.content.decode()


def test_anonymous_download_from_s3_storage_goes_to_sign_in(client, s3_job):
    response = download(client, s3_job)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_bucket_gives_nothing_without_the_portals_keys(s3_job, s3_exports, s3_server):
    key = f"exports/{s3_job.file.name}"

    with pytest.raises(ValueError, match="not accessible via a URL"):
        _ = s3_job.file.url
    grants = s3_server.client().get_object_acl(Bucket=s3_exports, Key=key)["Grants"]

    assert s3_server.unsigned_get(s3_exports, key) == 403
    assert s3_server.unsigned_get(s3_exports, "") == 403  # no listing either
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner's only


def test_file_gone_from_bucket_answers_410_saying_to_export_again(
    client, s3_job, s3_exports, s3_server
):
    s3_server.client().delete_object(Bucket=s3_exports, Key=f"exports/{s3_job.file.name}")
    client.force_login(s3_job.proposal.owner)

    response = download(client, s3_job)

    assert response.status_code == 410
    assert "The file of this export is missing" in response.text
    assert "Export the proposal again from its page" in response.text


def test_storage_that_does_not_answer_gives_503_saying_to_try_again(client, s3_job, settings):
    nowhere = {"bucket_name": "portal", "endpoint_url": f"http://127.0.0.1:{free_port()}",
               "region_name": "us-east-1", "access_key": "k", "secret_key": "s"}  # fmt: skip
    settings.STORAGES = {**settings.STORAGES, "exports": private_storage("exports", s3=nowhere)}
    client.force_login(s3_job.proposal.owner)

    began = time.monotonic()
    response = download(client, s3_job)

    assert response.status_code == 503
    assert "The file of this export cannot be read at the moment" in response.text
    assert time.monotonic() - began < 8  # refused at once, tried 3 times with backoff


def test_integrity_check_names_an_export_whose_object_is_gone(s3_job, s3_exports, s3_server):
    assert integrity.missing_exports() == []

    s3_server.client().delete_object(Bucket=s3_exports, Key=f"exports/{s3_job.file.name}")

    assert integrity.missing_exports() == [
        f"export job {s3_job.pk} (proposal {s3_job.proposal_id}) is done, but its file "
        f"{s3_job.file.name} is not in storage"
    ]

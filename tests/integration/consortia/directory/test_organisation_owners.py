"""Directory data has owners (issue 11, finding 1): an organisation is changed by its managers
and by staff with the change permission; what anyone else corrects while accepting an
invitation waits as a correction the managers accept or refuse; a submitted proposal keeps the
organisation data of its snapshot."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from consortia import services
from consortia.models import Organisation, OrganisationCorrection, Proposal
from lots.choices import Role
from lots.models import Lot
from tests.factories import MembershipFactory, UserFactory, accept_data, invitee

pytestmark = pytest.mark.django_db

VICTIM_PIC = "949111111"
HIJACK = {"legal_name": "Hijacked Ltd", "website": "https://evil.example.net", "pic": "949999999"}


@pytest.fixture
def victim_school(coordinator, directory):
    """The German applicant of the coordinator's proposal, managed by the coordinator."""
    school = directory["DE", "vet_provider"]
    Organisation.objects.filter(pk=school.pk).update(
        pic=VICTIM_PIC, website="https://school.example.de"
    )
    school.managers.add(coordinator)
    return Organisation.objects.get(pk=school.pk)


@pytest.fixture
def submitted(proposal, directory, victim_school, coordinator):
    """The coordinator's proposal, submitted with four accepted partners."""
    for country in ("IT", "ES"):
        MembershipFactory(proposal=proposal, organisation=directory[country, "enterprise"])
    proposal.memberships.exclude(role=Role.APPLICANT).update(status="accepted")
    services.submit_proposal(proposal=proposal, by=coordinator)
    return Proposal.objects.get(pk=proposal.pk)


def import_naming(client, pic, contact_email):
    """The attacker's import page: a draft whose partner is the organisation with ``pic``."""
    lot = Lot.objects.get(call__is_default=True, number=1)
    document = {
        "exported_at": "2026-01-01T00:00:00Z",
        "lot": {"call": lot.call.slug, "number": lot.number},
        "project": {"acronym": "EVIL", "title": "Borrowed names"},
        "members": [
            {
                "role": "applicant",
                "organisation": {"legal_name": "Mallory Ltd", "country": "PL", "kind": "other"},
            },
            {
                "role": "full_partner",
                "organisation": {
                    "legal_name": "Anything",
                    "country": "DE",
                    "kind": "other",
                    "pic": pic,
                },
                "contact_email": contact_email,
            },
        ],
    }
    upload = SimpleUploadedFile("x.json", json.dumps(document).encode(), "application/json")
    client.post(reverse("consortia:proposal-import"), {"file": upload, "lot": lot.pk})
    return Proposal.objects.get(acronym="EVIL")


def accept_as_attacker(client, attacker, fields):
    """The attack of the issue, with the test client: import a draft naming the victim by its
    PIC with the attacker's own address, copy a link for that member, open it, accept with
    changed data."""
    client.force_login(attacker)
    draft = import_naming(client, VICTIM_PIC, attacker.email)
    member = draft.memberships.get(role=Role.FULL_PARTNER)
    link = client.post(reverse("consortia:member-link", args=[draft.pk, member.pk])).context["url"]
    client.get(link.split("testserver", 1)[-1])
    school = member.organisation
    return client.post(
        reverse("consortia:invitation-respond"), accept_data(school, **fields), follow=True
    )


@pytest.fixture
def attacker():
    """Verified at their own address, which is all accepting asks of them."""
    return invitee("mallory@example.net")


def test_attack_of_the_issue_leaves_the_organisation_unchanged_and_a_pending_correction(
    client, submitted, victim_school, attacker, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"

    response = accept_as_attacker(client, attacker, HIJACK)

    school = Organisation.objects.get(pk=victim_school.pk)
    assert (school.legal_name, school.website, school.pic) == (
        "Vet_Provider DE",
        "https://school.example.de",
        VICTIM_PIC,
    )
    correction = school.corrections.get()
    assert (correction.status, correction.proposed_by, correction.fields) == (
        "pending",
        attacker,
        {"legal_name": "Hijacked Ltd", "website": "https://evil.example.net", "pic": "949999999"},
    )
    assert list(school.managers.all()) == [submitted.owner]
    assert "wait for its managers" in response.text


def test_attacker_then_editing_the_organisation_directly_is_404(
    client, submitted, victim_school, attacker, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    data = {"legal_name": "Hijacked Ltd", "country": "DE", "kind": "vet_provider"}

    response = client.post(reverse("consortia:organisation-edit", args=[victim_school.pk]), data)

    assert response.status_code == 404
    assert Organisation.objects.get(pk=victim_school.pk).legal_name == "Vet_Provider DE"


def test_managers_see_pending_correction_and_accepting_applies_it(
    client, submitted, victim_school, attacker, coordinator, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    correction = OrganisationCorrection.objects.get()
    client.force_login(coordinator)

    page = client.get(reverse("consortia:correction-list"))
    client.post(reverse("consortia:correction-accept", args=[correction.pk]))

    assert [c.correction.pk for c in page.context["corrections"]] == [correction.pk]
    assert [tuple(row) for row in page.context["corrections"][0].rows] == [
        ("Legal name", "Vet_Provider DE", "Hijacked Ltd"),
        ("PIC", VICTIM_PIC, "949999999"),
        ("Website", "https://school.example.de", "https://evil.example.net"),
    ]
    school = Organisation.objects.get(pk=victim_school.pk)
    assert (school.legal_name, school.pic) == ("Hijacked Ltd", "949999999")
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == ("accepted", coordinator)


def test_refusing_a_correction_leaves_the_organisation(
    client, submitted, victim_school, attacker, coordinator, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    correction = OrganisationCorrection.objects.get()
    client.force_login(coordinator)

    client.post(reverse("consortia:correction-refuse", args=[correction.pk]))

    assert Organisation.objects.get(pk=victim_school.pk).legal_name == "Vet_Provider DE"
    assert OrganisationCorrection.objects.get().status == "refused"
    assert list(client.get(reverse("consortia:correction-list")).context["corrections"]) == []


@pytest.mark.parametrize("decision", ["accept", "refuse"])
def test_others_cannot_see_or_decide_a_correction(
    client, submitted, victim_school, attacker, settings, decision
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    correction = OrganisationCorrection.objects.get()

    listed = client.get(reverse("consortia:correction-list")).context["corrections"]
    response = client.post(reverse(f"consortia:correction-{decision}", args=[correction.pk]))

    assert (list(listed), response.status_code) == ([], 404)
    assert OrganisationCorrection.objects.get().status == "pending"


def test_correction_whose_pic_was_taken_since_is_refused_with_a_message(
    client, submitted, victim_school, attacker, coordinator, directory, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    Organisation.objects.filter(pk=directory["IT", "vet_provider"].pk).update(pic="949999999")
    client.force_login(coordinator)

    response = client.post(
        reverse("consortia:correction-accept", args=[OrganisationCorrection.objects.get().pk]),
        follow=True,
    )

    assert "Organisation with this PIC already exists." in response.text
    assert Organisation.objects.get(pk=victim_school.pk).pic == VICTIM_PIC
    assert OrganisationCorrection.objects.get().status == "pending"


def test_partner_who_manages_the_organisation_corrects_it_directly(
    client, submitted, victim_school, coordinator, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"

    accept_as_attacker(client, invitee(coordinator.email), {"legal_name": "Renamed School"})

    assert Organisation.objects.get(pk=victim_school.pk).legal_name == "Renamed School"
    assert not OrganisationCorrection.objects.exists()


def test_staff_with_change_permission_decides_corrections_without_managing(
    client, submitted, victim_school, attacker, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_organisation"))
    client.force_login(staff)

    client.post(
        reverse("consortia:correction-refuse", args=[OrganisationCorrection.objects.get().pk])
    )

    assert OrganisationCorrection.objects.get().status == "refused"


# A submitted proposal keeps the organisation data of its snapshot


@pytest.fixture
def renamed_after_submission(client, submitted, victim_school, attacker, coordinator, settings):
    """The attacker's correction, accepted by the manager after the proposal was submitted."""
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    services.accept_correction(correction=OrganisationCorrection.objects.get(), by=coordinator)
    assert Organisation.objects.get(pk=victim_school.pk).legal_name == "Hijacked Ltd"
    return submitted


def test_reviewer_list_and_page_show_the_name_at_submission(client, renamed_after_submission):
    proposal = renamed_after_submission
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(reviewer)

    listing = client.get(reverse("admin:consortia_proposal_changelist"))
    page = client.get(reverse("admin:consortia_proposal_change", args=[proposal.pk]))

    assert "Vet_Provider DE (DE)" in listing.text
    assert "Vet_Provider DE" in page.text
    assert "Hijacked" not in listing.text + page.text


@pytest.mark.parametrize("format", ["json", "xlsx"])
def test_export_of_submitted_proposal_shows_the_data_at_submission(
    renamed_after_submission, coordinator, format
):
    job = services.request_export(proposal=renamed_after_submission, format=format, by=coordinator)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()

    with job.file.open("rb") as file:
        if format == "json":
            applicant = json.load(file)["members"][0]["organisation"]
            shown = (applicant["legal_name"], applicant["pic"])
        else:
            row = next(load_workbook(file)["Participants"].iter_rows(min_row=2, values_only=True))
            shown = (row[0], row[2])
    assert shown == ("Vet_Provider DE", VICTIM_PIC)


def test_a_draft_shows_the_directory_as_it_is_now(renamed_after_submission, coordinator):
    services.withdraw_proposal(proposal=renamed_after_submission, by=coordinator)
    job = services.request_export(proposal=renamed_after_submission, format="json", by=coordinator)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()

    with job.file.open("rb") as file:
        assert json.load(file)["members"][0]["organisation"]["legal_name"] == "Hijacked Ltd"


def test_staff_accept_a_correction_in_admin(client, submitted, victim_school, attacker, settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    accept_as_attacker(client, attacker, HIJACK)
    correction = OrganisationCorrection.objects.get()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_organisation", "view_organisationcorrection"]
        )
    )
    client.force_login(staff)
    changelist = reverse("admin:consortia_organisationcorrection_changelist")

    page = client.get(
        reverse("admin:consortia_organisationcorrection_change", args=[correction.pk])
    )
    client.post(changelist, {"action": "accept", "_selected_action": [correction.pk]})

    assert "Legal name: Vet_Provider DE → Hijacked Ltd" in page.text
    assert Organisation.objects.get(pk=victim_school.pk).legal_name == "Hijacked Ltd"
    assert OrganisationCorrection.objects.get().decided_by == staff

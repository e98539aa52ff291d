"""Django admin: every model's list counts its rows and its pages name their object, searches
and filters work, eligibility shows; filters list each choice once, times read in Brussels
time, users are named by email."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from consortia.demo import load_demo
from consortia.models import (
    ExportJob,
    Invitation,
    MandateText,
    Membership,
    Organisation,
    Proposal,
    Submission,
)
from lots.choices import Role
from lots.models import Call, CompositionRequirement, Lot, Sector
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
)
from tests.page_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def demo():
    load_demo()


@pytest.fixture
def consortium():
    """One row of every model."""
    membership = MembershipFactory(role="applicant")
    Invitation.objects.create(
        membership=membership,
        email="contact@example.org",
        token_hash="0" * 64,
        expires_at=timezone.now(),
    )


MODELS = [Call, Lot, Sector, Organisation, Proposal, Membership, Invitation, MandateText]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_lists_every_row_and_add_page_opens(admin_client, consortium, model):
    opts = model._meta

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert changelist.context["cl"].result_count == model.objects.count()
    assert f"Add {opts.verbose_name}" in visible_text(add)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_names_its_object(admin_client, consortium, model):
    opts = model._meta
    obj = model.objects.first()

    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )

    assert f"Change {opts.verbose_name} {obj}" in visible_text(response)


def test_proposal_change_page_shows_its_acronym_and_members(admin_client):
    proposal = ProposalFactory(acronym="NEEDLE")
    MembershipFactory(
        proposal=proposal,
        role=Role.APPLICANT,
        organisation=OrganisationFactory(legal_name="Applicant Institute"),
    )
    MembershipFactory(
        proposal=proposal, organisation=OrganisationFactory(legal_name="Partner GmbH")
    )
    OrganisationFactory(legal_name="Bystander SA")

    response = admin_client.get(reverse("admin:consortia_proposal_change", args=[proposal.pk]))

    text = visible_text(response)
    assert "Change proposal NEEDLE" in text
    shown = [
        name for name in ("Applicant Institute", "Partner GmbH", "Bystander SA") if name in text
    ]
    assert shown == ["Applicant Institute", "Partner GmbH"]


@pytest.mark.parametrize("term", ["949000001", "E10000001", "Needle"], ids=["pic", "oid", "name"])
def test_organisation_search_by_name_pic_and_oid(admin_client, term):
    OrganisationFactory(legal_name="Needle Institute", pic="949000001", oid="E10000001")
    OrganisationFactory(legal_name="Haystack GmbH")

    response = admin_client.get(reverse("admin:consortia_organisation_changelist"), {"q": term})

    assert [o.legal_name for o in response.context["cl"].result_list] == ["Needle Institute"]


def test_organisation_filter_by_country_and_kind(admin_client):
    OrganisationFactory(legal_name="Wanted", country="FR", kind="chamber")
    OrganisationFactory(legal_name="Other kind", country="FR", kind="enterprise", size="small")
    OrganisationFactory(legal_name="Other country", country="IT", kind="chamber")

    response = admin_client.get(
        reverse("admin:consortia_organisation_changelist"), {"country": "FR", "kind": "chamber"}
    )

    assert [o.legal_name for o in response.context["cl"].result_list] == ["Wanted"]


def test_proposal_list_shows_eligibility_of_each_row(admin_client, demo):
    response = admin_client.get(reverse("admin:consortia_proposal_changelist"))

    rows = {p.acronym: p.eligible for p in response.context["cl"].result_list}
    assert rows == {"WELD-EXCEL": True, "FOOD-VET": False}
    assert 'alt="True"' in response.text
    assert 'alt="False"' in response.text


def test_proposal_page_shows_full_report_read_only(admin_client, demo):
    proposal = Proposal.objects.get(acronym="FOOD-VET")

    response = admin_client.get(reverse("admin:consortia_proposal_change", args=[proposal.pk]))

    assert "Not eligible" in response.text
    assert "Add full partners from 5 more Programme countries" in response.text


def test_lot_page_edits_composition_rows_inline(admin_client):
    lot = Lot.objects.get(call__is_default=True, number=2)

    response = admin_client.get(reverse("admin:lots_lot_change", args=[lot.pk]))

    assert "compositions-TOTAL_FORMS" in response.text
    assert "grant_caps-TOTAL_FORMS" in response.text


# Filters list each choice once


def filter_choices(response, title):
    spec = next(spec for spec in response.context["cl"].filter_specs if spec.title == title)
    return list(spec.lookup_choices)


def test_applicant_country_filter_lists_each_country_once(admin_client):
    for country in ["DE", "DE", "DE", "FR"]:
        proposal = ProposalFactory()
        applicant = OrganisationFactory(country=country)
        MembershipFactory(proposal=proposal, role=Role.APPLICANT, organisation=applicant)
        MembershipFactory(proposal=proposal, organisation=OrganisationFactory(country="IT"))

    response = admin_client.get(reverse("admin:consortia_proposal_changelist"))

    assert filter_choices(response, "applicant country") == [("FR", "France"), ("DE", "Germany")]
    assert response.text.count(">Germany</a>") == 1


def test_organisation_country_filter_lists_the_directory_countries_once(admin_client):
    for country in ["IT", "FR", "IT"]:
        OrganisationFactory(country=country)

    response = admin_client.get(reverse("admin:consortia_organisation_changelist"))

    assert filter_choices(response, "country") == [("FR", "France"), ("IT", "Italy")]


# Brussels time (10:00 UTC in January is 11:00 in Brussels)

WINTER_TEN_UTC = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def timed_proposal():
    """A proposal submitted at 10:00 UTC (recorded by a task: no user) with an export
    requested at the same moment."""
    proposal = ProposalFactory(acronym="TIMED")
    proposal.status = Proposal.Status.SUBMITTED
    proposal.submitted_at = WINTER_TEN_UTC
    proposal.save()
    job = ExportJob.objects.create(proposal=proposal, format="pdf", requested_by=proposal.owner)
    ExportJob.objects.filter(pk=job.pk).update(created_at=WINTER_TEN_UTC)
    return proposal


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("changelist", "TIMED Skills for welding Lot 1"),
        ("change", "Submitted at: 15 Jan 2026, 11:00"),
        ("change", "PDF, 15 Jan 2026, 11:00 (Queued)"),
        ("history", "Submitted at: - → 15 Jan 2026, 11:00"),
    ],
    ids=["list", "page", "exports", "history"],
)
def test_proposal_times_read_in_brussels_time(admin_client, timed_proposal, view, expected):
    args = [] if view == "changelist" else [timed_proposal.pk]

    text = visible_text(admin_client.get(reverse(f"admin:consortia_proposal_{view}", args=args)))

    assert expected in text
    assert "11:00" in text
    assert "10:00" not in text
    assert "Times are Brussels time." in text


# Users by email (allauth signs in by email; the username is generated)

GENERATED = "x7kq2m9w"


@pytest.fixture
def anna():
    return UserFactory(username=GENERATED, email="anna@example.org")


def user_pages(anna):
    """The pages that name a user, with `anna` in each of their user fields."""
    proposal = ProposalFactory(owner=anna, reviewed_by=anna)
    proposal._history_user = anna
    proposal.save()
    membership = MembershipFactory(
        proposal=proposal, contact_user=anna, mandate_confirmed_by=anna, mandate_version="1"
    )
    organisation = membership.organisation
    Organisation.objects.filter(pk=organisation.pk).update(created_by=anna)
    invitation = Invitation.objects.create(
        membership=membership,
        email="anna@example.org",
        expires_at=timezone.now(),
        responded_by=anna,
        created_by=anna,
    )
    LogEntry.objects.log_actions(anna.pk, [invitation], CHANGE, "Changed the status.")
    ExportJob.objects.create(proposal=proposal, format="pdf", requested_by=anna)
    Submission.objects.create(
        proposal=proposal,
        submitted_at=timezone.now(),
        submitted_by=anna,
        snapshot={"report": {"eligible": False, "checks": []}},
        sha256="0",
    )
    lot = proposal.lot
    requirement = CompositionRequirement(lot=lot, slug="vet", label="VET", min_count=1, kinds=[])
    requirement._history_user = anna
    requirement.save()
    return {
        "proposal": reverse("admin:consortia_proposal_change", args=[proposal.pk]),
        "proposal history": reverse("admin:consortia_proposal_history", args=[proposal.pk]),
        "membership": reverse("admin:consortia_membership_change", args=[membership.pk]),
        "organisation": reverse("admin:consortia_organisation_change", args=[organisation.pk]),
        "invitation": reverse("admin:consortia_invitation_change", args=[invitation.pk]),
        "invitation history": reverse("admin:consortia_invitation_history", args=[invitation.pk]),
        "exports": reverse("admin:consortia_exportjob_changelist"),
        "submissions": reverse("admin:consortia_submission_changelist"),
        "lot": reverse("admin:lots_lot_change", args=[lot.pk]),
        "users": reverse("admin:auth_user_changelist"),
    }


PAGES = [
    "proposal", "proposal history", "membership", "organisation", "invitation",
    "invitation history", "exports", "submissions", "lot",
]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "viewer"),
    [
        *[(where, viewer) for where in PAGES for viewer in ["superuser", "reviewer"]],
        ("users", "superuser"),  # reviewers never reach accounts
    ],
)
def test_users_are_named_by_email_not_by_generated_username(client, anna, where, viewer):
    url = user_pages(anna)[where]
    someone = UserFactory(is_staff=True, is_superuser=viewer == "superuser")
    someone.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(someone)

    response = client.get(url)

    assert response.status_code == 200
    assert "anna@example.org" in visible_text(response)
    assert GENERATED not in response.text


def test_welcome_line_names_the_email(client, anna):
    User.objects.filter(pk=anna.pk).update(is_staff=True, is_superuser=True)
    client.force_login(anna)

    text = visible_text(client.get(reverse("admin:index")))

    assert "Welcome, anna@example.org" in text


def test_admin_sign_in_asks_for_the_email(client, anna):
    User.objects.filter(pk=anna.pk).update(is_staff=True)

    page = client.get(reverse("admin:login"))
    signed_in = client.post(
        reverse("admin:login"), {"username": "anna@example.org", "password": PASSWORD}
    )
    wrong = client.post(reverse("admin:login"), {"username": GENERATED, "password": "wrong"})

    assert "Email: Password:" in visible_text(page)
    assert signed_in.status_code == 302
    assert "Please enter the email and password of a staff account." in wrong.text


@pytest.mark.django_db
def test_mandate_text_admin_has_a_field_per_language_and_keeps_written_texts(admin_client):
    mandate = MandateText.objects.get(version="1")
    MandateText.objects.filter(pk=mandate.pk).update(text_de=None)

    page = admin_client.get(reverse("admin:consortia_mandatetext_change", args=[mandate.pk]))
    new = admin_client.get(reverse("admin:consortia_mandatetext_add"))

    assert set(page.context["adminform"].form.fields) == {"text_de"}
    assert {"version", "text_en", "text_fr", "text_de"} <= set(new.context["adminform"].form.fields)

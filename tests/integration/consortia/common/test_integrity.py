"""manage.py check_integrity: clean on everything the services and the demo make; each broken
state (written by raw SQL or a direct UPDATE, as the services never would) is named by id and
makes the command fail."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from consortia import queue, services, snapshots
from consortia.models import ExportJob, Invitation, Membership, Submission
from consortia.selectors import latest_mandate
from lots.choices import Role
from outbox.models import Intent
from tests.factories import MembershipFactory, ProposalFactory, invitee

pytestmark = pytest.mark.django_db

CLEAN = [
    "Memberships without a proposal: 0",
    "Duplicate members: 0",
    "Impossible invitation states: 0",
    "Submissions that do not match their SHA-256: 0",
    "Outbox intents stuck open: 0",
    "Export jobs done without their file: 0",
    "No findings.",
]


def check(*args):
    """The command's output lines; it must succeed."""
    out = io.StringIO()
    call_command("check_integrity", *args, stdout=out)
    return out.getvalue().splitlines()


def findings():
    """The quiet command's output lines; it must fail, as cron sees it (exit status 1)."""
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_integrity", "--quiet", stdout=out)
    assert error.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert str(error.value).split()[0] == str(sum(line.startswith("  ") for line in lines))
    return lines


def rows(directory, countries, **emails):
    return [
        services.PartnerRow(
            organisation=directory[country, "enterprise"],
            role=Role.FULL_PARTNER,
            contact_email=emails.get(country, f"{country.lower()}@example.org"),
        )
        for country in countries
    ]


def invite(proposal, coordinator, *members, deliver=True):
    invitations = services.invite_members(
        proposal=proposal, by=coordinator, membership_ids=[m.pk for m in members]
    )
    for invitation in invitations if deliver else []:
        services.deliver_invitation(invitation_id=invitation.pk, mark_failed=False)
    return invitations


def accept(invitation):
    services.accept_invitation(
        invitation=invitation,
        by=invitee(invitation.email),
        mandate_version=latest_mandate().version,
        organisation_fields={},
    )


@pytest.fixture
def members(proposal, directory, coordinator, lot_1):
    """Two proposals built by the services, by name of member. DRAFT (DE applicant): FR
    accepts an emailed invitation, IT a copied link, ES declines, is asked again and accepts;
    then it is submitted and exported to JSON. IN-PROGRESS: a partner in every state the
    invitation services leave, and a partner with a sent invitation chosen as applicant."""
    services.save_partners(
        proposal=proposal,
        rows=rows(directory, ["FR", "IT", "ES"]),
        version=proposal.version,
        by=coordinator,
    )
    fr, it, es = (
        proposal.memberships.get(organisation=directory[country, "enterprise"])
        for country in ["FR", "IT", "ES"]
    )
    (fr_invitation, es_invitation) = invite(proposal, coordinator, fr, es)
    accept(fr_invitation)
    services.decline_invitation(invitation=es_invitation, by=None, reason="No time.")
    accept(invite(proposal, coordinator, es)[0])
    services.create_link(membership=it, by=coordinator)
    accept(it.invitations.get())
    services.submit_proposal(proposal=proposal, by=coordinator)
    job = services.request_export(proposal=proposal, format="json", by=coordinator)
    services.run_export(job_id=job.pk, final_attempt=True)

    other = ProposalFactory(owner=coordinator, lot=lot_1, acronym="IN-PROGRESS")
    MembershipFactory(
        proposal=other, organisation=directory["NL", "vet_provider"], role="applicant"
    )
    names = ["sent", "queued", "failed", "declined", "revoked", "new_contact", "two_links"]
    names += ["resent", "applicant"]
    countries = ["PL", "BE", "AT", "SE", "FI", "PT", "GR", "CH", "AL"]
    services.save_partners(
        proposal=other,
        rows=rows(directory, countries),
        version=other.version,
        by=coordinator,
    )
    named = {
        name: other.memberships.get(organisation=directory[country, "enterprise"])
        for name, country in zip(names, countries, strict=True)
    }
    by_name = named.__getitem__
    invite(other, coordinator, *map(by_name, ["sent", "declined", "revoked", "resent"]))
    invite(other, coordinator, *map(by_name, ["applicant", "new_contact"]))
    invite(other, coordinator, *map(by_name, ["queued", "failed", "two_links"]), deliver=False)
    services.invitation_not_sent(invitation_id=named["failed"].invitations.get().pk)
    services.decline_invitation(
        invitation=named["declined"].invitations.get(), by=None, reason="Not our field."
    )
    services.revoke_invitations(membership=named["revoked"], by=coordinator)
    services.create_link(membership=named["two_links"], by=coordinator)
    services.resend_invitation(membership=named["resent"], by=coordinator)
    services.save_partners(
        proposal=other,
        rows=rows(directory, countries, PT="new@example.org"),
        version=other.version,
        by=coordinator,
    )
    services.set_applicant(
        proposal=other,
        organisation=named["applicant"].organisation,
        version=other.version,
        by=coordinator,
    )
    return {"fr": fr, "it": it, "es": es} | named


def refreshed(membership):
    return Membership.objects.get(pk=membership.pk)


def test_states_made_by_the_services_check_clean(members):
    states = {name: refreshed(m).status for name, m in members.items()}

    lines = check()

    assert states == {
        "fr": "accepted",
        "it": "accepted",
        "es": "accepted",
        "sent": "invited",
        "queued": "invited",
        "failed": "invited",
        "declined": "declined",
        "revoked": "to_invite",
        "new_contact": "to_invite",
        "two_links": "invited",
        "resent": "invited",
        "applicant": "invited",
    }
    assert ExportJob.objects.get().status == ExportJob.Status.DONE
    assert lines == CLEAN


def test_demo_data_checks_clean():
    call_command("load_demo", stdout=io.StringIO())

    assert check() == CLEAN


def test_quiet_prints_nothing_when_clean(members):
    assert check("--quiet") == []


@pytest.fixture
def undone():
    """Writes that break a foreign key must be undone before the test ends, when pytest-django
    checks every deferred constraint."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_membership_without_proposal_is_named(proposal, undone):
    first, second = proposal.memberships.order_by("pk").values_list("pk", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM consortia_proposal WHERE id = %s", [proposal.pk])

    assert findings() == [
        "Memberships without a proposal: 2",
        f"  membership {first} belongs to proposal {proposal.pk}, which does not exist",
        f"  membership {second} belongs to proposal {proposal.pk}, which does not exist",
    ]


def test_organisation_twice_in_a_proposal_is_named(proposal, directory):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with foreign key checks pending: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE consortia_membership DROP CONSTRAINT one_membership_per_organisation"
        )
    again = MembershipFactory(proposal=proposal, organisation=partner.organisation)

    assert findings() == [
        "Duplicate members: 1",
        f"  proposal {proposal.pk} has organisation {partner.organisation_id} in memberships "
        f"{partner.pk}, {again.pk}",
    ]


def test_two_applicants_are_named(proposal, directory):
    applicant = proposal.memberships.get(role=Role.APPLICANT)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX one_applicant_per_proposal")
    second = MembershipFactory(
        proposal=proposal, organisation=directory["IT", "vet_provider"], role=Role.APPLICANT
    )

    assert findings() == [
        "Duplicate members: 1",
        f"  proposal {proposal.pk} has 2 applicants: memberships {applicant.pk}, {second.pk}",
    ]


def member(membership):
    return f"membership {membership.pk} (proposal {membership.proposal_id})"


def accepted_without_invitation(members):
    members["fr"].invitations.update(status=Invitation.Status.REVOKED)
    return f"{member(members['fr'])} is accepted without an accepted invitation"


def declined_without_invitation(members):
    members["declined"].invitations.update(status=Invitation.Status.REVOKED)
    return f"{member(members['declined'])} is declined without a declined invitation"


def invited_without_pending_invitation(members):
    members["sent"].invitations.update(status=Invitation.Status.REVOKED)
    return (
        f"{member(members['sent'])} is invited without a pending invitation "
        "(queued, sent or failed)"
    )


def accepted_invitation_of_invited_member(members):
    queued = members["two_links"].invitations.get(status=Invitation.Status.QUEUED)
    Invitation.objects.filter(pk=queued.pk).update(status=Invitation.Status.ACCEPTED)
    return f"invitation {queued.pk} is accepted, but its {member(members['two_links'])} is invited"


def pending_invitation_of_member_not_invited(members):
    revoked = members["revoked"].invitations.get()
    Invitation.objects.filter(pk=revoked.pk).update(status=Invitation.Status.SENT)
    return f"invitation {revoked.pk} is sent, but its {member(members['revoked'])} is to_invite"


def accepted_twice(members):
    declined, accepted = members["es"].invitations.order_by("pk")
    Invitation.objects.filter(pk=declined.pk).update(status=Invitation.Status.ACCEPTED)
    return f"{member(members['es'])} has 2 accepted invitations: {declined.pk}, {accepted.pk}"


def sent_without_time(members):
    sent = members["sent"].invitations.get()
    Invitation.objects.filter(pk=sent.pk).update(sent_at=None)
    return f"invitation {sent.pk} of {member(members['sent'])} is sent without a sent time"


@pytest.mark.parametrize(
    "break_state",
    [
        accepted_without_invitation,
        declined_without_invitation,
        invited_without_pending_invitation,
        accepted_invitation_of_invited_member,
        pending_invitation_of_member_not_invited,
        accepted_twice,
        sent_without_time,
    ],
    ids=lambda f: f.__name__,
)
def test_impossible_invitation_state_is_named(members, break_state):
    expected = break_state(members)

    assert findings() == ["Impossible invitation states: 1", f"  {expected}"]


def test_applicant_status_set_by_hand_is_no_finding(members):
    """The engine reads no status of the applicant, which is never invited."""
    Membership.objects.filter(role=Role.APPLICANT).update(status=Membership.Status.ACCEPTED)

    assert check("--quiet") == []


def test_submission_whose_snapshot_changed_is_named(members):
    submission = Submission.objects.get()
    snapshot = submission.snapshot
    snapshot["proposal"]["title"] = "Something else"
    Submission.objects.filter(pk=submission.pk).update(snapshot=snapshot)

    assert findings() == [
        "Submissions that do not match their SHA-256: 1",
        f"  submission {submission.pk} (proposal {submission.proposal_id}) has SHA-256 "
        f"{submission.sha256[:12]}…, but its snapshot gives {snapshots.sha256(snapshot)[:12]}…",
    ]


@pytest.fixture
def receipt(members):
    """The open intent of the draft's submission receipt."""
    return Intent.objects.get(task=queue.SEND_RECEIPT)


@pytest.mark.parametrize(
    ("field", "ago", "shown"),
    [
        ("deadline", timedelta(hours=2), "is open 2 h 0 min after its deadline"),
        ("due_at", timedelta(hours=1, minutes=5), "is open 1 h 5 min after it was due"),
    ],
    ids=["past_deadline", "long_overdue"],
)
def test_intent_stuck_open_is_named(receipt, field, ago, shown):
    Intent.objects.filter(pk=receipt.pk).update(**{field: timezone.now() - ago})
    submission_id = receipt.kwargs["submission_id"]

    assert findings() == [
        "Outbox intents stuck open: 1",
        f"  intent {receipt.pk} ({queue.SEND_RECEIPT}, submission_id={submission_id}) {shown}",
    ]


@pytest.mark.parametrize("field", ["deadline", "due_at"])
def test_intent_a_sweep_or_a_run_will_close_soon_is_no_finding(receipt, field):
    """Within the outbox's longest wait (16 pickup minutes by default) all is well."""
    Intent.objects.filter(pk=receipt.pk).update(**{field: timezone.now() - timedelta(minutes=20)})

    assert check("--quiet") == []


def test_done_intent_past_its_deadline_is_no_finding(receipt):
    past = timezone.now() - timedelta(days=1)
    Intent.objects.filter(pk=receipt.pk).update(deadline=past, due_at=past, done_at=past)

    assert check("--quiet") == []


def test_export_whose_file_is_gone_is_named(members):
    job = ExportJob.objects.get()
    job.file.storage.delete(job.file.name)

    assert findings() == [
        "Export jobs done without their file: 1",
        f"  export job {job.pk} (proposal {job.proposal_id}) is done, but its file "
        f"{job.file.name} is not in storage",
    ]


def test_export_done_without_file_is_named(members):
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(file="")

    assert findings() == [
        "Export jobs done without their file: 1",
        f"  export job {job.pk} (proposal {job.proposal_id}) is done without a file",
    ]


def test_every_check_reports_its_count_without_quiet(members):
    members["sent"].invitations.update(sent_at=None)
    ExportJob.objects.update(file="")
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"^2 findings\.$"):
        call_command("check_integrity", stdout=out)

    assert [line for line in out.getvalue().splitlines() if not line.startswith(" ")] == [
        "Memberships without a proposal: 0",
        "Duplicate members: 0",
        "Impossible invitation states: 1",
        "Submissions that do not match their SHA-256: 0",
        "Outbox intents stuck open: 0",
        "Export jobs done without their file: 1",
    ]

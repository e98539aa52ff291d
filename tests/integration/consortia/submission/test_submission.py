"""Submission: only when the report passes (every partner accepted) and before the deadline;
a receipt with the snapshot's SHA-256; read-only afterwards; withdraw and submit again."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consortia import permissions, services, snapshots
from consortia.exceptions import NotAllowed
from consortia.models import Proposal, Submission
from lots.choices import Role
from tests.conftest import published
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(proposal, directory):
    """The draft with four Programme countries, every partner accepted."""
    for country in ("IT", "ES"):
        MembershipFactory(proposal=proposal, organisation=directory[country, "enterprise"])
    proposal.memberships.exclude(role=Role.APPLICANT).update(status="accepted")
    return proposal


def set_deadline(proposal, delta):
    call = proposal.lot.call
    call.deadline = timezone.now() + delta
    call.save()


def test_submit_stores_snapshot_with_its_sha256_and_queues_receipt(
    ready, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        submission = services.submit_proposal(proposal=ready, by=coordinator)

    ready.refresh_from_db()
    assert ready.status == Proposal.Status.SUBMITTED
    assert ready.submitted_at == submission.submitted_at
    assert submission.sha256 == snapshots.sha256(submission.snapshot)
    assert submission.snapshot["report"]["eligible"] is True
    assert sorted(m["country"] for m in submission.snapshot["members"]) == ["DE", "ES", "FR", "IT"]
    assert submission.snapshot["rules"]["min_programme_countries"] == 4
    assert len(published(queued)) == 1


def test_submit_refused_until_every_partner_accepted(ready, coordinator):
    ready.memberships.filter(organisation__country="IT").update(status="invited")

    with pytest.raises(NotAllowed, match=r"Waiting for 1 of 3 partners: Enterprise IT \(invited\)"):
        services.submit_proposal(proposal=ready, by=coordinator)

    assert Proposal.objects.get(pk=ready.pk).status == Proposal.Status.DRAFT


def test_submit_refused_after_deadline(ready, coordinator):
    set_deadline(ready, -timedelta(minutes=1))

    with pytest.raises(NotAllowed, match="The deadline passed"):
        services.submit_proposal(proposal=ready, by=coordinator)


def test_receipt_email_gives_time_and_sha256_once(ready, coordinator):
    submission = services.submit_proposal(proposal=ready, by=coordinator)

    services.send_submission_receipt(submission_id=submission.pk)
    services.send_submission_receipt(submission_id=submission.pk)

    (receipt,) = mail.outbox
    assert receipt.subject == "Receipt: DRAFT submitted"
    assert receipt.to == [coordinator.email]
    assert submission.sha256 in receipt.body
    utc = submission.submitted_at.astimezone(UTC).isoformat(timespec="seconds")
    assert f"Submitted at:  {utc} (UTC)" in receipt.body


def test_submitted_proposal_is_read_only(ready, coordinator, coordinator_client):
    services.submit_proposal(proposal=ready, by=coordinator)

    response = coordinator_client.get(reverse("consortia:wizard-project", args=[ready.pk]))
    review = coordinator_client.get(response.url)

    assert response.url == reverse("consortia:wizard-review", args=[ready.pk])
    assert "read-only" in review.text
    assert "SHA-256" in review.text
    with pytest.raises(NotAllowed):
        services.save_partners(proposal=ready, rows=[], version=ready.version + 1, by=coordinator)


@pytest.mark.parametrize("step", ["lot", "project", "applicant", "partners"])
def test_each_step_of_a_submitted_proposal_says_why_it_shows_the_review(
    ready, coordinator, coordinator_client, step
):
    """The review's "Back to partners" and step links lead back to the review: without the
    notice, the partners link looked like a button that does nothing."""
    services.submit_proposal(proposal=ready, by=coordinator)

    response = coordinator_client.get(
        reverse(f"consortia:wizard-{step}", args=[ready.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("consortia:wizard-review", args=[ready.pk])
    assert "A submitted proposal is read-only; withdraw it to change it." in response.text


def test_withdraw_then_change_and_submit_again(ready, coordinator, coordinator_client):
    first = services.submit_proposal(proposal=ready, by=coordinator)

    coordinator_client.post(
        reverse("consortia:proposal-withdraw", args=[ready.pk]), {"confirmed": "1"}
    )
    coordinator_client.post(reverse("consortia:proposal-submit", args=[ready.pk]))

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert Submission.objects.filter(proposal=ready).count() == 2
    assert Proposal.objects.get(pk=ready.pk).status == Proposal.Status.SUBMITTED


def test_withdraw_asks_for_confirmation_first(ready, coordinator, coordinator_client):
    services.submit_proposal(proposal=ready, by=coordinator)

    page = coordinator_client.post(reverse("consortia:proposal-withdraw", args=[ready.pk]))

    assert page.status_code == 200
    assert f"Withdraw {ready.acronym}? It is no longer submitted" in page.text
    assert 'name="confirmed" value="1"' in page.text
    assert Proposal.objects.get(pk=ready.pk).status == Proposal.Status.SUBMITTED


def test_withdraw_refused_after_deadline(ready, coordinator):
    services.submit_proposal(proposal=ready, by=coordinator)
    set_deadline(ready, -timedelta(seconds=1))

    with pytest.raises(NotAllowed, match="The deadline passed"):
        services.withdraw_proposal(proposal=ready, by=coordinator)


def withdraw_draft(ready, coordinator):
    return ready, coordinator


def withdraw_as_someone_else(ready, coordinator):
    services.submit_proposal(proposal=ready, by=coordinator)
    return ready, UserFactory()


def withdraw_after_deadline(ready, coordinator):
    services.submit_proposal(proposal=ready, by=coordinator)
    set_deadline(ready, -timedelta(seconds=1))
    return ready, coordinator


@pytest.mark.parametrize(
    "arrange",
    [withdraw_draft, withdraw_as_someone_else, withdraw_after_deadline],
    ids=["draft", "someone-else", "after-deadline"],
)
def test_withdraw_refusal_is_the_reason_the_permission_gives(ready, coordinator, arrange):
    proposal, by = arrange(ready, coordinator)
    answer = permissions.can_withdraw_proposal(by, Proposal.objects.get(pk=proposal.pk))

    with pytest.raises(NotAllowed) as refused:
        services.withdraw_proposal(proposal=proposal, by=by)

    assert (bool(answer), refused.value.message) == (False, answer.reason)


def test_submit_after_deadline_gives_the_deadline_the_permission_gives(ready, coordinator):
    set_deadline(ready, -timedelta(minutes=1))
    deadline = timezone.localtime(Proposal.objects.get(pk=ready.pk).lot.effective_deadline)

    with pytest.raises(NotAllowed) as refused:
        services.submit_proposal(proposal=ready, by=coordinator)

    assert refused.value.message == permissions.deadline_open(ready).reason
    assert refused.value.message == (
        f"The deadline passed on {deadline:%-d %B %Y, %H:%M} (Brussels time)."
    )


def test_submit_view_shows_reason_when_not_ready(proposal, coordinator_client):
    response = coordinator_client.post(
        reverse("consortia:proposal-submit", args=[proposal.pk]), follow=True
    )

    assert "Not ready to submit" in response.text
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DRAFT


def test_partner_who_accepted_sees_proposal_read_only(client, ready, directory):
    membership = ready.memberships.get(organisation=directory["FR", "enterprise"])
    membership.contact_user = partner = UserFactory()
    membership.save()
    client.force_login(partner)

    detail = client.get(reverse("consortia:proposal-detail", args=[ready.pk]))
    wizard = client.get(reverse("consortia:wizard-partners", args=[ready.pk]))

    assert detail.status_code == 200
    assert "its coordinator" in detail.text
    assert wizard.status_code == 404

"""Double clicks and requests at the same moment, over real connections: each user action
has one effect. Threads post through their own test clients (each its own database
connection) and start together at a barrier."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from consortia import services
from consortia.exceptions import NotAllowed
from consortia.models import ExportJob, Invitation, MandateText, Submission
from outbox.models import Intent
from tests.conftest import assert_integrity_clean
from tests.factories import MembershipFactory, invitee

pytestmark = pytest.mark.usefixtures("reference_data", "unread_broker")


def at_once(user, url, data, times):
    """POST ``data`` to ``url`` ``times`` times at once as ``user``; the responses' messages."""
    barrier = threading.Barrier(times)
    said: list[list[str]] = [[] for _ in range(times)]

    def post(index):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            response = client.post(url, data)
            assert response.status_code in (200, 302)
            said[index] = [str(m) for m in get_messages(response.wsgi_request)]
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return said


@pytest.fixture
def partners(proposal, directory):
    for country in ("IT", "ES"):
        MembershipFactory(
            proposal=proposal,
            organisation=directory[country, "enterprise"],
            contact_email=f"{country.lower()}@example.org",
        )
    return proposal


def test_twenty_export_requests_at_once_make_one_job(proposal, coordinator, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": "20/m"}  # past 10 a minute: 429
    url = reverse("consortia:export-request", args=[proposal.pk])

    at_once(coordinator, url, {"format": "pdf"}, times=20)

    assert ExportJob.objects.filter(proposal=proposal, format="pdf").count() == 1
    assert Intent.objects.filter(task="consortia.run_export").count() == 1
    assert_integrity_clean()


def test_export_requested_again_while_queued_is_the_same_job(proposal, coordinator, client):
    client.force_login(coordinator)
    url = reverse("consortia:export-request", args=[proposal.pk])

    first = client.post(url, {"format": "xlsx"})
    second = client.post(url, {"format": "xlsx"})
    other_format = client.post(url, {"format": "json"})

    assert first.url == second.url != other_format.url
    ExportJob.objects.filter(format="xlsx").update(status="done")
    assert client.post(url, {"format": "xlsx"}).url != first.url


def test_invite_all_clicked_twice_at_once_invites_each_partner_once(partners, coordinator):
    url = reverse("consortia:members-invite", args=[partners.pk])

    said = at_once(coordinator, url, {}, times=2)

    invited = Invitation.objects.filter(membership__proposal=partners)
    assert sorted(invited.values_list("email", flat=True)) == [
        "es@example.org",
        "fr@example.org",
        "it@example.org",
    ]
    assert Intent.objects.filter(task="consortia.send_invitation").count() == 3
    assert sorted(len(messages) for messages in said) == [1, 1]
    assert any("invited already" in message for messages in said for message in messages)
    assert_integrity_clean()


def accept_all(proposal, coordinator):
    """Every partner invited and accepted through the services, as partners do."""
    mandate = MandateText.objects.latest("created_at").version
    for invitation in services.invite_members(proposal=proposal, by=coordinator):
        services.accept_invitation(
            invitation=invitation,
            by=invitee(invitation.email),
            mandate_version=mandate,
            organisation_fields={},
        )


def test_submits_at_once_make_one_submission_and_tell_the_others_when(partners, coordinator):
    accept_all(partners, coordinator)
    url = reverse("consortia:proposal-submit", args=[partners.pk])

    said = at_once(coordinator, url, {"confirmed": "1"}, times=5)

    submission = Submission.objects.get(proposal=partners)
    assert Intent.objects.filter(task="consortia.send_submission_receipt").count() == 1
    messages = sorted(message for answer in said for message in answer)
    assert len(messages) == 5
    assert sum(message.startswith("Submitted.") for message in messages) == 1
    already = [message for message in messages if message.startswith("Already submitted on")]
    assert len(already) == 4
    assert all(submission.sha256 in message for message in already)
    assert_integrity_clean()


def test_two_links_of_one_partner_accepted_at_once_accept_once(proposal, coordinator):
    partner = proposal.memberships.get(role="full_partner")
    (emailed,) = services.invite_members(proposal=proposal, by=coordinator)
    services.create_link(membership=partner, by=coordinator)
    copied = partner.invitations.get(channel=Invitation.Channel.LINK)
    mandate = MandateText.objects.latest("created_at").version
    person = invitee(partner.contact_email)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(invitation):
        try:
            barrier.wait()
            services.accept_invitation(
                invitation=invitation,
                by=person,
                mandate_version=mandate,
                organisation_fields={},
            )
            outcomes.append("accepted")
        except NotAllowed as refused:
            outcomes.append(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in (emailed, copied)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [
        "Your organisation has answered already, through another invitation link.",
        "accepted",
    ]
    assert partner.invitations.filter(status=Invitation.Status.ACCEPTED).count() == 1
    assert Intent.objects.filter(task="consortia.notify_coordinator").count() == 1
    assert_integrity_clean()

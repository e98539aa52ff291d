"""Abuse limits the services keep, with the real values: invitation emails per proposal (60 an
hour) and per address (10 a day), organisations added per user (60 an hour), members per
imported file (60). Over a limit nothing is sent or saved, and the message says when to retry."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from consortia import services
from consortia.exceptions import NotAllowed
from consortia.exports.data import export_data
from consortia.models import Invitation, Organisation, Proposal
from consortia.specs import evaluate
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

NOON = "2030-03-04 12:00:00+01:00"  # Brussels time


@pytest.fixture
def clock():
    """Brussels noon, moved on demand. The URLs are loaded first: the API's schemas, defined
    as they load, must see the real datetime class, not freezegun's."""
    reverse("home")
    with freeze_time(NOON) as frozen:
        yield frozen


def add_partners(proposal, count, email="partner{n}@example.org"):
    for n in range(count):
        MembershipFactory(proposal=proposal, contact_email=email.format(n=n), position=n + 2)


def emails_queued(proposal):
    return Invitation.objects.filter(membership__proposal=proposal).count()


# Invitations per proposal


def test_inviting_61_partners_at_once_is_refused_and_sends_nothing(proposal, coordinator, clock):
    add_partners(proposal, 60)  # with the French partner: 61

    with pytest.raises(NotAllowed) as refused:
        services.invite_members(proposal=proposal, by=coordinator)

    assert refused.value.message == (
        "At most 60 invitation emails go out per proposal in an hour; invite fewer partners at "
        "a time (this would send 61)."
    )
    assert emails_queued(proposal) == 0


def test_after_60_invitations_an_hour_the_next_waits_for_the_window(proposal, coordinator, clock):
    add_partners(proposal, 59)
    services.invite_members(proposal=proposal, by=coordinator)  # 60 at 12:00
    clock.tick(timedelta(minutes=20))
    french = proposal.memberships.get(contact_email="fr@example.org")

    with pytest.raises(NotAllowed) as refused:
        services.resend_invitation(membership=french, by=coordinator)

    assert refused.value.message == (
        "At most 60 invitation emails go out per proposal in an hour, and this would pass it. "
        "Try again after 13:00 (Brussels time)."
    )
    assert emails_queued(proposal) == 60
    clock.tick(timedelta(minutes=40, seconds=1))
    services.resend_invitation(membership=french, by=coordinator)
    assert emails_queued(proposal) == 61


# Invitations per address


def test_the_eleventh_email_to_one_address_in_a_day_is_refused_on_the_page(
    proposal, coordinator, client, clock
):
    """Resend, clicked again and again (the issue's 23 emails to one address in 30 s)."""
    client.force_login(coordinator)
    french = proposal.memberships.get(contact_email="fr@example.org")
    resend = reverse("consortia:member-resend", args=[proposal.pk, french.pk])
    services.invite_members(proposal=proposal, by=coordinator)
    for _ in range(9):
        clock.tick(timedelta(seconds=11))  # past the double-click guard
        client.post(resend, follow=True)
    clock.tick(timedelta(seconds=11))

    response = client.post(resend, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "fr@example.org has had 10 invitation emails in a day, the most the portal sends to one "
        "address. Try again after 5 March 2030, 12:00 (Brussels time), or copy a link for it."
    ]
    assert Invitation.objects.filter(email="fr@example.org").count() == 10
    clock.tick(timedelta(days=1))
    client.post(resend)
    assert Invitation.objects.filter(email="fr@example.org").count() == 11


def test_emails_to_one_address_count_across_proposals(proposal, coordinator, clock):
    others = [ProposalFactory(owner=coordinator) for _ in range(10)]
    for other in others:
        MembershipFactory(proposal=other, contact_email="FR@example.org")
        services.invite_members(proposal=other, by=coordinator)

    with pytest.raises(NotAllowed) as refused:
        services.invite_members(proposal=proposal, by=coordinator)

    assert refused.value.message.startswith("fr@example.org has had 10 invitation emails in a day")
    assert emails_queued(proposal) == 0


# Organisations per user


def organisation_data(n):
    return {"legal_name": f"New {n}", "country": "DE", "kind": "enterprise", "size": "small"}


def test_61st_organisation_in_an_hour_is_refused_next_to_the_form(coordinator, client, clock):
    client.force_login(coordinator)
    for n in range(60):
        services.create_organisation(by=coordinator, **organisation_data(n))
    clock.tick(timedelta(minutes=30))

    response = client.post(reverse("consortia:organisation-create"), organisation_data(60))

    assert response.status_code == 200
    assert (
        "You have added 60 organisations to the directory in an hour, the most the portal "
        "allows. Try again after 13:00 (Brussels time)."
    ) in response.text
    assert not Organisation.objects.filter(legal_name="New 60").exists()
    clock.tick(timedelta(minutes=30, seconds=1))
    client.post(reverse("consortia:organisation-create"), organisation_data(60))
    assert Organisation.objects.filter(legal_name="New 60").exists()


def test_organisations_an_import_would_add_count_towards_the_limit(proposal, coordinator, clock):
    for n in range(60):
        services.create_organisation(by=coordinator, **organisation_data(n))
    document = export_document(proposal)
    document["members"][1]["organisation"].update(legal_name="Brand New", pic=None, oid=None)

    with pytest.raises(NotAllowed, match="You have added 60 organisations"):
        services.import_proposal(data=document_model(document), by=coordinator)

    assert Proposal.objects.count() == 1
    assert not Organisation.objects.filter(legal_name="Brand New").exists()


# Imports: at most 60 members


def export_document(proposal):
    data = export_data(proposal, evaluate(proposal).report, timezone.now())
    return json.loads(data.model_dump_json())


def document_model(document):
    from consortia.exports.schema import ProposalExport  # noqa: PLC0415 (the schema)

    return ProposalExport.model_validate(document)


def with_members(proposal, count):
    """The export of ``proposal`` with ``count`` members, each a directory organisation."""
    document = export_document(proposal)
    partner = document["members"][1]
    organisations = [OrganisationFactory(pic=f"{900_000_000 + n}") for n in range(count - 1)]
    document["members"] = [document["members"][0]] + [
        {**partner, "organisation": {**partner["organisation"], "pic": o.pic, "oid": None}}
        for o in organisations
    ]
    return document


def test_a_file_of_61_members_is_refused_on_the_page_and_in_the_api(proposal, coordinator, client):
    client.force_login(coordinator)
    document = with_members(proposal, 61)
    body = json.dumps(document).encode()

    page = client.post(
        reverse("consortia:proposal-import"),
        {"file": SimpleUploadedFile("big.json", body, content_type="application/json")},
    )
    api = client.post("/api/v1/proposals/import", data=body, content_type="application/json")

    message = "The file names 61 members; the portal imports at most 60."
    assert message in page.text
    assert (api.status_code, message in json.dumps(api.json())) == (400, True)
    assert Proposal.objects.count() == 1


def test_a_file_of_60_members_is_imported(proposal, coordinator):
    document = with_members(proposal, 60)

    copy = services.import_proposal(data=document_model(document), by=coordinator)

    assert copy.memberships.count() == 60

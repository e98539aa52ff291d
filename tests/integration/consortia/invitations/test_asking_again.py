"""A partner's answer holds for the role and contact it was given for: changing either after
the answer asks the partner again (its mandate cleared, its links revoked), so nobody becomes
a full partner without the mandate."""

import re
from dataclasses import replace

import pytest
from django.core import mail
from django.urls import reverse

from consortia import services
from consortia.exceptions import NotAllowed
from consortia.models import Invitation, Membership, Proposal
from lots.choices import Role
from tests.conftest import assert_integrity_clean
from tests.factories import accept_data, invitee

pytestmark = pytest.mark.django_db

FULL, ASSOCIATED = Role.FULL_PARTNER, Role.ASSOCIATED_PARTNER


def rows(directory, **changes):
    """FR, IT and ES as full partners and PL as associated, each with its contact; ``changes``
    replace a country's (role, contact email)."""
    wanted = {c: (FULL, f"{c.lower()}@example.org") for c in ("FR", "IT", "ES")}
    wanted["PL"] = (ASSOCIATED, "pl@example.org")
    wanted |= changes
    return [
        services.PartnerRow(
            organisation=directory[country, "enterprise"], role=role, contact_email=email
        )
        for country, (role, email) in wanted.items()
    ]


def save(proposal, coordinator, partner_rows, **kwargs):
    return services.save_partners(
        proposal=proposal,
        rows=partner_rows,
        version=Proposal.objects.get(pk=proposal.pk).version,
        by=coordinator,
        **kwargs,
    )


def accept(invitation):
    membership = invitation.membership
    services.accept_invitation(
        invitation=invitation,
        by=invitee(invitation.email),
        mandate_version="1" if membership.role == FULL else None,
        organisation_fields={},
    )


@pytest.fixture
def accepted(proposal, coordinator, directory):
    """The draft with four Programme countries (DE, FR, IT, ES full; PL associated), every
    partner invited and accepted through the services: eligible, ready to submit."""
    save(proposal, coordinator, rows(directory))
    for invitation in services.invite_members(proposal=proposal, by=coordinator):
        accept(invitation)
    return proposal


def member(proposal, country):
    return proposal.memberships.get(organisation__country=country)


def answer_of(membership):
    membership = Membership.objects.get(pk=membership.pk)
    return (
        membership.role,
        membership.status,
        membership.mandate_version,
        membership.mandate_confirmed_at is not None,
        membership.contact_user_id is not None,
    )


def test_associated_partner_made_full_is_asked_again_and_submission_waits(
    accepted, coordinator, directory
):
    poland = member(accepted, "PL")
    assert answer_of(poland) == (ASSOCIATED, "accepted", "", False, True)

    saved = save(accepted, coordinator, rows(directory, PL=(FULL, "pl@example.org")))

    assert saved.asked_again == [poland]
    assert answer_of(poland) == (FULL, "to_invite", "", False, False)
    assert list(poland.invitations.values_list("status", flat=True)) == ["revoked"]
    with pytest.raises(NotAllowed, match=r"Waiting for 1 of 4 partners: Enterprise PL"):
        services.submit_proposal(proposal=accepted, by=coordinator)
    assert_integrity_clean()


def test_partner_asked_again_as_full_partner_must_give_the_mandate(
    accepted, coordinator, directory, client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "http://testserver"
    save(accepted, coordinator, rows(directory, PL=(FULL, "pl@example.org")))
    poland = member(accepted, "PL")
    with django_capture_on_commit_callbacks():
        (invitation,) = services.invite_members(proposal=accepted, by=coordinator)
    services.deliver_invitation(invitation_id=invitation.pk, mark_failed=False)
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body)[1]
    client.get(link)
    client.force_login(invitee("pl@example.org"))
    respond = reverse("consortia:invitation-respond")

    without = client.post(respond, {"legal_name": "Enterprise PL", "kind": "enterprise"})
    assert "Confirm the mandate to accept as a full partner." in without.text
    assert Membership.objects.get(pk=poland.pk).status == "invited"
    client.post(respond, accept_data(poland.organisation))

    assert answer_of(poland) == (FULL, "accepted", "1", True, True)
    assert services.submit_proposal(proposal=accepted, by=coordinator).proposal_id == accepted.pk
    assert_integrity_clean()


def test_new_contact_of_an_accepted_partner_asks_the_new_contact(accepted, coordinator, directory):
    france = member(accepted, "FR")

    saved = save(
        accepted, coordinator, rows(directory, FR=(FULL, "anne@fr.example.org")), invite=True
    )

    assert saved.asked_again == [france]
    assert [i.email for i in saved.invitations] == ["anne@fr.example.org"]
    assert answer_of(france) == (FULL, "invited", "", False, False)
    assert list(france.invitations.order_by("pk").values_list("email", "status")) == [
        ("fr@example.org", "revoked"),
        ("anne@fr.example.org", "queued"),
    ]
    assert_integrity_clean()


def test_declined_partner_offered_another_role_is_to_invite(proposal, coordinator, directory):
    save(proposal, coordinator, rows(directory))
    poland = member(proposal, "PL")
    (invitation,) = services.invite_members(
        proposal=proposal, by=coordinator, membership_ids=[poland.pk]
    )
    services.decline_invitation(invitation=invitation, by=None, reason="Not as associated.")

    save(proposal, coordinator, rows(directory, PL=(FULL, "pl@example.org")))

    assert answer_of(poland) == (FULL, "to_invite", "", False, False)
    assert Invitation.objects.get(pk=invitation.pk).status == "declined"


def with_contact_case_changed(partner_rows):
    first = partner_rows[0]
    return [replace(first, contact_email=first.contact_email.upper()), *partner_rows[1:]]


@pytest.mark.parametrize(
    "change",
    [
        lambda partner_rows: partner_rows,
        lambda partner_rows: partner_rows[::-1],
        with_contact_case_changed,
    ],
    ids=["nothing", "order", "contact-email-case"],
)
def test_saving_the_same_roles_and_contacts_keeps_every_answer(
    accepted, coordinator, directory, change
):
    before = {m.pk: answer_of(m) for m in accepted.memberships.exclude(role=Role.APPLICANT)}

    saved = save(accepted, coordinator, change(rows(directory)))

    assert saved.asked_again == []
    assert {pk: answer_of(Membership(pk=pk)) for pk in before} == before
    assert set(
        Invitation.objects.filter(membership__proposal=accepted).values_list("status", flat=True)
    ) == {"accepted"}


def test_partners_step_post_asks_again_and_the_steps_say_so(
    accepted, coordinator_client, directory
):
    data = {
        "version": Proposal.objects.get(pk=accepted.pk).version,
        "partners-TOTAL_FORMS": 4,
        "partners-INITIAL_FORMS": 4,
        "next": "1",
    }
    for index, row in enumerate(rows(directory, PL=(FULL, "pl@example.org"))):
        data[f"partners-{index}-organisation"] = row.organisation.pk
        data[f"partners-{index}-role"] = row.role
        data[f"partners-{index}-contact_email"] = row.contact_email
    partners = reverse("consortia:wizard-partners", args=[accepted.pk])

    review = coordinator_client.post(partners, data, follow=True)
    step = coordinator_client.get(partners)

    assert "Enterprise PL must be asked again: its role or contact changed" in review.text
    states = dict(re.findall(r'data-member="([^"]+)" data-state="(\w+)"', review.text))
    assert states["Enterprise PL"] == "to_invite"
    assert "answered before its role or contact changed: invite it again" in review.text
    assert "answered before its role or contact changed: invite it again" in step.text
    assert answer_of(member(accepted, "PL")) == (FULL, "to_invite", "", False, False)
    submitted = coordinator_client.post(
        reverse("consortia:proposal-submit", args=[accepted.pk]), {"confirmed": "1"}, follow=True
    )
    assert "Waiting for 1 of 4 partners: Enterprise PL" in submitted.text
    assert Proposal.objects.get(pk=accepted.pk).status == Proposal.Status.DRAFT

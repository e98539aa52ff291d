"""Invitations on the coordinator's side and the partner's: sending (one attempt, as the task
runs it), links that cannot be used and say why, accepting with the mandate, declining,
revoking, copying a link, reminders; only the account of the invited address accepts."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consortia import services
from consortia.exceptions import NotAllowed
from consortia.models import Invitation, MandateText, Membership
from consortia.tokens import hash_token
from lots.choices import Role
from tests.conftest import published
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    accept_data,
    invitee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(proposal):
    """The French full partner of the draft, with a contact email."""
    return proposal.memberships.get(role=Role.FULL_PARTNER)


def invite_and_send(proposal, coordinator, partner, django_capture_on_commit_callbacks):
    """Invite the partner and run the send as the task would; the link that was emailed."""
    with django_capture_on_commit_callbacks() as queued:
        (invitation,) = services.invite_members(
            proposal=proposal, by=coordinator, membership_ids=[partner.pk]
        )
    assert len(published(queued)) == 1
    services.deliver_invitation(invitation_id=invitation.pk, mark_failed=False)
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


@pytest.fixture
def link(proposal, coordinator, partner, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    return invite_and_send(proposal, coordinator, partner, django_capture_on_commit_callbacks)


def path(url):
    return url.removeprefix("http://testserver")


# Sending


def test_invite_members_invites_partners_with_contact_only(
    proposal, coordinator, directory, django_capture_on_commit_callbacks
):
    MembershipFactory(
        proposal=proposal, organisation=directory["IT", "enterprise"], contact_email=""
    )

    with django_capture_on_commit_callbacks() as queued:
        invited = services.invite_members(proposal=proposal, by=coordinator)

    assert [i.email for i in invited] == ["fr@example.org"]
    assert len(published(queued)) == 1
    assert dict(proposal.memberships.values_list("organisation__country", "status")) == {
        "DE": "to_invite",
        "FR": "invited",
        "IT": "to_invite",
    }


def test_delivered_invitation_stores_only_the_token_hash(link, partner):
    invitation = partner.invitations.get()
    token = link.rstrip("/").split("/")[-1]

    assert (invitation.status, invitation.attempts, invitation.last_error) == ("sent", 1, "")
    assert invitation.token_hash == hash_token(token.split(":")[0])
    assert token not in str(Invitation.objects.values_list())
    assert mail.outbox[-1].to == ["fr@example.org"]
    assert "DRAFT" in mail.outbox[-1].subject


def test_delivering_again_sends_nothing(link, partner):
    services.deliver_invitation(invitation_id=partner.invitations.get().pk, mark_failed=False)

    assert len(mail.outbox) == 1


def test_failed_attempt_is_recorded_and_final_one_marks_failed(
    proposal, coordinator, partner, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    with django_capture_on_commit_callbacks():
        (invitation,) = services.invite_members(proposal=proposal, by=coordinator)

    with pytest.raises(services.DeliveryFailed):
        services.deliver_invitation(invitation_id=invitation.pk, mark_failed=False)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in invitation.last_error
    with pytest.raises(services.DeliveryFailed):
        services.deliver_invitation(invitation_id=invitation.pk, mark_failed=True)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts) == ("failed", 2)


# Links that cannot be used


@pytest.mark.parametrize(
    ("spoil", "status", "text"),
    [
        (lambda link, partner: link[:-3] + "xx/", 400, "altered or is incomplete"),
        (
            lambda link, partner: partner.invitations.update(expires_at=timezone.now()) and link,
            410,
            "has expired",
        ),
        (
            lambda link, partner: partner.invitations.update(status="revoked") and link,
            410,
            "withdrawn by the coordinator",
        ),
        (
            lambda link, partner: partner.invitations.update(status="declined") and link,
            410,
            "You declined this invitation",
        ),
        (
            lambda link, partner: (
                partner.invitations.update(status="revoked")
                and type(partner).objects.filter(pk=partner.pk).update(status="accepted")
                and link
            ),
            410,
            "answered already, through another invitation link",
        ),
        (
            lambda link, partner: partner.invitations.update(token_hash="0" * 64) and link,
            404,
            "newer invitation replaced it",
        ),
    ],
    ids=["tampered", "expired", "revoked", "declined", "answered", "replaced"],
)
def test_unusable_link_says_why_and_reveals_nothing(client, link, partner, spoil, status, text):
    response = client.get(path(spoil(link, partner)))

    assert response.status_code == status
    assert text in response.text
    assert "DRAFT" not in response.text
    assert "Enterprise FR" not in response.text


def test_valid_link_shows_summary_and_offers_sign_up_with_address(client, link):
    response = client.get(path(link))

    assert response.status_code == 200
    assert "You are invited to join DRAFT" in response.text
    assert "Vet_Provider DE" in response.text  # the applicant
    assert "email=fr%40example.org" in response.text


def test_signing_in_from_an_invitation_has_the_address_filled_in(client, link):
    page = client.get(path(link)).text
    sign_in = re.search(r'href="(/accounts/login/\?[^"]+)"', page)[1].replace("&amp;", "&")

    form = client.get(sign_in).text

    assert re.search(r'name="login"[^>]*value="fr@example.org"', form)


def sign_up(client, email):
    return client.post(
        reverse("account_signup") + "?next=" + reverse("consortia:invitation-respond"),
        {"email": email, "password1": "a-long-password", "password2": "a-long-password"},
    )


def test_signing_up_from_emailed_link_needs_no_verification_email(client, link):
    client.get(path(link))
    outbox_before = len(mail.outbox)

    response = sign_up(client, "fr@example.org")

    assert response.url == reverse("consortia:invitation-respond")
    assert len(mail.outbox) == outbox_before
    assert EmailAddress.objects.get(email="fr@example.org").verified is True
    assert client.get(response.url).status_code == 200


@pytest.fixture
def copied_link(proposal, coordinator, partner, settings):
    """A copied link for the partner. allauth counts confirmation emails per address in the
    cache (one every few minutes): cleared, so that each test's sign-up sends its own."""
    cache.clear()
    settings.PORTAL_BASE_URL = "http://testserver"
    return services.create_link(membership=partner, by=coordinator)


def test_signing_up_from_copied_link_verifies_the_address_by_email_first(
    client, copied_link, partner
):
    client.get(path(copied_link))

    response = sign_up(client, "fr@example.org")
    before_confirming = client.get(reverse("consortia:invitation-respond"))

    assert response.url == reverse("account_email_verification_sent")
    assert EmailAddress.objects.get(email="fr@example.org").verified is False
    (confirmation,) = mail.outbox
    assert confirmation.to == ["fr@example.org"]
    assert before_confirming.url.startswith(reverse("account_login"))
    with pytest.raises(NotAllowed, match=r"This invitation is for fr@example\.org"):
        services.accept_invitation(
            invitation=partner.invitations.get(),
            by=EmailAddress.objects.get(email="fr@example.org").user,
            mandate_version="1",
            organisation_fields={},
        )
    assert Membership.objects.get(pk=partner.pk).status == "invited"


def test_copied_link_accepted_once_the_address_is_confirmed(client, copied_link, partner):
    client.get(path(copied_link))
    sign_up(client, "fr@example.org")
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]

    client.get(confirm)
    client.get(path(copied_link))
    response = client.post(
        reverse("consortia:invitation-respond"), accept_data(partner.organisation)
    )

    assert response.url == reverse("consortia:proposal-detail", args=[partner.proposal_id])
    assert Membership.objects.get(pk=partner.pk).status == "accepted"
    assert EmailAddress.objects.get(email="fr@example.org").verified is True


# Accepting and declining


@pytest.fixture
def partner_client(client, link):
    client.get(path(link))
    client.force_login(invitee("fr@example.org"))
    return client


@pytest.fixture
def stranger_client(link):
    """Someone else, signed in with a verified address of their own, who got hold of the
    link."""
    stranger = Client()
    stranger.force_login(invitee("someone@else.example.org"))
    stranger.get(path(link))
    return stranger


def test_stranger_opening_a_link_is_told_whose_it_is(stranger_client, link):
    response = stranger_client.get(path(link))

    assert response.status_code == 200
    assert "Continue as" not in response.text
    assert f'name="next" value="{path(link)}"' in response.text  # signing out comes back
    assert (
        "You are signed in as someone@else.example.org, but this invitation is for "
        "fr@example.org" in response.text
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_stranger_cannot_accept_and_the_invitation_stays_usable(stranger_client, partner, method):
    respond = getattr(stranger_client, method)
    response = respond(reverse("consortia:invitation-respond"), accept_data(partner.organisation))

    assert response.status_code == 403
    assert "This invitation is for fr@example.org" in response.text
    assert "Nothing was changed" in response.text
    partner.refresh_from_db()
    assert (partner.status, partner.mandate_version, partner.contact_user) == ("invited", "", None)
    assert list(partner.invitations.values_list("status", flat=True)) == ["sent"]


def test_right_person_accepts_after_a_stranger_was_refused(
    stranger_client, partner_client, partner
):
    stranger_client.post(reverse("consortia:invitation-respond"), accept_data(partner.organisation))

    response = partner_client.post(
        reverse("consortia:invitation-respond"), accept_data(partner.organisation)
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.status, partner.contact_user.email) == ("accepted", "fr@example.org")


@pytest.mark.parametrize(
    ("invited", "verified", "accepted"),
    [
        ("fr@example.org", "FR@Example.ORG", True),
        ("Fr@EXAMPLE.org", "fr@example.org", True),
        ("fr@example.org", "", False),
    ],
    ids=["account-upper-case", "invitation-upper-case", "address-not-verified"],
)
def test_accepting_compares_the_verified_address_ignoring_case(
    partner, coordinator, invited, verified, accepted
):
    Membership.objects.filter(pk=partner.pk).update(contact_email=invited)
    services.create_link(membership=partner, by=coordinator)
    user = UserFactory(email="fr@example.org")
    EmailAddress.objects.create(user=user, email="fr@example.org", verified=False, primary=True)
    if verified:
        EmailAddress.objects.filter(user=user).update(email=verified, verified=True)

    def accept():
        services.accept_invitation(
            invitation=partner.invitations.get(),
            by=user,
            mandate_version="1",
            organisation_fields={},
        )

    if accepted:
        accept()
    else:
        with pytest.raises(NotAllowed, match=r"This invitation is for fr@example\.org"):
            accept()
    assert Membership.objects.get(pk=partner.pk).status == ("accepted" if accepted else "invited")


def test_accepting_records_mandate_corrected_data_and_tells_coordinator(
    partner_client, partner, coordinator, django_capture_on_commit_callbacks
):
    partner.organisation.managers.add(coordinator)  # so the invitee becomes a manager too
    data = accept_data(partner.organisation, pic="949000555", city="Lyon")

    with django_capture_on_commit_callbacks() as queued:
        response = partner_client.post(reverse("consortia:invitation-respond"), data)

    partner.refresh_from_db()
    assert response.url == reverse("consortia:proposal-detail", args=[partner.proposal_id])
    assert (partner.status, partner.mandate_version) == ("accepted", "1")
    assert partner.mandate_confirmed_by.email == "fr@example.org"
    assert (partner.organisation.pic, partner.organisation.city) == ("949000555", "Lyon")
    assert list(partner.organisation.managers.all()) == [coordinator, partner.contact_user]
    assert partner.invitations.get().status == "accepted"
    assert len(published(queued)) == 1


def test_accepting_with_corrections_from_a_non_manager_leaves_them_pending(partner_client, partner):
    data = accept_data(partner.organisation, legal_name="Renamed SA", city="Lyon")

    response = partner_client.post(reverse("consortia:invitation-respond"), data, follow=True)

    partner.refresh_from_db()
    assert partner.status == "accepted"
    assert (partner.organisation.legal_name, partner.organisation.city) == ("Enterprise FR", "")
    assert list(partner.organisation.corrections.values_list("fields", "status")) == [
        ({"legal_name": "Renamed SA", "city": "Lyon"}, "pending")
    ]
    assert list(partner.organisation.managers.all()) == []
    assert "wait for its managers" in response.text


def test_full_partner_must_confirm_mandate(partner_client, partner):
    data = accept_data(partner.organisation)
    del data["mandate"]

    response = partner_client.post(reverse("consortia:invitation-respond"), data)

    assert response.context["form"].errors["mandate"] == [
        "Confirm the mandate to accept as a full partner."
    ]
    assert Membership.objects.get(pk=partner.pk).status == "invited"


def test_stale_mandate_version_is_refused(partner_client, partner):
    MandateText.objects.create(version="2", text="New text for {organisation}.")

    response = partner_client.post(
        reverse("consortia:invitation-respond"), accept_data(partner.organisation)
    )

    assert "The mandate text has changed" in response.text
    assert Membership.objects.get(pk=partner.pk).status == "invited"


def test_after_a_stale_mandate_the_page_asks_for_the_new_one_and_accepts_it(
    partner_client, partner
):
    MandateText.objects.create(version="2", text="New text for {organisation}.")
    refused = partner_client.post(
        reverse("consortia:invitation-respond"), accept_data(partner.organisation)
    )
    form = refused.context["form"]
    again = {
        name: form[name].value() for name in form.fields if form[name].value() not in (None, "")
    }

    accepted = partner_client.post(
        reverse("consortia:invitation-respond"), {**again, "mandate": "on"}
    )

    assert (form["mandate_version"].value(), form["mandate"].value()) == ("2", False)
    assert "New text for Enterprise FR." in refused.text
    assert accepted.status_code == 302
    partner.refresh_from_db()
    assert (partner.status, partner.mandate_version) == ("accepted", "2")


def test_respond_page_shows_mandate_with_names(partner_client):
    response = partner_client.get(reverse("consortia:invitation-respond"))

    assert "Enterprise FR takes part as a full partner in the proposal DRAFT" in response.text
    assert "mandates the applicant, Vet_Provider DE" in response.text


def test_accepted_link_opened_again_says_so_and_leads_to_the_proposal(
    partner_client, partner, link
):
    partner_client.post(reverse("consortia:invitation-respond"), accept_data(partner.organisation))

    response = partner_client.get(path(link))

    assert response.status_code == 200
    assert "This invitation has been accepted" in response.text
    detail = reverse("consortia:proposal-detail", args=[partner.proposal_id])
    assert f'href="{detail}"' in response.text
    assert partner_client.get(detail).status_code == 200


def test_accepting_twice_is_refused(partner_client, partner, link):
    partner_client.post(reverse("consortia:invitation-respond"), accept_data(partner.organisation))
    partner_client.get(path(link))

    again = partner_client.get(reverse("consortia:invitation-respond"))

    assert again.status_code in (400, 404, 410)
    assert Membership.objects.get(pk=partner.pk).status == "accepted"


def test_declining_needs_a_reason_and_tells_coordinator(
    client, link, partner, django_capture_on_commit_callbacks
):
    decline = path(link) + "decline/"

    empty = client.post(decline, {"reason": " "})
    with django_capture_on_commit_callbacks() as queued:
        declined = client.post(decline, {"reason": "No capacity this year"})

    assert "Tell the coordinator why" in empty.text
    assert "You declined the invitation" in declined.text
    assert Membership.objects.get(pk=partner.pk).status == "declined"
    assert partner.invitations.get().decline_reason == "No capacity this year"
    assert len(published(queued)) == 1


def test_decline_without_an_account_names_nobody_to_the_coordinator(client, link, partner):
    client.post(path(link) + "decline/", {"reason": "No capacity this year"})

    services.notify_coordinator(invitation_id=partner.invitations.get().pk, event="declined")

    notice = mail.outbox[-1]
    assert (
        "Someone with the invitation link for fr@example.org (not signed in) declined the "
        "invitation of Enterprise FR to DRAFT." in notice.body
    )


def test_asking_for_new_link_from_expired_one_tells_coordinator_once_a_day(
    client, link, partner, django_capture_on_commit_callbacks
):
    partner.invitations.update(expires_at=timezone.now())

    with django_capture_on_commit_callbacks() as queued:
        client.post(path(link) + "new-link/")
        client.post(path(link) + "new-link/")

    assert len(published(queued)) == 1


def test_coordinator_notice_email_names_who_and_what(link, partner):
    anne = UserFactory(email="anne@fr.example.org")
    EmailAddress.objects.create(user=anne, email="fr@example.org", verified=True)
    services.accept_invitation(
        invitation=partner.invitations.get(),
        by=anne,
        mandate_version="1",
        organisation_fields={},
    )

    services.notify_coordinator(invitation_id=partner.invitations.get().pk, event="accepted")
    services.notify_coordinator(invitation_id=partner.invitations.get().pk, event="accepted")

    notices = [m for m in mail.outbox if "accepted" in m.subject]
    assert len(notices) == 1
    assert "anne@fr.example.org accepted the invitation of Enterprise FR" in notices[0].body


# The coordinator's actions


def test_resend_replaces_the_link(
    coordinator_client, link, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        coordinator_client.post(
            reverse("consortia:member-resend", args=[partner.proposal_id, partner.pk])
        )

    assert list(partner.invitations.values_list("status", flat=True)) == ["queued", "revoked"]
    assert coordinator_client.get(path(link)).status_code == 410


def test_revoke_asks_for_confirmation_first_and_changes_nothing(coordinator_client, link, partner):
    page = coordinator_client.post(
        reverse("consortia:member-revoke", args=[partner.proposal_id, partner.pk])
    )

    assert "Revoke the invitation of Enterprise FR? Its link stops working." in page.text
    assert Membership.objects.get(pk=partner.pk).status == "invited"
    assert coordinator_client.get(path(link)).status_code == 200


def test_revoke_stops_the_link_and_allows_inviting_again(coordinator_client, link, partner):
    coordinator_client.post(
        reverse("consortia:member-revoke", args=[partner.proposal_id, partner.pk]),
        {"confirmed": "1"},
    )

    assert Membership.objects.get(pk=partner.pk).status == "to_invite"
    assert "withdrawn by the coordinator" in coordinator_client.get(path(link)).text


def test_copied_link_is_shown_once_and_opens_the_invitation(
    coordinator_client, partner, client, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"

    response = coordinator_client.post(
        reverse("consortia:member-link", args=[partner.proposal_id, partner.pk])
    )

    url = response.context["url"]
    assert url in response.text
    assert partner.invitations.get().channel == "link"
    assert client.get(path(url)).status_code == 200


@pytest.mark.parametrize("name", ["member-invite", "member-resend", "member-revoke", "member-link"])
def test_member_actions_are_404_for_others(client, partner, name):
    client.force_login(UserFactory())

    response = client.post(reverse(f"consortia:{name}", args=[partner.proposal_id, partner.pk]))

    assert response.status_code == 404


def test_review_shows_each_member_state(coordinator_client, proposal, directory, link):
    other = MembershipFactory(proposal=proposal, organisation=directory["IT", "enterprise"])
    Invitation.objects.create(
        membership=other,
        email="x@example.org",
        status="failed",
        last_error="SMTP down",
        expires_at=timezone.now() + timedelta(days=1),
    )
    Membership.objects.filter(pk=other.pk).update(status="invited")

    response = coordinator_client.get(reverse("consortia:members-panel", args=[proposal.pk]))

    states = dict(re.findall(r'data-member="([^"]+)" data-state="(\w+)"', response.text))
    assert states == {
        "Vet_Provider DE": "to_invite",
        "Enterprise FR": "sent",
        "Enterprise IT": "failed",
    }
    assert "SMTP down" in response.text


# Reminders


def test_reminder_once_before_expiry_with_a_new_link(
    proposal, coordinator, partner, link, django_capture_on_commit_callbacks
):
    partner.invitations.update(expires_at=timezone.now() + timedelta(days=2))

    with django_capture_on_commit_callbacks() as queued:
        first = services.send_due_reminders()
        again = services.send_due_reminders()

    original = partner.invitations.get(reminder_of__isnull=True)
    assert (first, again, len(published(queued))) == (1, 0, 1)
    assert original.expiry_reminder_sent is True
    assert partner.invitations.get(reminder_of=original).expires_at == original.expires_at


def test_deadline_reminder_waits_a_day_after_expiry_reminder(proposal, partner, link):
    call = proposal.lot.call
    call.deadline = timezone.now() + timedelta(days=2)
    call.save()
    partner.invitations.update(expires_at=timezone.now() + timedelta(days=2))

    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    partner.invitations.filter(reminder_of__isnull=True).update(
        reminded_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert services.send_due_reminders() == 1
    original = partner.invitations.get(reminder_of__isnull=True)
    assert (original.expiry_reminder_sent, original.deadline_reminder_sent) == (True, True)


def test_no_reminder_far_from_expiry_and_deadline(partner, link):
    assert services.send_due_reminders() == 0


def test_accepting_revoked_invitation_is_not_allowed(link, partner):
    partner.invitations.update(status="revoked")

    with pytest.raises(NotAllowed, match="withdrawn by the coordinator"):
        services.accept_invitation(
            invitation=partner.invitations.get(),
            by=invitee("fr@example.org"),
            mandate_version="1",
            organisation_fields={},
        )


def test_associated_partner_accepts_without_mandate(
    client, proposal, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "http://testserver"
    associated = MembershipFactory(
        proposal=proposal,
        organisation=OrganisationFactory(country="CH", kind="other"),
        role=Role.ASSOCIATED_PARTNER,
        contact_email="ch@example.org",
    )
    link = invite_and_send(proposal, coordinator, associated, django_capture_on_commit_callbacks)
    client.get(path(link))
    client.force_login(invitee("ch@example.org"))

    page = client.get(reverse("consortia:invitation-respond"))
    client.post(
        reverse("consortia:invitation-respond"), {"legal_name": "Swiss Org", "kind": "other"}
    )

    assert "mandate" not in page.context["form"].fields
    associated.refresh_from_db()
    assert (associated.status, associated.mandate_version) == ("accepted", "")

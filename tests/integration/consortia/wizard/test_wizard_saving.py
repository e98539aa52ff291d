"""Work is never lost between steps and actions: step links save first, an invalid field keeps
the rest, "Save and invite" invites the rows of the same save, a declined partner can be
replaced, a double click invites nobody twice, and the partners step keeps removed rows
removed and refuses a row twice."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from consortia import services
from consortia.models import Invitation, Membership, Proposal
from consortia.tasks import send_invitation_task
from lots.choices import Role
from lots.models import Sector
from tests.conftest import published
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, proposal, *args):
    return reverse(f"consortia:{name}", args=[proposal.pk, *args])


def partner_data(proposal, rows, **extra):
    """The partners step as posted: rows of (organisation, role, contact email)."""
    data = {
        "version": Proposal.objects.get(pk=proposal.pk).version,
        "partners-TOTAL_FORMS": len(rows),
        "partners-INITIAL_FORMS": 0,
        **extra,
    }
    for index, (organisation, role, email) in enumerate(rows):
        data[f"partners-{index}-organisation"] = organisation.pk
        data[f"partners-{index}-role"] = role
        data[f"partners-{index}-contact_email"] = email
    return data


def partner_rows(directory, countries):
    return [
        (directory[c, "enterprise"], Role.FULL_PARTNER, f"{c.lower()}@example.org")
        for c in countries
    ]


def statuses(proposal):
    return dict(
        proposal.memberships.exclude(role=Role.APPLICANT).values_list(
            "organisation__country", "status"
        )
    )


# Step links save before they go


def test_step_link_saves_unsaved_rows_then_goes_to_that_step(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, partner_rows(directory, ["FR", "IT", "ES", "PL", "NL"]))

    response = coordinator_client.post(
        url("wizard-partners", proposal), {**data, "goto": "project"}
    )

    assert response.url == url("wizard-project", proposal)
    assert list(statuses(proposal)) == ["FR", "IT", "ES", "PL", "NL"]


def test_step_link_with_one_bad_field_stays_and_keeps_every_row_typed(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, partner_rows(directory, ["FR", "IT", "ES", "PL", "NL"]))
    data["partners-2-contact_email"] = "not-an-email"

    response = coordinator_client.post(
        url("wizard-partners", proposal), {**data, "goto": "project"}
    )

    assert response.status_code == 200
    assert re.findall(r'name="partners-\d-contact_email"[^>]*value="([^"]*)"', response.text) == [
        "fr@example.org",
        "it@example.org",
        "not-an-email",
        "pl@example.org",
        "nl@example.org",
    ]
    assert "Enter a valid email address." in response.text
    assert list(statuses(proposal)) == ["FR"]


def test_step_link_with_nothing_changed_goes_without_saving(coordinator_client, proposal):
    proposal.sector = Sector.objects.get(code="25")
    proposal.save()
    page = coordinator_client.get(url("wizard-project", proposal))
    data = {
        "title": proposal.title,
        "acronym": proposal.acronym,
        "sector": re.search(r'name="sector" value="([^"]*)"', page.text)[1],
        "occupational_profiles": "",
        "duration_years": str(proposal.duration_years),
        "version": proposal.version,
    }

    response = coordinator_client.post(url("wizard-project", proposal), {**data, "goto": "lot"})

    assert page.status_code == 200
    assert response.url == url("wizard-lot", proposal)
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version


def test_step_links_are_buttons_of_the_step_form(coordinator_client, proposal):
    page = coordinator_client.get(url("wizard-project", proposal)).text

    assert re.findall(r'form="wizard-form" name="goto" value="(\w+)"', page) == [
        "lot",
        "applicant",
        "partners",
        "review",
    ]


def test_project_step_link_saves_the_project(coordinator_client, proposal):
    data = {
        "title": "Changed by a step link",
        "acronym": "LINKED",
        "sector": "25",
        "duration_years": "2",
        "version": proposal.version,
    }

    response = coordinator_client.post(url("wizard-project", proposal), {**data, "goto": "review"})

    assert response.url == url("wizard-review", proposal)
    saved = Proposal.objects.get(pk=proposal.pk)
    assert (saved.acronym, saved.duration_years, saved.sector.code) == ("LINKED", 2, "25")


def test_the_same_save_sent_twice_goes_on_without_a_conflict(coordinator_client, proposal):
    data = {
        "title": "Sent twice",
        "acronym": "TWICE",
        "sector": "25",
        "duration_years": "2",
        "version": proposal.version,
    }

    first = coordinator_client.post(url("wizard-project", proposal), data)
    second = coordinator_client.post(url("wizard-project", proposal), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == url("wizard-applicant", proposal)
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version + 1


def test_save_and_invite_sent_twice_invites_once(coordinator_client, proposal, directory):
    data = {**partner_data(proposal, partner_rows(directory, ["FR", "IT"])), "invite": "1"}

    first = coordinator_client.post(url("wizard-partners", proposal), data)
    second = coordinator_client.post(url("wizard-partners", proposal), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Invitation.objects.filter(membership__proposal=proposal).count() == 2


# Save and invite


def test_save_and_invite_invites_rows_added_in_the_same_save(
    coordinator_client, proposal, directory, django_capture_on_commit_callbacks
):
    rows = partner_rows(directory, ["FR", "IT", "ES", "PL", "NL"])
    services.save_partners(
        proposal=proposal,
        rows=[services.PartnerRow(o, r, e) for o, r, e in rows[:4]],
        version=proposal.version,
        by=proposal.owner,
        invite=True,
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = coordinator_client.post(
            url("wizard-partners", proposal), {**partner_data(proposal, rows), "invite": "1"}
        )

    assert response.status_code == 302
    assert len(published(queued)) == 1
    assert statuses(proposal) == dict.fromkeys(["FR", "IT", "ES", "PL", "NL"], "invited")
    assert Invitation.objects.filter(membership__proposal=proposal).count() == 5
    page = coordinator_client.get(response.url)
    assert "Saved. 1 invitation is on its way." in page.text


def test_save_and_invite_with_all_new_rows_invites_each(coordinator_client, proposal, directory):
    rows = partner_rows(directory, ["FR", "IT", "ES"])

    response = coordinator_client.post(
        url("wizard-partners", proposal),
        {**partner_data(proposal, rows), "invite": "1"},
        follow=True,
    )

    assert "Saved. 3 invitations are on their way." in response.text
    assert statuses(proposal) == {"FR": "invited", "IT": "invited", "ES": "invited"}


def test_replacing_a_declined_partner_with_save_and_invite_invites_the_new_one(
    coordinator_client, proposal, directory
):
    Membership.objects.filter(proposal=proposal, role=Role.FULL_PARTNER).update(
        status=Membership.Status.DECLINED
    )
    rows = partner_rows(directory, ["IT"])

    response = coordinator_client.post(
        url("wizard-partners", proposal),
        {**partner_data(proposal, rows), "invite": "1"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Saved. 1 invitation is on its way." in response.text
    assert statuses(proposal) == {"IT": "invited"}


def test_changing_an_invited_contact_revokes_the_link_and_invites_the_new_address(
    coordinator_client, proposal, directory
):
    services.invite_members(proposal=proposal, by=proposal.owner)
    rows = [(directory["FR", "enterprise"], Role.FULL_PARTNER, "new-contact@example.org")]

    coordinator_client.post(
        url("wizard-partners", proposal), {**partner_data(proposal, rows), "invite": "1"}
    )

    assert list(
        Invitation.objects.filter(membership__proposal=proposal)
        .order_by("pk")
        .values_list("email", "status")
    ) == [("fr@example.org", "revoked"), ("new-contact@example.org", "queued")]


@pytest.mark.django_db(transaction=True)
def test_invite_all_twice_at_the_same_moment_invites_each_partner_once(
    reference_data, proposal, directory
):
    for country in ("IT", "ES", "PL"):
        MembershipFactory(
            proposal=proposal,
            organisation=directory[country, "enterprise"],
            contact_email=f"{country.lower()}@example.org",
        )
    start = threading.Barrier(2)
    counts = []

    def invite_all():
        start.wait()
        try:
            counts.append(len(services.invite_members(proposal=proposal, by=proposal.owner)))
        finally:
            connection.close()

    threads = [threading.Thread(target=invite_all) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(counts) == [0, 4]
    assert Invitation.objects.filter(membership__proposal=proposal).count() == 4


def test_resend_clicked_twice_queues_one_email(coordinator_client, proposal):
    services.invite_members(proposal=proposal, by=proposal.owner)
    Invitation.objects.update(status="sent")
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)

    for _ in range(2):
        coordinator_client.post(url("member-resend", proposal, partner.pk))

    assert list(partner.invitations.order_by("pk").values_list("status", flat=True)) == [
        "revoked",
        "queued",
    ]


def test_revoke_clicked_twice_revokes_once_without_an_error(coordinator_client, proposal):
    services.invite_members(proposal=proposal, by=proposal.owner)
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)

    for _ in range(2):
        done = coordinator_client.post(
            url("member-revoke", proposal, partner.pk), {"confirmed": "1"}, follow=True
        )

    assert "The invitation of Enterprise FR is revoked." in done.text
    assert "no pending invitation" not in done.text
    assert Membership.objects.get(pk=partner.pk).status == "to_invite"


def test_invite_all_again_says_everyone_is_invited(coordinator_client, proposal):
    coordinator_client.post(url("members-invite", proposal))

    again = coordinator_client.post(url("members-invite", proposal), follow=True)

    assert "Every partner with a contact email is invited already." in again.text
    assert Invitation.objects.filter(membership__proposal=proposal).count() == 1


def test_invite_all_is_offered_only_while_someone_is_left_to_invite(coordinator_client, proposal):
    before = coordinator_client.get(url("wizard-review", proposal)).text
    coordinator_client.post(url("members-invite", proposal))
    after = coordinator_client.get(url("wizard-review", proposal)).text

    assert "Invite every partner not invited yet" in before
    assert "Invite every partner not invited yet" not in after


def test_invite_message_uses_the_singular_for_one(coordinator_client, proposal):
    response = coordinator_client.post(url("members-invite", proposal), follow=True)

    assert "1 invitation is on its way." in response.text


def test_a_declined_partner_is_not_invited_again_by_invite_all_but_can_be_one_by_one(
    coordinator_client, proposal
):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    Membership.objects.filter(pk=partner.pk).update(status=Membership.Status.DECLINED)

    coordinator_client.post(url("members-invite", proposal))
    declined = Membership.objects.get(pk=partner.pk).status
    coordinator_client.post(url("member-invite", proposal, partner.pk))

    assert (declined, Membership.objects.get(pk=partner.pk).status) == ("declined", "invited")


# A declined partner is not in the consortium


def test_declined_partner_is_not_counted_and_is_named_to_replace(coordinator_client, proposal):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    Membership.objects.filter(pk=partner.pk).update(status=Membership.Status.DECLINED)

    page = coordinator_client.get(url("wizard-partners", proposal)).text

    assert "1 Programme country, 4 needed: Germany." in page
    assert "Enterprise FR (France) declined and no longer counts: replace it." in page
    assert "Declined: Enterprise FR (France)." in page


# The partners step's rows


def test_removed_row_stays_removed_after_a_validation_error(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, partner_rows(directory, ["FR", "IT"]))
    data["partners-0-DELETE"] = "on"
    data["partners-1-contact_email"] = "not-an-email"

    response = coordinator_client.post(url("wizard-partners", proposal), data)

    rows = re.findall(r'<fieldset class="partner-row([^"]*)" id="row-(partners-\d)"', response.text)
    assert rows == [(" partner-row-removed", "partners-0"), ("", "partners-1")]
    assert list(statuses(proposal)) == ["FR"]


def test_removing_a_partner_who_accepted_needs_a_confirmation(
    coordinator_client, proposal, directory
):
    Membership.objects.filter(proposal=proposal, role=Role.FULL_PARTNER).update(
        status=Membership.Status.ACCEPTED
    )
    data = partner_data(proposal, partner_rows(directory, ["FR"]))
    data["partners-0-DELETE"] = "on"

    refused = coordinator_client.post(url("wizard-partners", proposal), data)
    remaining = list(statuses(proposal))
    confirmed = coordinator_client.post(
        url("wizard-partners", proposal),
        {**data, "version": Proposal.objects.get(pk=proposal.pk).version, "confirm_remove": "1"},
    )

    assert "Enterprise FR accepted the invitation: removing it withdraws" in refused.text
    assert 'name="confirm_remove"' in refused.text
    assert remaining == ["FR"]
    assert confirmed.status_code == 302
    assert statuses(proposal) == {}


def test_a_row_for_an_organisation_already_listed_is_refused(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, partner_rows(directory, ["FR", "IT"]))

    response = coordinator_client.post(
        url("partner-row", proposal),
        {**data, "add": directory["IT", "enterprise"].pk},
        HTTP_HX_REQUEST="true",
    )

    assert "Enterprise IT is already a partner (row 2)." in response.text
    assert "partner-row" not in response.text
    assert 'id="partner-status"' in response.text


def test_adding_the_applicant_as_a_partner_without_javascript_is_refused(
    coordinator_client, proposal, directory
):
    data = partner_data(proposal, partner_rows(directory, ["FR"]))

    response = coordinator_client.post(
        url("wizard-partners", proposal), {**data, "add": directory["DE", "vet_provider"].pk}
    )

    assert "Vet_Provider DE is the applicant." in response.text
    assert len(response.context["formset"].forms) == 1


# The members table on the review step


def test_members_table_polls_while_an_invitation_is_awaited_and_answers_204_when_unchanged(
    coordinator_client, proposal
):
    quiet = coordinator_client.get(url("wizard-review", proposal)).text
    services.invite_members(proposal=proposal, by=proposal.owner)
    polling = coordinator_client.get(url("wizard-review", proposal)).text
    known = re.search(r"members/\?known=(\w+)", polling)[1]

    unchanged = coordinator_client.get(url("members-panel", proposal), {"known": known})
    Invitation.objects.filter(membership__proposal=proposal).update(status="failed")
    changed = coordinator_client.get(url("members-panel", proposal), {"known": known})

    assert 'hx-trigger="every 10s"' not in quiet
    assert 'hx-trigger="every 10s"' in polling
    assert (unchanged.status_code, unchanged.content) == (204, b"")
    assert changed.status_code == 200
    assert 'data-state="failed"' in changed.text
    assert 'hx-trigger="every 10s"' not in changed.text


def test_members_table_buttons_keep_their_ids_across_polls(coordinator_client, proposal):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    services.invite_members(proposal=proposal, by=proposal.owner)

    table = coordinator_client.get(url("members-panel", proposal)).text

    assert f'id="resend-{partner.pk}"' in table
    assert f'id="revoke-{partner.pk}"' in table


def test_members_table_actions_lead_back_to_the_review_step_after_a_poll(
    coordinator_client, proposal
):
    services.invite_members(proposal=proposal, by=proposal.owner)

    table = coordinator_client.get(url("members-panel", proposal)).text

    targets = set(re.findall(r'name="next" value="([^"]*)"', table))
    assert targets == {url("wizard-review", proposal)}


def test_invitation_sending_task_is_queued_once_per_invite(
    proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        services.invite_members(proposal=proposal, by=proposal.owner)
        services.invite_members(proposal=proposal, by=proposal.owner)

    assert len(published(queued)) == 1
    assert send_invitation_task.name == "consortia.send_invitation"


# The partner's read-only page


def test_partner_page_names_the_applicant(client, proposal):
    partner = proposal.memberships.get(role=Role.FULL_PARTNER)
    partner.status, partner.contact_user = Membership.Status.ACCEPTED, UserFactory()
    partner.save()
    client.force_login(partner.contact_user)

    page = client.get(reverse("consortia:proposal-detail", args=[proposal.pk])).text

    assert "not chosen yet" not in page
    assert re.search(r"Applicant</dt>\s*<dd[^>]*>Vet_Provider DE \(Germany\)", page)

"""Stored verdicts: after every change to a proposal, its members, their organisations or a
lot's rules, each affected proposal's stored verdict equals what the engine says now."""

import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from consortia import selectors, services, specs
from consortia.models import Proposal
from lots.choices import Role
from lots.models import Lot
from lots.signals import announce_rules_change
from outbox.models import Intent
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory


def fresh(proposal_ids):
    """What the engine says now, as the admin page computes it (specs.evaluate)."""
    found = {}
    for proposal in selectors.proposals_with_consortium().filter(pk__in=proposal_ids):
        selectors.show_as_submitted([proposal])
        report = specs.evaluate(proposal).report
        found[proposal.pk] = (report.passed, [check.code for check in report.failed])
    return found


def stored(proposal_ids):
    return {
        pk: (eligible, failing)
        for pk, eligible, failing in Proposal.objects.filter(pk__in=proposal_ids).values_list(
            "pk", "eligible", "failing_checks"
        )
    }


@pytest.mark.django_db
def test_partners_saved_store_the_new_verdict(
    proposal, directory, django_capture_on_commit_callbacks
):
    rows = [
        services.PartnerRow(directory[country, "enterprise"], Role.FULL_PARTNER, f"{country}@x.eu")
        for country in ("FR", "IT", "ES")
    ]

    with django_capture_on_commit_callbacks(execute=True):
        services.save_partners(
            proposal=proposal, rows=rows, version=proposal.version, by=proposal.owner
        )

    assert stored([proposal.pk]) == fresh([proposal.pk])
    assert Proposal.objects.get(pk=proposal.pk).programme_country_count == 4


@pytest.mark.django_db
def test_organisation_change_stores_the_verdict_of_each_of_its_proposals(
    proposal, directory, django_capture_on_commit_callbacks
):
    other = ProposalFactory(lot=proposal.lot, acronym="OTHER")
    MembershipFactory(proposal=other, organisation=directory["DE", "vet_provider"])
    services.refresh_verdicts([proposal.pk, other.pk])
    staff = UserFactory(is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_organisation(
            organisation=directory["DE", "vet_provider"], by=staff, country="AL"
        )

    assert stored([proposal.pk, other.pk]) == fresh([proposal.pk, other.pk])
    assert "applicant_programme_country" in stored([proposal.pk])[proposal.pk][1]


@pytest.mark.django_db
def test_withdrawal_stores_the_verdict_of_the_applicants_other_proposal(
    proposal, directory, django_capture_on_commit_callbacks
):
    call = proposal.lot.call
    call.applicant_rule = "one_per_call"
    call.save()
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted", submitted_at=timezone.now())
    sibling = ProposalFactory(lot=proposal.lot, acronym="SIBLING", owner=UserFactory())
    MembershipFactory(
        proposal=sibling, organisation=directory["DE", "vet_provider"], role=Role.APPLICANT
    )
    services.refresh_verdicts([proposal.pk, sibling.pk])
    assert "applicant_once_per_call" in stored([sibling.pk])[sibling.pk][1]

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_proposal(proposal=proposal, by=proposal.owner)

    assert stored([proposal.pk, sibling.pk]) == fresh([proposal.pk, sibling.pk])
    assert "applicant_once_per_call" not in stored([sibling.pk])[sibling.pk][1]


@pytest.mark.django_db
def test_rules_change_refresh_stores_every_proposal_of_the_lot(proposal, directory):
    services.refresh_verdicts([proposal.pk])
    lot = proposal.lot
    lot.min_programme_countries = 2
    lot.save()

    count = services.refresh_lot_verdicts(lot_ids=[lot.pk])

    assert count == 1
    assert stored([proposal.pk]) == fresh([proposal.pk])
    assert "min_programme_countries" not in stored([proposal.pk])[proposal.pk][1]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)
    return result


@pytest.mark.usefixtures("reference_data", "celery_worker")
def test_rules_change_is_refreshed_by_the_worker_for_every_proposal_of_the_lot():
    lot = Lot.objects.get(call__is_default=True, number=1)
    countries = ["DE", "FR", "IT"]
    proposals = []
    for number in range(5):
        proposal = ProposalFactory(lot=lot, acronym=f"W{number}")
        for position, country in enumerate(countries[: 1 + number % 3]):
            MembershipFactory(
                proposal=proposal,
                organisation=OrganisationFactory(country=country),
                role=Role.APPLICANT if position == 0 else Role.FULL_PARTNER,
                status="accepted",
                position=position,
            )
        proposals.append(proposal.pk)
    services.refresh_verdicts(proposals)
    before = stored(proposals)

    with transaction.atomic():
        lot.min_programme_countries = 2
        lot.save()
        announce_rules_change([lot.pk])  # what the lots admin sends on save
    intent = Intent.objects.get(task="consortia.refresh_lot_verdicts")
    wait_for(lambda: Intent.objects.filter(pk=intent.pk, done_at__isnull=False).exists())

    assert intent.kwargs == {"lot_ids": [lot.pk]}
    assert stored(proposals) == fresh(proposals) != before


@pytest.mark.django_db
def test_lot_saved_in_admin_queues_the_refresh_of_its_proposals(admin_client, proposal):
    call = proposal.lot.call
    lot = Lot.objects.create(call=call, number=9, title="Ninth", min_programme_countries=4)
    Proposal.objects.filter(pk=proposal.pk).update(lot=lot)
    form = lot_form(call, number="9", title_en="Ninth", min_programme_countries="1")

    response = admin_client.post(reverse("admin:lots_lot_change", args=[lot.pk]), form)
    (intent,) = Intent.objects.filter(task="consortia.refresh_lot_verdicts")
    services.refresh_lot_verdicts(**intent.kwargs)  # what the worker runs

    assert response.status_code == 302
    assert intent.kwargs == {"lot_ids": [lot.pk]}
    assert stored([proposal.pk]) == fresh([proposal.pk])
    assert "min_programme_countries" not in stored([proposal.pk])[proposal.pk][1]


def lot_form(call, **fields):
    empty = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    return {
        "call": call.pk,
        "description": "",
        "deadline_0": "",
        "deadline_1": "",
        "allowed_durations": ["2", "3"],
        "min_full_partners": "",
        **{f"compositions-{key}": value for key, value in empty.items()},
        **{f"grant_caps-{key}": value for key, value in empty.items()},
        **fields,
    }

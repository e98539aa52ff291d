"""One applicant, one submitted proposal per sector in a call, whatever the order in which the
proposals were created, changed, withdrawn or submitted, and even when two are submitted at
the same moment. A section and its own divisions are one sector."""

import threading

import pytest
from django.db import connection

from consortia import selectors, services, specs
from consortia.exceptions import NotAllowed
from consortia.models import Proposal
from lots.models import Sector
from tests.factories import OrganisationFactory, ready_proposal


def submit(proposal):
    return services.submit_proposal(proposal=proposal, by=proposal.owner)


def conflict_check(proposal):
    report = specs.evaluate(selectors.proposals_with_consortium().get(pk=proposal.pk)).report
    return report.get("applicant_sector_conflict")


def change_sector(proposal, code):
    proposal = Proposal.objects.get(pk=proposal.pk)
    services.update_project(
        proposal=proposal,
        version=proposal.version,
        by=proposal.owner,
        title=proposal.title,
        acronym=proposal.acronym,
        sector=Sector.objects.get(code=code),
        occupational_profiles="",
        duration_years=proposal.duration_years,
    )


@pytest.fixture
def applicant():
    return OrganisationFactory(legal_name="Berlin Welding School", country="DE")


@pytest.mark.django_db
def test_later_proposal_submitted_first_blocks_the_earlier_one(applicant):
    earlier = ready_proposal(applicant, "10", "FOOD-A")
    later = ready_proposal(applicant, "25", "WELD-B", lot_number=2)
    change_sector(later, "10")
    submit(later)

    with pytest.raises(NotAllowed, match="has submitted WELD-B for this sector"):
        submit(earlier)

    assert Proposal.objects.get(pk=earlier.pk).status == Proposal.Status.DRAFT
    assert conflict_check(earlier).passed is False


@pytest.mark.django_db
def test_changing_the_earlier_proposal_to_the_submitted_sector_blocks_it(applicant):
    earlier = ready_proposal(applicant, "25", "WELD-A")
    later = ready_proposal(applicant, "10", "FOOD-B")
    submit(later)
    change_sector(earlier, "10")

    with pytest.raises(NotAllowed, match="has submitted FOOD-B"):
        submit(earlier)


@pytest.mark.django_db
def test_withdraw_submit_other_then_resubmit_is_refused(applicant):
    first = ready_proposal(applicant, "10", "FOOD-A")
    second = ready_proposal(applicant, "10", "FOOD-B")
    submit(first)
    services.withdraw_proposal(proposal=first, by=first.owner)
    submit(second)

    with pytest.raises(NotAllowed, match="has submitted FOOD-B"):
        submit(first)

    assert list(
        Proposal.objects.filter(status=Proposal.Status.SUBMITTED).values_list("acronym", flat=True)
    ) == ["FOOD-B"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"), [("J", "62"), ("62", "J")], ids=["section-first", "division-first"]
)
def test_a_section_and_its_own_division_are_one_sector(applicant, first, second):
    submitted = ready_proposal(applicant, first, "SOFT-A")
    other = ready_proposal(applicant, second, "SOFT-B")
    submit(submitted)

    with pytest.raises(NotAllowed):
        submit(other)


@pytest.mark.django_db
def test_two_divisions_of_one_section_are_different_sectors(applicant):
    submit(ready_proposal(applicant, "62", "SOFT-A"))

    submission = submit(ready_proposal(applicant, "63", "DATA-B"))

    assert submission.proposal.status == Proposal.Status.SUBMITTED


@pytest.mark.django_db
def test_drafts_of_one_sector_each_carry_a_note_naming_the_other(applicant):
    first = ready_proposal(applicant, "10", "FOOD-A")
    second = ready_proposal(applicant, "C", "FOOD-B")

    checks = [conflict_check(first), conflict_check(second)]

    assert [(c.passed, c.message) for c in checks] == [
        (True, "The applicant also has a draft for this sector in this call: FOOD-B."),
        (True, "The applicant also has a draft for this sector in this call: FOOD-A."),
    ]


@pytest.mark.django_db
def test_the_submitted_proposal_and_the_blocked_draft_are_both_flagged_in_admin_rows(applicant):
    submitted = ready_proposal(applicant, "J", "SOFT-A")
    draft = ready_proposal(applicant, "62", "SOFT-B")
    submit(submitted)
    proposals = list(selectors.proposals_with_consortium().filter(pk__in=[submitted.pk, draft.pk]))

    conflicts = selectors.sector_conflicts(proposals, selectors.applicant_proposals_for(proposals))

    assert conflicts == {submitted.pk: ["SOFT-B"], draft.pk: ["SOFT-A"]}


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_let_exactly_one_through(reference_data, applicant):
    proposals = [ready_proposal(applicant, "10", f"FOOD-{n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes = []

    def submit_in_thread(proposal):
        start.wait()
        try:
            submit(proposal)
            outcomes.append("submitted")
        except NotAllowed as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_in_thread, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[1] == "submitted"
    assert "for this sector in this call already" in sorted(outcomes)[0]
    assert Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count() == 1

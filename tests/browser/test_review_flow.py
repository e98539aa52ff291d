"""A reviewer works in Django admin in Chromium: filters the proposals, opens one, records an
outcome; the coordinator receives the email (a real worker, a real SMTP server)."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from consortia import services
from lots.choices import Role
from lots.models import Lot
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("reference_data", "celery_worker")


def proposal(acronym, submit):
    proposal = ProposalFactory(
        acronym=acronym, lot=Lot.objects.get(call__is_default=True, number=1)
    )
    for number, country in enumerate(["DE", "FR", "IT", "ES"]):
        MembershipFactory(
            proposal=proposal,
            organisation=OrganisationFactory(legal_name=f"{acronym} {country}", country=country),
            role=Role.APPLICANT if number == 0 else Role.FULL_PARTNER,
            status="accepted",
        )
    if submit:
        services.submit_proposal(proposal=proposal, by=proposal.owner)
    return proposal


def test_reviewer_filters_opens_records_outcome_and_coordinator_is_emailed(page, live_server, smtp):
    reviewed = proposal("REVIEW-ME", submit=True)
    proposal("STILL-DRAFT", submit=False)
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Proposals").first.click()
    page.locator("#changelist-filter").get_by_role("link", name="Submitted").click()
    expect(page.locator("#result_list")).not_to_contain_text("STILL-DRAFT")
    page.locator("#result_list").get_by_role("link", name="REVIEW-ME").click()
    expect(page.locator("#verdicts")).to_contain_text("Now: Eligible")
    page.get_by_label("Review outcome").select_option("eligible")
    page.get_by_label("Review comment").fill("All four Programme countries confirmed.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    notice = next(
        m
        for m in smtp.wait_for(2)  # the submission receipt, then the review notice
        if m["Subject"] == "Review of REVIEW-ME: Eligible"
    )
    assert notice["To"] == reviewed.owner.email
    assert "All four Programme countries confirmed." in notice.get_payload(decode=True).decode()

"""Bad input anywhere a coordinator can post or link answers with a message or a clear HTTP
error, never a server error, and changes nothing already saved."""

import pytest
from django.urls import reverse

from consortia.models import Proposal

pytestmark = pytest.mark.django_db

JUNK = [
    {"version": "abc", "next": "1"},
    {"lot": "x", "duration_years": "ten", "sector": "\x00", "title": "a" * 5000, "version": "-1"},
    {"organisation": "'; DROP TABLE", "create": "1", "new-pic": "x" * 50, "new-country": "ZZ"},
    {"partners-TOTAL_FORMS": "100000", "partners-INITIAL_FORMS": "zz", "version": "1"},
    {
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": "-5",
        "partners-0-role": "boss",
        "add": "1.5",
    },
    {"format": "exe", "search": "1", "q": "%" * 300, "next": "https://evil.example.org/"},
]

STEPS = ["wizard-lot", "wizard-project", "wizard-applicant", "wizard-partners", "wizard-review"]


@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{n}" for n in range(len(JUNK))])
@pytest.mark.parametrize(
    "name",
    [
        *STEPS,
        "partner-row",
        "export-request",
        "proposal-submit",
        "proposal-withdraw",
        "members-invite",
    ],
)
def test_junk_posted_to_proposal_urls_is_never_a_server_error(
    coordinator_client, proposal, name, junk
):
    before = Proposal.objects.filter(pk=proposal.pk).values().get()

    response = coordinator_client.post(reverse(f"consortia:{name}", args=[proposal.pk]), junk)

    assert response.status_code < 500
    after = Proposal.objects.filter(pk=proposal.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


@pytest.mark.parametrize("step", ["lot", "project", "applicant", "partners"])
@pytest.mark.parametrize("junk", JUNK, ids=[f"junk{n}" for n in range(len(JUNK))])
def test_junk_posted_to_the_check_endpoint_still_renders_the_panel(
    coordinator_client, proposal, step, junk
):
    response = coordinator_client.post(
        reverse("consortia:eligibility-check", args=[proposal.pk, step]), junk
    )

    assert response.status_code == 200
    assert "data-code" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page": "-1"},
        {"country": "ZZ", "kind": "robot", "sector": "abc"},
        # A null character answers 400: tests/integration/portal/test_null_characters.py.
        {"q": "\x01\x7f"},
    ],
)
def test_directory_with_junk_filters_answers(coordinator_client, params):
    assert coordinator_client.get(reverse("consortia:organisation-list"), params).status_code == 200


@pytest.mark.parametrize("token", ["x", "a" * 500, "abc:def", "%00", "..%2F..%2Fetc"])
def test_junk_invitation_tokens_answer_clearly(client, token):
    response = client.get(f"/invitations/{token}/")

    assert response.status_code in (400, 404)


@pytest.mark.parametrize("target", ["https://evil.example.org/", "//evil.example.org/", "1"])
def test_actions_never_redirect_off_site(coordinator_client, proposal, target):
    response = coordinator_client.post(
        reverse("consortia:members-invite", args=[proposal.pk]), {"next": target}
    )

    # The fragment names where focus lands on the review step (#members-heading).
    assert response.url.partition("#")[0] == reverse("consortia:wizard-review", args=[proposal.pk])

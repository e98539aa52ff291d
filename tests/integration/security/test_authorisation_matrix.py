"""Every URL pattern of the project (walked from the resolver: a new URL fails this test
until it has a row) x nine roles x GET and POST, against an explicit table of what each role
gets. The proposal, members, export and invitation in the URLs are the owner's.

A row is nine letters, one per role in the order of ``ROLES``: anonymous, stranger, other
coordinator, invited partner (signed in, not answered), accepted partner, owner, reviewer,
plain staff (no group, no permission), superuser. o: served, l: sent to sign in, n: refused
(401, 403 or 404), m: method not allowed. Nobody ever gets a server error."""

import pytest
from django.test import Client

from tests.integration.security.matrix import ROLES, classify, patterns, url_for, world

pytestmark = pytest.mark.django_db

EVERYONE = "ooooooooo"
SIGNED_IN = "loooooooo"
OWNER = "lnnnnonnn"
PARTICIPANTS = "lnnnoonnn"  # the owner and the partner who accepted
EXPORT_READERS = "lnnnooono"  # participants and reviewers (superusers hold every permission)
POST_ONLY = "lmmmmmmmm"
NOBODY = "nnnnnnnnn"

EXPECTED = {
    ("home", "get"): EVERYONE,
    ("home", "post"): EVERYONE,
    ("set_language", "get"): EVERYONE,
    ("set_language", "post"): EVERYONE,
    ("health", "get"): EVERYONE,
    ("health", "post"): EVERYONE,
    ("ready", "get"): EVERYONE,
    ("ready", "post"): EVERYONE,
    # Only with METRICS_TOKEN, which no role holds (not even a superuser): 404 for all.
    ("metrics", "get"): NOBODY,
    ("metrics", "post"): NOBODY,
    ("", "get"): EVERYONE,  # favicon.ico, a redirect
    ("", "post"): EVERYONE,
    ("consortia:dashboard", "get"): SIGNED_IN,
    ("consortia:dashboard", "post"): SIGNED_IN,
    ("consortia:proposal-new", "get"): SIGNED_IN,
    ("consortia:proposal-new", "post"): SIGNED_IN,
    ("consortia:proposal-import", "get"): SIGNED_IN,
    ("consortia:proposal-import", "post"): SIGNED_IN,
    ("consortia:export-request", "get"): POST_ONLY,
    ("consortia:export-request", "post"): PARTICIPANTS,
    ("consortia:export-job", "get"): EXPORT_READERS,
    ("consortia:export-job", "post"): EXPORT_READERS,
    ("consortia:export-download", "get"): EXPORT_READERS,
    ("consortia:export-download", "post"): EXPORT_READERS,
    ("consortia:export-retry", "get"): POST_ONLY,
    ("consortia:export-retry", "post"): EXPORT_READERS,
    ("consortia:proposal-detail", "get"): PARTICIPANTS,
    ("consortia:proposal-detail", "post"): PARTICIPANTS,
    ("consortia:invitation-respond", "get"): SIGNED_IN,
    # Only the account of the invited address answers (the others: 403).
    ("consortia:invitation-respond", "post"): "lnnonnnnn",
    ("consortia:invitation", "get"): EVERYONE,
    ("consortia:invitation", "post"): EVERYONE,
    ("consortia:invitation-decline", "get"): "mmmmmmmmm",
    ("consortia:invitation-decline", "post"): EVERYONE,
    ("consortia:invitation-new-link", "get"): "mmmmmmmmm",
    ("consortia:invitation-new-link", "post"): EVERYONE,
    ("consortia:organisation-list", "get"): SIGNED_IN,
    ("consortia:organisation-list", "post"): SIGNED_IN,
    ("consortia:organisation-create", "get"): SIGNED_IN,
    ("consortia:organisation-create", "post"): SIGNED_IN,
    ("consortia:organisation-detail", "get"): SIGNED_IN,
    ("consortia:organisation-detail", "post"): SIGNED_IN,
    # The owner created the organisation; superusers hold the change permission.
    ("consortia:organisation-edit", "get"): "lnnnnonno",
    ("consortia:organisation-edit", "post"): "lnnnnonno",
    ("consortia:correction-list", "get"): SIGNED_IN,
    ("consortia:correction-list", "post"): SIGNED_IN,
    # A pending correction of the owner's organisation: its managers (the owner) and whoever
    # may change organisations decide; a second decision is told it was made already.
    ("consortia:correction-accept", "get"): POST_ONLY,
    ("consortia:correction-accept", "post"): "lnnnnonno",
    ("consortia:correction-refuse", "get"): POST_ONLY,
    ("consortia:correction-refuse", "post"): "lnnnnonno",
    ("api-1:openapi-json", "get"): EVERYONE,
    ("api-1:openapi-json", "post"): EVERYONE,
    ("api-1:openapi-view", "get"): EVERYONE,
    ("api-1:openapi-view", "post"): EVERYONE,
    ("api-1:calls", "get"): EVERYONE,
    ("api-1:calls", "post"): "mmmmmmmmm",
    ("api-1:eligibility", "get"): "mmmmmmmmm",
    ("api-1:eligibility", "post"): EVERYONE,
    ("api-1:proposal-export", "get"): "nnnnoonnn",
    ("api-1:proposal-export", "post"): "mmmmmmmmm",
    ("api-1:proposal-import", "get"): "mmmmmmmmm",
    # Anonymous: 401. (The test client skips the CSRF check a browser session meets.)
    ("api-1:proposal-import", "post"): "noooooooo",
    ("api-1:api-root", "get"): "nnnnnnnnn",
    ("api-1:api-root", "post"): "nnnnnnnnn",
}
# The coordinator's wizard and members' actions: the owner alone; GET-only and POST-only
# views answer 405 to the other method once past sign-in.
for name in ["wizard-lot", "wizard-project", "wizard-applicant", "wizard-partners"]:
    EXPECTED[f"consortia:{name}", "get"] = EXPECTED[f"consortia:{name}", "post"] = OWNER
EXPECTED["consortia:wizard-review", "get"] = EXPECTED["consortia:wizard-review", "post"] = OWNER
for name in ["sector-suggestions", "applicant-search", "partner-search"]:
    EXPECTED[f"consortia:{name}", "get"] = OWNER
    EXPECTED[f"consortia:{name}", "post"] = POST_ONLY  # GET only: 405 to a POST
for name in ["partner-row", "eligibility-check", "members-invite", "member-invite"]:
    EXPECTED[f"consortia:{name}", "get"] = POST_ONLY
    EXPECTED[f"consortia:{name}", "post"] = OWNER
for name in ["member-resend", "member-revoke", "member-link", "proposal-submit"]:
    EXPECTED[f"consortia:{name}", "get"] = POST_ONLY
    EXPECTED[f"consortia:{name}", "post"] = OWNER
EXPECTED["consortia:proposal-withdraw", "get"] = POST_ONLY
EXPECTED["consortia:proposal-withdraw", "post"] = OWNER
EXPECTED["consortia:members-panel", "get"] = EXPECTED["consortia:members-panel", "post"] = OWNER

# POSTs that change the owner's members or proposal go late, so that every other cell sees
# the world as it was made, and signing out last of all.
CHANGES_LATE = ("member-", "members-invite", "proposal-submit", "proposal-withdraw")
SIGN_OUT = ("admin:logout", "account_logout")


def in_order(method):
    def rank(pattern):
        if pattern.name in SIGN_OUT:
            return 2
        return int(method == "post" and any(part in pattern.name for part in CHANGES_LATE))

    return sorted(patterns(), key=rank)


# What a POST carries where an empty one would be refused for another reason.
POST_DATA = {"consortia:partner-row": lambda values: {"add": values["other_organisation"]}}
STAFF = {"reviewer", "plain_staff", "superuser"}


def outcomes(role, people, values):
    """Each pattern's class for ``role``, GET then POST, as {(name or route, method): class}."""
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(people[role])
    seen = {}
    for method in ("get", "post"):
        for pattern in in_order(method):
            data = POST_DATA.get(pattern.name, lambda values: {})(values)
            response = getattr(client, method)(url_for(pattern, values), data)
            if response.streaming:  # read to the end: the test client then closes the file
                b"".join(response.streaming_content)
            seen[pattern, method] = classify(response)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(role, settings):
    settings.PORTAL_BASE_URL = "http://testserver"
    people, values = world()
    index = ROLES.index(role)

    wrong = []
    for (pattern, method), got in outcomes(role, people, values).items():
        if pattern.name == "admin:login":  # public, like any sign-in page
            if got != "o":
                wrong.append(f"{method.upper()} /{pattern.route}: {got}, expected o")
        elif pattern.name == "admin:logout":  # signing out (a POST) is for everyone
            if got == "X":
                wrong.append(f"{method.upper()} /{pattern.route}: server error")
        elif pattern.route.startswith("admin/"):
            # Only staff reach Django admin; the others are sent to its sign-in page.
            expected = "not X" if role in STAFF else "l"
            if got == "X" or (role not in STAFF and got != "l"):
                wrong.append(f"{method.upper()} /{pattern.route}: {got}, expected {expected}")
        elif pattern.route.startswith("accounts/"):
            if got == "X":  # allauth's own pages: whatever they do, never a server error
                wrong.append(f"{method.upper()} /{pattern.route}: server error")
        elif (pattern.name, method) not in EXPECTED:
            wrong.append(f"{method.upper()} /{pattern.route} ({pattern.name}): no row in the table")
        elif got != EXPECTED[pattern.name, method][index]:
            expected = EXPECTED[pattern.name, method][index]
            wrong.append(f"{method.upper()} /{pattern.route}: {got}, expected {expected}")

    assert not wrong, "\n".join(wrong)


def test_the_table_has_no_row_for_a_url_that_is_gone():
    names = {pattern.name for pattern in patterns()}
    assert {name for name, _ in EXPECTED} - names == set()

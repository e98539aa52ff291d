"""Templates read like the code: no line longer than 120 characters (issue 16).

Templates written before the rule keep their long lines until they are next worked on:
``LONG_LINES`` counts them file by file, and a file may lose long lines but never gain one.
Plain-text emails (``.txt``) keep theirs: each line break there is one in the email, and a
Django template has no way to hide it."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
LIMIT = 120

LONG_LINES = {
    "403.html": 1,
    "account/email/account_already_exists_message.txt": 2,
    "account/email/base_message.txt": 2,
    "account/email/email_confirmation_message.txt": 3,
    "account/email/email_confirmation_signup_message.txt": 3,
    "account/email/password_reset_key_message.txt": 3,
    "account/email/unknown_account_message.txt": 3,
    "admin/consortia/organisation/change_list.html": 2,
    "admin/consortia/organisation/import_job.html": 11,
    "admin/consortia/proposal/invitations.html": 3,
    "admin/consortia/proposal/report.html": 2,
    "admin/history_list.html": 1,
    "allauth/elements/button.html": 1,
    "base.html": 1,
    "consortia/correction_list.html": 3,
    "consortia/export_job.html": 13,
    "consortia/export_unreadable.html": 3,
    "consortia/invitation.html": 4,
    "consortia/invitation_accepted.html": 1,
    "consortia/invitation_answered.html": 1,
    "consortia/invitation_errors.html": 1,
    "consortia/invitation_problem.html": 3,
    "consortia/invitation_respond.html": 4,
    "consortia/organisation_form.html": 4,
    "consortia/organisation_list.html": 1,
    "consortia/proposal_import.html": 4,
    "consortia/proposal_summary.html": 7,
    "django/forms/widgets/select.html": 2,
    "emails/coordinator_notice.txt": 2,
    "emails/invitation.txt": 6,
    "emails/review_notice.txt": 1,
    "emails/submission_receipt.txt": 2,
    "exports/proposal.html": 21,
}


def long_lines() -> dict[str, int]:
    """The number of lines over the limit in each template that has any."""
    found = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            if count := sum(1 for line in lines if len(line) > LIMIT):
                found[path.relative_to(TEMPLATES).as_posix()] = count
    return found


def test_no_template_gains_a_line_over_120_characters():
    found = long_lines()

    gained = {name: count for name, count in found.items() if count > LONG_LINES.get(name, 0)}

    assert gained == {}, "wrap these templates' lines at 120 characters"


def test_templates_that_lost_long_lines_are_counted_down():
    found = long_lines()

    lost = {
        name: found.get(name, 0) for name, count in LONG_LINES.items() if found.get(name, 0) < count
    }

    assert lost == {}, "lower these counts in LONG_LINES (or remove the files that have none)"

"""Templates read like the code: no line longer than 120 characters (issue 16).

Templates written before the rule keep their long lines until they are next worked on:
``LONG_LINES`` counts them file by file, and a file may lose long lines but never gain one.
Plain-text emails (``.txt``) keep theirs: each line break there is one in the email, and a
Django template has no way to hide it."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
LIMIT = 120

LONG_LINES = {
    "400.html": 2,
    "403.html": 1,
    "403_csrf.html": 2,
    "404.html": 2,
    "429.html": 2,
    "500.html": 2,
    "account/email/account_already_exists_message.txt": 2,
    "account/email/base_message.txt": 2,
    "account/email/email_confirmation_message.txt": 3,
    "account/email/email_confirmation_signup_message.txt": 3,
    "account/email/password_reset_key_message.txt": 3,
    "account/email/unknown_account_message.txt": 3,
    "admin/consortia/organisation/change_list.html": 3,
    "admin/consortia/organisation/import_form.html": 2,
    "admin/consortia/organisation/import_job.html": 11,
    "admin/consortia/proposal/action_form.html": 1,
    "admin/consortia/proposal/invitations.html": 3,
    "admin/consortia/proposal/report.html": 6,
    "admin/history_list.html": 3,
    "admin/index.html": 8,
    "admin/lots/call/change_list.html": 1,
    "admin/lots/call/presets.html": 4,
    "admin/lots/lot/rule_history.html": 2,
    "admin/object_history.html": 2,
    "allauth/elements/button.html": 1,
    "base.html": 6,
    "consortia/correction_list.html": 10,
    "consortia/export_job.html": 14,
    "consortia/export_unreadable.html": 6,
    "consortia/invitation.html": 6,
    "consortia/invitation_accepted.html": 2,
    "consortia/invitation_answered.html": 1,
    "consortia/invitation_errors.html": 3,
    "consortia/invitation_link.html": 5,
    "consortia/invitation_problem.html": 3,
    "consortia/invitation_respond.html": 4,
    "consortia/invitation_sign_out.html": 1,
    "consortia/invitation_wrong_account.html": 1,
    "consortia/organisation_detail.html": 7,
    "consortia/organisation_form.html": 7,
    "consortia/organisation_list.html": 14,
    "consortia/proposal_detail.html": 3,
    "consortia/proposal_import.html": 6,
    "consortia/proposal_summary.html": 7,
    "django/forms/widgets/select.html": 3,
    "emails/coordinator_notice.txt": 2,
    "emails/invitation.txt": 6,
    "emails/review_notice.txt": 1,
    "emails/submission_receipt.txt": 2,
    "exports/proposal.html": 23,
    "includes/language_switcher.html": 2,
    "portal/home.html": 3,
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

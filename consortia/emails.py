"""The emails the portal sends: built from templates (first line: the subject), sent through
Django's default mailer. Notifications go through ``send_once`` so that a task that runs
again sends nothing twice; invitations are kept once by their own row's status.

Each email is rendered in its recipient's language (``translation.override``), whatever the
process's: an invitation and its reminders in ``Invitation.language``; the coordinator's
notices in the coordinator's saved language, else the language of the request that caused
them (kept on the outbox intent), else English. Dates are in Brussels time (TIME_ZONE) and
the recipient's locale."""

from datetime import UTC

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consortia.display import INVITATION_PROBLEMS
from consortia.models import Invitation, KeepUnknown, Proposal, SentEmail, Submission
from consortia.selectors import find_applicant, invitation_problem
from portal.languages import saved_language, supported


def coordinator_language(user, requested: str = "") -> str:
    """The language of an email to a coordinator: their saved choice, else the language of
    the request that caused it (``requested``), else English."""
    return saved_language(user) or supported(requested) or settings.LANGUAGE_CODE


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def proposal_url(proposal: Proposal) -> str:
    return absolute_url(reverse("consortia:proposal-detail", args=[proposal.pk]))


def message(
    template: str, context: dict[str, object], to: list[str], *, language: str
) -> EmailMessage:
    """An email from ``emails/<template>.txt`` in ``language``, whose first line is the
    subject. The body's lines are kept as written; blank lines left by template tags at its
    end are dropped."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        text = render_to_string(f"emails/{template}.txt", {**context, "language": language})
    subject, _blank, body = text.partition("\n")
    email = EmailMessage(subject=subject.strip(), body=body.strip("\n") + "\n", to=to)
    email.extra_headers["Content-Language"] = language
    return email


def send_once(key: str, email: EmailMessage, *, proposal: Proposal | None = None) -> bool:
    """Send ``email`` unless one with ``key`` was sent already; False when skipped. The key is
    claimed first and released if sending fails, so a retry can send it."""
    try:
        with transaction.atomic():
            record = SentEmail.objects.create(
                key=key, to=", ".join(email.to), subject=email.subject, proposal=proposal
            )
    except IntegrityError:
        return False
    try:
        email.send()
    except Exception:
        record.delete()
        raise
    record.sent_at = timezone.now()
    record.save(update_fields=["sent_at"])
    return True


def applicant_name(proposal: Proposal) -> str:
    applicant = find_applicant(proposal)
    return str(applicant.organisation) if applicant else ""


def invitation_message(invitation: Invitation, url: str) -> EmailMessage:
    membership = invitation.membership
    proposal = membership.proposal
    context = {
        "invitation": invitation,
        "membership": membership,
        "organisation": membership.organisation,
        "proposal": proposal,
        "applicant": applicant_name(proposal),
        "deadline": proposal.lot.effective_deadline,
        "url": url,
        "reminder": invitation.reminder_of_id is not None,
    }
    return message("invitation", context, [invitation.email], language=invitation.language)


def coordinator_notice(invitation: Invitation, event: str, language: str = "") -> EmailMessage:
    """To the coordinator: a partner accepted, declined, or asks for a new link."""
    membership = invitation.membership
    proposal = membership.proposal
    responder = invitation.responded_by
    language = coordinator_language(proposal.owner, language)
    with translation.override(language):
        person = (
            responder.email
            if responder
            else _("Someone with the invitation link for %(email)s (not signed in)")
            % {"email": invitation.email}
        )
        problem = str(INVITATION_PROBLEMS.get(invitation_problem(invitation) or "", ""))
    context = {
        "accepted": event == Invitation.Status.ACCEPTED,
        "declined": event == Invitation.Status.DECLINED,
        "invitation": invitation,
        "membership": membership,
        "organisation": membership.organisation,
        "proposal": proposal,
        # A decline needs no account: then nobody is named, as anyone holding the link may
        # have sent it.
        "person": person,
        "problem": problem,
        "url": absolute_url(reverse("consortia:wizard-review", args=[proposal.pk])),
    }
    return message("coordinator_notice", context, [proposal.owner.email], language=language)


def submission_receipt(submission: Submission, language: str = "") -> EmailMessage:
    proposal = submission.proposal
    context = {
        "submission": submission,
        "submitted_utc": submission.submitted_at.astimezone(UTC).isoformat(timespec="seconds"),
        "proposal": proposal,
        "deadline": proposal.lot.effective_deadline,
        "url": proposal_url(proposal),
    }
    to = submission.submitted_by
    language = coordinator_language(to, language)
    return message("submission_receipt", context, [to.email], language=language)


def review_notice(proposal: Proposal, language: str = "") -> EmailMessage:
    context = {"proposal": proposal, "url": proposal_url(proposal)}
    language = coordinator_language(proposal.owner, language)
    return message("review_notice", context, [proposal.owner.email], language=language)


def coordinator_message(proposal: Proposal, subject: str, body: str) -> EmailMessage:
    """A reviewer's message; placeholders {acronym}, {title}, {coordinator} filled in."""
    values = KeepUnknown(
        acronym=proposal.acronym, title=proposal.title, coordinator=proposal.owner.email
    )
    return EmailMessage(
        subject=subject.format_map(values), body=body.format_map(values), to=[proposal.owner.email]
    )

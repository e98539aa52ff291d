"""The members table of the review step as typed rows: each member's invitation state and the
actions its coordinator may take on it, and what remains before submission. Decided here, so
that the templates only show them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.display import InvitationState, invitation_state
from consortia.models import Membership, Proposal
from lots.choices import Role
from lots.rules import Report


@dataclass(frozen=True)
class MemberAction:
    """One button of a member's row, alone in a POST form that comes back to the review step
    (``consortia/includes/member_action.html``). ``blocked_by`` is the id of the text saying
    why the button is disabled; ``confirm`` is the question portal.js asks first."""

    id: str
    url: str
    label: str
    aria_label: str
    style: str
    confirm: str = ""
    blocked_by: str = ""
    submit_once: bool = True


@dataclass(frozen=True)
class MemberRow:
    """A member as the table shows it. ``no_contact_id`` names the note asking for a contact
    email, when the invitation waits for one."""

    membership: Membership
    state: InvitationState
    is_applicant: bool
    actions: tuple[MemberAction, ...] = ()
    no_contact_id: str = ""


def member_actions(proposal: Proposal, membership: Membership, state: str) -> list[MemberAction]:
    """Invite (again) a member not invited or who declined; resend or revoke a pending
    invitation; a new link for anyone who has not accepted."""
    args = [proposal.pk, membership.pk]
    names = {"organisation": membership.organisation}
    actions = []
    if state in (Membership.Status.TO_INVITE, Membership.Status.DECLINED):
        again = state == Membership.Status.DECLINED
        actions.append(
            MemberAction(
                id=f"invite-{membership.pk}",
                url=reverse("consortia:member-invite", args=args),
                label=_("Invite again") if again else _("Invite"),
                aria_label=(
                    _("Invite again: %(organisation)s") if again else _("Invite %(organisation)s")
                )
                % names,
                style="btn-outline-primary",
                blocked_by="" if membership.contact_email else f"no-contact-{membership.pk}",
            )
        )
    elif state != Membership.Status.ACCEPTED:
        actions.append(
            MemberAction(
                id=f"resend-{membership.pk}",
                url=reverse("consortia:member-resend", args=args),
                label=_("Resend"),
                aria_label=_("Resend to %(organisation)s") % names,
                style="btn-outline-primary",
            )
        )
        actions.append(
            MemberAction(
                id=f"revoke-{membership.pk}",
                url=reverse("consortia:member-revoke", args=args),
                label=_("Revoke"),
                aria_label=_("Revoke the invitation of %(organisation)s") % names,
                style="btn-outline-danger",
                confirm=_("Revoke the invitation of %(name)s? Its link stops working.")
                % {"name": membership.organisation},
            )
        )
    if state != Membership.Status.ACCEPTED:
        actions.append(
            MemberAction(
                id=f"link-{membership.pk}",
                url=reverse("consortia:member-link", args=args),
                label=_("Copy link"),
                aria_label=_("Copy link: a new invitation link for %(organisation)s") % names,
                style="btn-link",
                submit_once=False,
            )
        )
    return actions


def member_row(proposal: Proposal, membership: Membership) -> MemberRow:
    """One member's row (from a membership with its invitations prefetched)."""
    state = invitation_state(membership)
    if membership.role == Role.APPLICANT:
        return MemberRow(membership, state, is_applicant=True)
    actions = member_actions(proposal, membership, state.code)
    blocked = any(action.blocked_by for action in actions)
    return MemberRow(
        membership,
        state,
        is_applicant=False,
        actions=tuple(actions),
        no_contact_id=f"no-contact-{membership.pk}" if blocked else "",
    )


def what_remains(report: Report, rows: list[MemberRow]) -> list[str]:
    """What the coordinator still has to do before submitting: each failing check with its
    hint, then each partner without a contact email; empty when nothing remains."""
    remaining = [f"{check.message} {check.hint}" for check in report.failed]
    remaining += [
        _("Add a contact email for %(organisation)s, so that it can be invited.")
        % {"organisation": row.membership.organisation}
        for row in rows
        if not row.is_applicant and not row.membership.contact_email
    ]
    return remaining


@dataclass(frozen=True)
class RowInvitation:
    """What the partners step shows of a saved row's invitation: its state, why the member
    must be asked again (if so), and the question asked before removing a member who
    accepted (removing it withdraws the acceptance)."""

    state: InvitationState
    asked_again: str = ""
    removal_question: str = ""


def row_invitation(membership: Membership) -> RowInvitation:
    """A saved member's invitation, for its row on the partners step (from prefetched
    invitations)."""
    state = invitation_state(membership)
    if state.code == Membership.Status.TO_INVITE:
        return RowInvitation(state, asked_again=state.detail)
    if state.code == Membership.Status.ACCEPTED:
        question = _(
            "%(name)s has accepted the invitation. Remove it from the consortium? Its acceptance "
            "and mandate are withdrawn."
        ) % {"name": membership.organisation}
        return RowInvitation(state, removal_question=question)
    return RowInvitation(state)

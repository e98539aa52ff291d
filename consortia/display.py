"""How invitations are shown to people: the coordinator's word for each member's state and
why a link no longer works. Presentation over what the selectors read; no queries."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from consortia.models import Invitation, Membership
from consortia.selectors.invitations import answer_undone

INVITATION_PROBLEMS = {
    "tampered": _("This link has been altered or is incomplete."),
    "unknown": _("This link is no longer valid: a newer invitation replaced it."),
    "revoked": _("This invitation was withdrawn by the coordinator."),
    "answered": _("Your organisation has answered already, through another invitation link."),
    "used": _("This invitation has been answered already; a link works only once."),
    "expired": _("This invitation has expired."),
}


def long_date(moment: datetime) -> str:
    """A day as the active language writes it in full ("5 March 2030", "5 mars 2030",
    "5. März 2030"), in Brussels time."""
    return date_format(localtime(moment), pgettext("date format", "j F Y"))


# A sent link past its date: not a stored status, read from ``Invitation.is_expired``.
EXPIRED = "expired"


@dataclass(frozen=True)
class InvitationState:
    """What the coordinator sees of a member: a code, its label, and a detail (an error, a
    reason, a date). The code is a status of the models, never a word of its own: the member's
    (``Membership.Status``: to_invite, accepted, declined), else its latest invitation's
    (``Invitation.Status``: queued, sent, failed), else ``EXPIRED``."""

    code: str
    label: str
    detail: str = ""


def state(status: Membership.Status | Invitation.Status, detail: str = "") -> InvitationState:
    return InvitationState(status.value, status.label, detail)


def invitation_state(membership: Membership) -> InvitationState:
    """The member's invitation as the coordinator sees it (from prefetched invitations)."""
    latest = next(
        (i for i in membership.invitations.all() if i.status != Invitation.Status.REVOKED), None
    )
    if membership.status == Membership.Status.ACCEPTED:
        return state(Membership.Status.ACCEPTED)
    if membership.status == Membership.Status.DECLINED:
        return state(Membership.Status.DECLINED, latest.decline_reason if latest else "")
    if membership.status == Membership.Status.TO_INVITE:
        again = _("answered before its role or contact changed: invite it again")
        return state(Membership.Status.TO_INVITE, again if answer_undone(membership) else "")
    if latest is None:
        return state(Membership.Status.TO_INVITE)
    if latest.status == Invitation.Status.FAILED:
        if latest.is_expired:
            return state(Invitation.Status.FAILED, latest.last_error)
        retrying = _("%(error)s; tried again by itself until the link expires") % {
            "error": latest.last_error
        }
        return state(Invitation.Status.FAILED, retrying)
    if latest.status == Invitation.Status.QUEUED:
        retrying = _("retrying after: %(error)s") % {"error": latest.last_error}
        return state(Invitation.Status.QUEUED, retrying if latest.last_error else "")
    if latest.is_expired:
        on = _("on %(date)s") % {"date": long_date(latest.expires_at)}
        return InvitationState(EXPIRED, _("Expired"), on)
    expires = _("expires %(date)s") % {"date": long_date(latest.expires_at)}
    return state(Invitation.Status.SENT, expires)

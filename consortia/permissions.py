"""Who may do what: predicates without side effects. Those a service enforces with the
same words a page shows answer with the reason (``Answer``), so the service does not repeat
the rule: ``permissions.can_withdraw_proposal(by, proposal).require()``."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consortia.exceptions import NotAllowed
from consortia.models import Invitation, Organisation, Proposal
from consortia.selectors.directory import is_manager
from consortia.selectors.invitations import has_verified_address
from consortia.selectors.proposals import accepted_member

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Answer:
    """True when allowed; false with ``reason``, the sentence the user is shown."""

    reason: str = ""

    def __bool__(self) -> bool:
        return not self.reason

    def require(self) -> None:
        """Raise ``NotAllowed`` with the reason when not allowed."""
        if self.reason:
            raise NotAllowed(self.reason)


ALLOWED = Answer()


def is_coordinator(user: User, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.owner_id == user.pk


def can_edit_proposal(user: User, proposal: Proposal) -> bool:
    """The coordinator edits a draft or a withdrawn proposal; nobody edits a submitted one."""
    return is_coordinator(user, proposal) and proposal.status != Proposal.Status.SUBMITTED


def deadline_open(proposal: Proposal) -> Answer:
    """Before the lot's deadline (Brussels time), if it has one."""
    deadline = proposal.lot.effective_deadline
    if deadline is None or timezone.now() < deadline:
        return ALLOWED
    when = dateformat.format(
        timezone.localtime(deadline), pgettext("date and time format", "j F Y, H:i")
    )
    return Answer(_("The deadline passed on %(date)s (Brussels time).") % {"date": when})


def can_submit_proposal(user: User, proposal: Proposal) -> Answer:
    """Whether to offer submission; the service checks the report too."""
    if not can_edit_proposal(user, proposal):
        return Answer(_("Only the coordinator can submit a proposal, once."))
    return deadline_open(proposal)


def can_withdraw_proposal(user: User, proposal: Proposal) -> Answer:
    if not (is_coordinator(user, proposal) and proposal.status == Proposal.Status.SUBMITTED):
        return Answer(_("Only the coordinator can withdraw a submitted proposal."))
    return deadline_open(proposal)


REVIEWERS_GROUP = "Reviewers"


def can_review(user: User) -> bool:
    """Reviewers (the Reviewers group's review_proposal permission; superusers hold every
    permission) see every proposal's exports and record outcomes. is_staff alone only opens
    the admin to what an admin gave."""
    return user.is_authenticated and user.has_perm("consortia.review_proposal")


def can_export_proposal(user: User, proposal: Proposal) -> bool:
    """The coordinator, partners who accepted, and reviewers."""
    return is_coordinator(user, proposal) or can_review(user) or accepted_member(user, proposal)


def manages(user: User, organisation: Organisation) -> bool:
    return user.is_authenticated and is_manager(user, organisation)


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    """Its managers, and staff given the change permission (``is_staff`` alone is not enough);
    the same people accept or refuse the corrections others propose."""
    return user.is_authenticated and (
        user.has_perm("consortia.change_organisation") or manages(user, organisation)
    )


def can_import_directory(user: User) -> bool:
    """Staff who may both add and change organisations load the directory from a file."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("consortia.add_organisation")
        and user.has_perm("consortia.change_organisation")
    )


def can_export_directory(user: User) -> bool:
    """Staff who may view the directory in the admin export what they see there."""
    return user.is_authenticated and user.is_staff and user.has_perm("consortia.view_organisation")


def can_answer_invitation(user: User, invitation: Invitation) -> bool:
    """Only an account that verified the address the invitation went to accepts it: holding
    the link is not enough, since a copied link passes through the coordinator's hands."""
    return user.is_authenticated and has_verified_address(user, invitation.email)

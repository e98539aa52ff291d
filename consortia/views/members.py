"""The coordinator's side of invitations and submission: each member's invitation state with
invite, resend, revoke and copy-link actions; submitting and withdrawing the proposal."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consortia import permissions, selectors, services, specs
from consortia.exceptions import AlreadySubmitted, NotAllowed
from consortia.models import Invitation, Membership, Proposal
from consortia.views.member_rows import MemberRow, member_row

# Invitation states that change soon without the coordinator doing anything: a worker sends
# (or fails to). The review step polls the members table only while one is shown; partners'
# answers, which take days, show on the next visit.
AWAITED = {Invitation.Status.QUEUED}


def members_fingerprint(rows: list[MemberRow]) -> str:
    """A short digest of what the members table shows, to answer an unchanged poll with 204."""
    shown = [
        (member.pk, member.contact_email, member.mandate_version, state.code, str(state.detail))
        for member, state in ((row.membership, row.state) for row in rows)
    ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


def members_context(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    memberships = selectors.memberships_with_invitations(proposal)
    rows = [member_row(proposal, m) for m in memberships]
    return {
        "members": rows,
        "fingerprint": members_fingerprint(rows),
        "polling": any(row.state.code in AWAITED for row in rows),
        "poll_seconds": settings.MEMBERS_POLL_SECONDS,
        "can_invite_any": any(m.left_to_invite for m in memberships),
        "can_edit": permissions.can_edit_proposal(request.user, proposal),
        "can_submit": permissions.can_submit_proposal(request.user, proposal),
        "can_withdraw": permissions.can_withdraw_proposal(request.user, proposal),
        "submission": selectors.current_submission(proposal),
        "exports": selectors.recent_exports(proposal),
    }


def back(request: HttpRequest, proposal: Proposal, lands: str = "") -> HttpResponse:
    """Back to the page the action came from (a path of this site), else the review step;
    ``lands`` names the element where the action landed (the member's status, the receipt),
    which portal.js focuses on arrival, so that focus never falls back to <body>."""
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}
    ):
        target = reverse("consortia:wizard-review", args=[proposal.pk])
    if lands and "#" not in target:
        target += f"#{lands}"
    return HttpResponseRedirect(target)


def landing(view_name: str, kwargs: dict[str, Any]) -> str:
    """Where the focus goes after an action: the member's invitation status for an action on
    one member, the table for "invite all", the receipt after submitting, the step after
    withdrawing."""
    if "membership_id" in kwargs:
        return f"member-{kwargs['membership_id']}-status"
    return {"invite_all": "members-heading", "submit": "receipt"}.get(view_name, "review-heading")


def coordinator_action(
    question: Callable[..., str] | None = None,
) -> Callable[[Callable[..., str]], Callable[..., HttpResponse]]:
    """A POST by the proposal's coordinator (anyone else gets 404): run the action, show its
    message or the reason it was refused, and go back. With a ``question``, an action that
    cannot be undone is confirmed first: with JavaScript in a dialog (which posts
    "confirmed"), without it on a page of its own."""

    def decorator(view: Callable[..., str]) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        @wraps(view)
        def act(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
            if question is not None and "confirmed" not in request.POST:
                context = {
                    "proposal": proposal,
                    "question": question(proposal, **kwargs),
                    "next": request.POST.get("next", ""),
                }
                return render(request, "consortia/confirm.html", context)
            try:
                messages.success(request, view(request, proposal, **kwargs))
            except NotAllowed as error:
                messages.error(request, error.text)
            return back(request, proposal, landing(view.__name__, kwargs))

        return act

    return decorator


def member_of(proposal: Proposal, membership_id: int) -> Membership:
    return get_object_or_404(proposal.memberships.select_related("organisation"), pk=membership_id)


@coordinator_action()
def invite_all(request: HttpRequest, proposal: Proposal) -> str:
    invited = services.invite_members(proposal=proposal, by=request.user)
    if not invited:
        return _("Every partner with a contact email is invited already.")
    return ngettext(
        "%(count)d invitation is on its way.",
        "%(count)d invitations are on their way.",
        len(invited),
    ) % {"count": len(invited)}


@coordinator_action()
def invite_one(request: HttpRequest, proposal: Proposal, membership_id: int) -> str:
    membership = member_of(proposal, membership_id)
    if not services.invite_members(
        proposal=proposal, by=request.user, membership_ids=[membership.pk]
    ):
        raise NotAllowed(
            _("%(name)s needs a contact email and no pending invitation.")
            % {"name": membership.organisation}
        )
    return _("The invitation to %(email)s is on its way.") % {"email": membership.contact_email}


@coordinator_action()
def resend(request: HttpRequest, proposal: Proposal, membership_id: int) -> str:
    membership = member_of(proposal, membership_id)
    services.resend_invitation(membership=membership, by=request.user)
    return _("A new invitation to %(email)s is on its way; earlier links no longer work.") % {
        "email": membership.contact_email
    }


def revoke_question(proposal: Proposal, membership_id: int) -> str:
    membership = member_of(proposal, membership_id)
    return _("Revoke the invitation of %(name)s? Its link stops working.") % {
        "name": membership.organisation
    }


@coordinator_action(revoke_question)
def revoke(request: HttpRequest, proposal: Proposal, membership_id: int) -> str:
    membership = member_of(proposal, membership_id)
    services.revoke_invitations(membership=membership, by=request.user)
    return _("The invitation of %(name)s is revoked.") % {"name": membership.organisation}


@login_required
@require_POST
def copy_link(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    """A new invitation link, shown once (only its hash is kept)."""
    proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
    membership = member_of(proposal, membership_id)
    try:
        url = services.create_link(membership=membership, by=request.user)
    except NotAllowed as error:
        messages.error(request, error.text)
        return back(request, proposal)
    context = {
        "proposal": proposal,
        "membership": membership,
        "url": url,
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    return render(request, "consortia/invitation_link.html", context)


@login_required
def members_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The members table alone, which the review step polls to show answers as they come;
    204 (nothing to swap) when it is what the page shows already."""
    proposal = get_object_or_404(selectors.proposals_owned_by(request.user), pk=pk)
    context = {"proposal": proposal, **members_context(request, proposal)}
    if request.GET.get("known") == context["fingerprint"]:
        return HttpResponse(status=204)
    return render(request, "consortia/wizard_review.html#members", context)


@coordinator_action()
def submit(request: HttpRequest, proposal: Proposal) -> str:
    try:
        submission = services.submit_proposal(proposal=proposal, by=request.user)
    except AlreadySubmitted as done:
        return done.message
    return _("Submitted. Your receipt (SHA-256 %(sha)s) is on its way by email.") % {
        "sha": submission.sha256[:16] + "…"
    }


def withdraw_question(proposal: Proposal) -> str:
    return _(
        "Withdraw %(proposal)s? It is no longer submitted until you submit it again, before "
        "the deadline."
    ) % {"proposal": proposal}


@coordinator_action(withdraw_question)
def withdraw(request: HttpRequest, proposal: Proposal) -> str:
    services.withdraw_proposal(proposal=proposal, by=request.user)
    return _("Withdrawn. You can change the proposal and submit it again before the deadline.")


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal read-only, for its coordinator and for the partners who accepted; the
    coordinator works on it in the wizard."""
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    if permissions.is_coordinator(request.user, proposal):
        return redirect("consortia:wizard-review", pk=proposal.pk)
    selectors.show_as_submitted([proposal])
    context = {
        "proposal": proposal,
        "applicant": selectors.applicant_of(proposal),
        "report": specs.evaluate(proposal).report,
        **members_context(request, proposal),
    }
    return render(request, "consortia/proposal_detail.html", context)

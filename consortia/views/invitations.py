"""The partner's side: the link from the invitation email, signing in or up, confirming the
organisation's data and the mandate, and accepting or declining. A link that cannot be used
says why and reveals nothing of the proposal; only the account of the invited address, once
verified, accepts.

The link's pages speak the invitation's language to a visitor who has not chosen one (no
language cookie, no saved choice): the language is activated for the response and kept in
the cookie, so the next pages follow; the visitor's own choice wins from then on."""

from collections.abc import Callable
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consortia import display, permissions, selectors, services
from consortia.exceptions import NotAllowed
from consortia.forms import AcceptInvitationForm, DeclineInvitationForm, show_error
from consortia.models import Invitation
from portal.languages import saved_language, set_language_cookie, supported

SESSION_KEY = "invitation_token"
CORRECTION_WAITS = gettext_lazy(
    "Your corrections to the organisation's data wait for its managers: until they accept "
    "them, proposals show the data as it was."
)
PROBLEM_STATUS = {
    "tampered": 400,
    "unknown": 404,
    "revoked": 410,
    "answered": 410,
    "used": 410,
    "expired": 410,
}


def speak_invitation_language(request: HttpRequest, invitation: Invitation | None) -> None:
    """Show the page in the invitation's language to a visitor who chose none yet: no
    language cookie and no saved choice. ``invitation_language`` tells the decorator below to
    keep it in the cookie."""
    if invitation is None or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    language = supported(invitation.language)
    if language is None or saved_language(request.user):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.invitation_language = language


def remembers_invitation_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sets the language cookie to the language the page was shown in, when the view chose
    it (``speak_invitation_language``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        language = getattr(request, "invitation_language", None)
        if language:
            set_language_cookie(response, language)
        return response

    return wrapped


def problem_page(
    request: HttpRequest, token: str, problem: str, invitation: Invitation | None = None
) -> HttpResponse:
    """Why the link cannot be used, with the way on; a link its holder declined says when
    (410 all the same: the link is gone)."""
    speak_invitation_language(request, invitation)
    declined = invitation is not None and invitation.status == Invitation.Status.DECLINED
    context = {
        "problem": "declined" if declined else problem,
        "message": display.INVITATION_PROBLEMS[problem],
        "invitation": invitation if declined else None,
        "token": token,
        "can_ask": problem in ("revoked", "used", "expired", "answered"),
        "declined": declined,
        "expired": problem == "expired",
        "revoked": problem == "revoked",
        "answered": problem in ("used", "answered"),
    }
    return render(
        request, "consortia/invitation_problem.html", context, status=PROBLEM_STATUS[problem]
    )


def summary_context(invitation: Invitation) -> dict[str, object]:
    proposal = selectors.proposals_with_consortium().get(pk=invitation.membership.proposal_id)
    return {
        "invitation": invitation,
        "membership": invitation.membership,
        "proposal": proposal,
        "applicant": selectors.applicant_of(proposal),
    }


def wrong_account_page(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """403 for a signed-in account without the invited address: which address to sign in with."""
    context = {"invitation": invitation, "token": token}
    return render(request, "consortia/invitation_wrong_account.html", context, status=403)


@remembers_invitation_language
def open_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page: the proposal's summary, and the ways to accept or decline. Opening an
    emailed link counts as verifying the invited address for signing up (it reached that
    mailbox); a copied link passed through the coordinator's hands, so allauth verifies the
    address by email as for any sign-up."""
    invitation, problem = selectors.invitation_for_token(token)
    speak_invitation_language(request, invitation)
    if invitation is not None and invitation.status == Invitation.Status.ACCEPTED:
        return render(request, "consortia/invitation_accepted.html", {"invitation": invitation})
    if problem is not None:
        return problem_page(request, token, problem, invitation)
    request.session[SESSION_KEY] = token
    if invitation.channel == Invitation.Channel.EMAIL:
        get_adapter(request).stash_verified_email(request, invitation.email)
    respond = reverse("consortia:invitation-respond")
    query = urlencode({"email": invitation.email, "next": respond})
    context = {
        **summary_context(invitation),
        "token": token,
        "decline_form": DeclineInvitationForm(),
        "signup_url": f"{reverse('account_signup')}?{query}",
        "login_url": f"{reverse('account_login')}?{query}",
        "respond_url": respond,
        "can_answer": permissions.can_answer_invitation(request.user, invitation),
    }
    return render(request, "consortia/invitation.html", context)


@login_required
@remembers_invitation_language
def respond(request: HttpRequest) -> HttpResponse:
    """Signed in: confirm the organisation's data (and the mandate, for a full partner), and
    accept."""
    token = request.session.get(SESSION_KEY, "")
    invitation, problem = selectors.invitation_for_token(token)
    speak_invitation_language(request, invitation)
    if problem is not None:
        return problem_page(request, token, problem, invitation)
    if not permissions.can_answer_invitation(request.user, invitation):
        return wrong_account_page(request, invitation, token)
    mandate = selectors.latest_mandate()
    form = AcceptInvitationForm(
        request.POST or None,
        instance=invitation.membership.organisation,
        membership=invitation.membership,
        mandate=mandate,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                invitation=invitation,
                by=request.user,
                mandate_version=form.cleaned_data.get("mandate_version"),
                organisation_fields=form.organisation_fields(),
            )
        except NotAllowed as error:
            show_error(form, error)
            if "mandate" in error.fields:
                form.offer_current_mandate()
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request, _("Thank you: you accepted, and the coordinator has been told.")
            )
            if selectors.corrections_waiting(invitation.membership.organisation, request.user):
                messages.info(request, CORRECTION_WAITS)
            return redirect("consortia:proposal-detail", pk=invitation.membership.proposal_id)
    context = {**summary_context(invitation), "form": form, "mandate_text": form.mandate_text}
    status = 400 if request.method == "POST" else 200
    return render(request, "consortia/invitation_respond.html", context, status=status)


@require_POST
@remembers_invitation_language
def decline(request: HttpRequest, token: str) -> HttpResponse:
    invitation, problem = selectors.invitation_for_token(token)
    speak_invitation_language(request, invitation)
    if problem is not None:
        return problem_page(request, token, problem, invitation)
    form = DeclineInvitationForm(request.POST)
    if form.is_valid():
        try:
            services.decline_invitation(
                invitation=invitation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except NotAllowed as error:
            show_error(form, error)
        else:
            return render(request, "consortia/invitation_answered.html", {"declined": True})
    context = {**summary_context(invitation), "token": token, "decline_form": form}
    return render(request, "consortia/invitation.html", context, status=400)


@require_POST
@remembers_invitation_language
def ask_for_new_link(request: HttpRequest, token: str) -> HttpResponse:
    """From an expired, revoked or used link: ask the coordinator for a new one."""
    invitation, problem = selectors.invitation_for_token(token)
    speak_invitation_language(request, invitation)
    if invitation is None:
        return problem_page(request, token, problem or "unknown")
    services.request_new_link(invitation=invitation)
    return render(request, "consortia/invitation_answered.html", {"asked": True})

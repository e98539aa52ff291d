"""Corrections of organisation data proposed by partners: the managers' list, accept, refuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from consortia import selectors, services
from consortia.exceptions import NotAllowed

DECISIONS = {
    "accept": (services.accept_correction, _("Correction accepted: %(name)s is updated.")),
    "refuse": (services.refuse_correction, _("Correction refused: %(name)s is unchanged.")),
}


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    corrections = selectors.corrections_to_decide(request.user)
    return render(request, "consortia/correction_list.html", {"corrections": corrections})


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    correction = get_object_or_404(selectors.corrections_for(request.user), pk=pk)
    decide, done = DECISIONS[decision]
    try:
        decide(correction=correction, by=request.user)
    except NotAllowed as error:
        messages.error(request, error.text)
    else:
        messages.success(request, done % {"name": correction.organisation})
    return redirect("consortia:correction-list")

"""Sector suggestions under the wizard's Sector box, as the coordinator types (htmx)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consortia import selectors
from lots.selectors import sectors_matching

SUGGESTIONS = 8


@login_required
@require_GET
def sector_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The best matches for the typed ``sector`` as a listbox; the proposal's coordinator only."""
    if not selectors.proposals_owned_by(request.user).filter(pk=pk).exists():
        raise Http404
    query = request.GET.get("sector", "").strip()
    sectors = sectors_matching(query).ranked[:SUGGESTIONS] if query else []
    context = {"query": query, "sectors": sectors}
    return render(request, "consortia/wizard_project.html#sector_suggestions", context)

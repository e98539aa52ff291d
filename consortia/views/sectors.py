"""Sector suggestions under the wizard's Sector box, as the coordinator types (htmx)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from consortia import selectors
from consortia.forms.wizard import no_sector_message
from lots.selectors import sectors_matching, sectors_of

SUGGESTIONS = 8


@login_required
@require_GET
def sector_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The best matches among the lot's sectors for the typed ``sector`` as a listbox; the
    proposal's coordinator only."""
    proposal = get_object_or_404(selectors.proposal_lots_owned_by(request.user), pk=pk)
    query = request.GET.get("sector", "").strip()
    offered = list(sectors_of(proposal.lot)) if query else []
    sectors = sectors_matching(query, offered).ranked[:SUGGESTIONS]
    no_match = no_sector_message(query, proposal.lot, offered) if query and not sectors else ""
    context = {"query": query, "sectors": sectors, "no_match": no_match}
    return render(request, "consortia/wizard_project.html#sector_suggestions", context)

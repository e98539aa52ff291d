"""The organisation directory: search, detail, create, and edit (its managers, and staff with
the change permission)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property

from consortia import permissions, selectors, services
from consortia.exceptions import NotAllowed
from consortia.forms import DirectoryFilterForm, OrganisationForm, show_error
from consortia.models import Organisation

PAGE_SIZE = 25
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Pages through the first ``COUNT_CAP`` matches only: counting every match of a broad
    search in a large directory costs more than the page itself, and narrowing the search
    finds an organisation sooner than page 41 would."""

    @cached_property
    def matches(self) -> int:
        """The number of matches, or ``COUNT_CAP + 1`` for more: one bounded count query."""
        return self.object_list[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.matches, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.matches > COUNT_CAP


def summary_takes_focus(form: OrganisationForm) -> OrganisationForm:
    """On its own page a refused form's error summary takes the focus, not its first field
    (``OrganisationForm.full_clean`` focuses that field for the wizard's inline forms)."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    return form


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    organisations = selectors.organisations_matching(
        data.get("q", ""),
        country=data.get("country", ""),
        kind=data.get("kind", ""),
        sector=data.get("sector"),
    )
    page = CappedPaginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "searched": any(data.values()),
    }
    return render(request, "consortia/organisation_list.html", context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_with_sectors(), pk=pk)
    can_edit = permissions.can_edit_organisation(request.user, organisation)
    pending = selectors.pending_correction_count(organisation) if can_edit else 0
    context = {"organisation": organisation, "can_edit": can_edit, "pending": pending}
    return render(request, "consortia/organisation_detail.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(by=request.user, **form.service_fields())
        except NotAllowed as error:
            show_error(form, error)
        else:
            return redirect(organisation)
    context = {"form": summary_takes_focus(form)}
    return render(request, "consortia/organisation_form.html", context)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise Http404
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation=organisation, by=request.user, **form.service_fields()
            )
        except NotAllowed as error:
            show_error(form, error)
        else:
            return redirect(organisation)
    context = {"form": summary_takes_focus(form), "organisation": organisation}
    return render(request, "consortia/organisation_form.html", context)

"""The directory's import and export pages in the admin: upload a CSV or XLSX file, see its
preview (new, changed, unchanged and refused rows), confirm it, follow a background import's
progress; export the organisation list as filtered, as CSV or XLSX."""

from collections.abc import Sequence
from typing import Any, NamedTuple

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortia import directory_files, permissions, selectors, services
from consortia.directory_files import UnreadableFile
from consortia.directory_preview import CHANGED, NEW, REFUSED
from consortia.exceptions import NotAllowed
from consortia.forms import show_error
from consortia.models import DirectoryImport

# Rows of each kind the preview page lists; the counts cover them all.
SHOWN_ROWS = 500
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DirectoryFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8) or Excel (.xlsx); its first row names the columns, as an export does."
        ),
    )


def page(model_admin: admin.ModelAdmin, request: HttpRequest, template: str, **context: Any):
    return TemplateResponse(
        request,
        f"admin/consortia/organisation/{template}",
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context},
    )


def require_import(request: HttpRequest) -> None:
    if not permissions.can_import_directory(request.user):
        raise PermissionDenied


def upload(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    require_import(request)
    form, too_big = DirectoryFileForm(), ""
    if request.method == "POST":
        # Refused on its announced length, before the upload is parsed.
        if int(request.META.get("CONTENT_LENGTH") or 0) > upload_limit():
            too_big = too_big_message()
        elif (form := DirectoryFileForm(request.POST, request.FILES)).is_valid():
            try:
                job = services.upload_directory_file(
                    file=form.cleaned_data["file"], by=request.user
                )
            except UnreadableFile as error:
                form.add_error("file", error.message)
            except NotAllowed as error:
                show_error(form, error, field="file")
            else:
                return redirect(job)
    return page(
        model_admin,
        request,
        "import_form.html",
        form=form,
        too_big=too_big,
        title=_("Import organisations"),
    )


def upload_limit() -> int:
    """The largest request an upload may be: the file plus the form around it."""
    return settings.DIRECTORY_IMPORT_MAX_BYTES + 64 * 1024


def too_big_message() -> str:
    return _("The file is larger than %(limit)d MB; split it.") % {
        "limit": settings.DIRECTORY_IMPORT_MAX_BYTES // 2**20
    }


class Section(NamedTuple):
    """A table of the preview: its last column shows the rows' reasons, changes or country."""

    heading: str
    status: str
    rows: Sequence[Any]
    shows_reasons: bool = False
    shows_changes: bool = False


def job_page(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """The preview until confirmed; then the progress (the page reloads itself every two
    seconds, no JavaScript needed) and the outcome."""
    require_import(request)
    job = get_object_or_404(selectors.directory_imports(), pk=pk)
    context: dict[str, Any] = {
        "job": job,
        "title": _("Import of %(file)s") % {"file": job.filename},
    }
    if job.is_previewed:
        try:
            preview = services.job_preview(job)
        except UnreadableFile as error:
            messages.error(request, error.message)
            return redirect("admin:consortia_organisation_import")
        context |= {
            "counts": preview.counts,
            "sections": [
                Section(
                    _("Refused rows"), REFUSED, preview.of(REFUSED)[:SHOWN_ROWS], shows_reasons=True
                ),
                Section(
                    _("Changed organisations"),
                    CHANGED,
                    preview.of(CHANGED)[:SHOWN_ROWS],
                    shows_changes=True,
                ),
                Section(_("New organisations"), NEW, preview.of(NEW)[:SHOWN_ROWS]),
            ],
            "shown_rows": SHOWN_ROWS,
            "background": job.rows > settings.IMPORT_SYNC_MAX_ROWS,
        }
    return page(model_admin, request, "import_job.html", **context)


def confirm(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    require_import(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = get_object_or_404(DirectoryImport, pk=pk)
    try:
        job = services.confirm_directory_import(job=job, by=request.user)
    except NotAllowed as error:
        messages.error(request, error.text)
    return redirect(job)


def refused_rows(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """The refused rows as CSV, each with its reasons in a last column, to correct and upload."""
    require_import(request)
    job = get_object_or_404(DirectoryImport, pk=pk)
    try:
        refused = services.job_preview(job).of(REFUSED)
    except UnreadableFile as error:
        raise Http404(error.message) from error
    rows = [[*directory_files.COLUMNS, "reasons"]] + [
        [*(row.values.get(column, "") for column in directory_files.COLUMNS), " ".join(row.reasons)]
        for row in refused
    ]
    stem = job.filename.rsplit(".", 1)[0]
    return attachment(directory_files.csv_file(rows), f"refused-{stem}.csv", "csv")


def export(model_admin: admin.ModelAdmin, request: HttpRequest, format: str) -> HttpResponse:
    """The changelist's organisations (its filters, search and order) in ``format``."""
    if not permissions.can_export_directory(request.user):
        raise PermissionDenied
    if format not in directory_files.FORMATS:
        raise Http404
    organisations = model_admin.get_changelist_instance(request).get_queryset(request)
    rows = directory_files.organisation_rows(organisations.iterator(chunk_size=2000))
    content = directory_files.csv_file(rows) if format == "csv" else directory_files.xlsx_file(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return attachment(content, f"organisations-{stamp}.{format}", format)


def attachment(content: bytes, filename: str, format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

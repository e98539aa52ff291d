"""Exports: request one (an Export menu on the proposal), follow its progress, download it
through a permission check (never a public URL), retry a failed one; import a JSON export."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia import exports, selectors, services
from consortia.exceptions import NotAllowed
from consortia.forms import ImportForm, show_error
from consortia.models import ExportJob
from portal.ratelimits import rate_limited

logger = logging.getLogger(__name__)


@login_required
@require_POST
@rate_limited("export")
def export_request(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    try:
        job = services.request_export(
            proposal=proposal,
            format=request.POST.get("format", ""),
            by=request.user,
            language=request.LANGUAGE_CODE,
        )
    except NotAllowed as error:
        messages.error(request, error.text)
        return redirect(proposal)
    return redirect(job)


@login_required
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress (htmx polls the status partial until it is finished, and the
    finished partial announces the outcome once, out of band) and the proposal's past
    exports. Without JS, a link reloads the page."""
    job = get_object_or_404(selectors.exports_for(request.user), pk=job_id)
    if request.htmx:
        context = {"job": job, "announce": True}
        return render(request, "consortia/export_job.html#job_status", context)
    past = selectors.other_exports(request.user, job)
    return render(request, "consortia/export_job.html", {"job": job, "past": past})


@login_required
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    """The file, streamed from private storage (the local disk or the S3 bucket) once the user
    may see the proposal; a file missing from storage answers 410, a storage that cannot be
    reached 503, each saying what to do."""
    job = get_object_or_404(selectors.exports_for(request.user), pk=job_id)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    try:
        file = job.file.open("rb")
    except OSError as error:
        missing = isinstance(error, FileNotFoundError)
        logger.error("Export job %s: its file %s cannot be read: %s", job.pk, job.file.name, error)
        context = {"job": job, "missing": missing}
        return render(
            request, "consortia/export_unreadable.html", context, status=410 if missing else 503
        )
    return FileResponse(
        file,
        as_attachment=True,
        filename=job.filename,
        content_type=exports.FORMATS[job.format].content_type,
    )


@login_required
@require_POST
@rate_limited("export")
def export_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(selectors.exports_for(request.user), pk=job_id)
    try:
        services.retry_export(job=job, by=request.user)
    except NotAllowed as error:
        messages.error(request, error.text)
    return redirect(job)


@login_required
@rate_limited("import")
def proposal_import(request: HttpRequest) -> HttpResponse:
    """A new draft from a JSON export: into the lot chosen, else the file's own lot while its
    call is open, else the first open lot; the message says which."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, chosen = form.cleaned_data["file"], form.cleaned_data["lot"]
        try:
            proposal = services.import_proposal(data=data, lot=chosen, by=request.user)
        except NotAllowed as error:
            show_error(form, error, field="file")
        else:
            note = services.import_note(data, proposal, chosen=chosen is not None)
            messages.success(
                request,
                _("Imported. %(note)s Check each step; invite the partners when it is ready.")
                % {"note": note},
            )
            return redirect("consortia:wizard-project", pk=proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "consortia/proposal_import.html", {"form": form}, status=status)

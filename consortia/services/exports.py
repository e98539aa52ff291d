"""Export jobs: requesting one, running it (from the task), retrying it, giving it up; and
importing a JSON export as a new draft proposal."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consortia import exports, permissions, queue, selectors
from consortia.exceptions import NotAllowed, full_clean
from consortia.exports.schema import OrganisationData, ProposalExport
from consortia.models import ExportJob, Membership, Organisation, Proposal
from consortia.services import limits
from consortia.services.verdicts import refresh_after_commit
from lots import kinds
from lots.choices import Role
from lots.models import Lot
from lots.selectors import call_sectors
from portal.languages import supported

UNFINISHED = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)


@transaction.atomic
def request_export(
    *, proposal: Proposal, format: str, by: AbstractBaseUser, language: str | None = None
) -> ExportJob:
    """Queue an export of ``proposal`` in ``format`` (pdf, xlsx or json) for ``by``, its
    labels, dates and numbers in ``language`` (the requester's active language; English when
    not one of the portal's). While an export of that proposal in that format and language is
    queued or running, it is the answer: a double click or twenty requests at once make one
    job (the proposal's row is the lock)."""
    if not permissions.can_export_proposal(by, proposal):
        raise NotAllowed(_("Only the coordinator, its partners and reviewers can export it."))
    if format not in exports.FORMATS:
        raise NotAllowed(_("Unknown format: %(format)s.") % {"format": format})
    language = supported(language) or settings.LANGUAGE_CODE
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    unfinished = ExportJob.objects.filter(
        proposal=proposal, format=format, language=language, status__in=UNFINISHED
    )
    if job := unfinished.order_by("-pk").first():
        return job
    job = ExportJob.objects.create(
        proposal=proposal, format=format, requested_by=by, language=language
    )
    queue.run_export(job)
    return job


def claim(job_id: int) -> ExportJob | None:
    """Start (or, after a worker died, restart) a queued or running job; None if it is done,
    failed or gone, so that a task delivered twice does the work once."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .filter(pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])
            .first()
        )
        if job is None:
            return None
        job.status, job.progress, job.error = ExportJob.Status.RUNNING, 0, ""
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "progress", "error", "attempts", "started_at"])
    return job


def export_filename(proposal: Proposal, format: str, at: object) -> str:
    stamp = timezone.localtime(at).strftime("%Y%m%d-%H%M%S")  # type: ignore[arg-type]
    return f"{slugify(proposal.acronym) or 'proposal'}-{stamp}.{exports.FORMATS[format].extension}"


def run_export(*, job_id: int, final_attempt: bool) -> None:
    """Render the job's file in the job's language (labels, dates and numbers; Brussels
    time) and store it privately, recording progress as it goes. An error is recorded; on
    the final attempt the job fails (and can be retried by the user)."""
    job = claim(job_id)
    if job is None:
        return

    def progress(percent: int) -> None:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            progress=percent
        )

    try:
        proposal = selectors.proposals_with_consortium().get(pk=job.proposal_id)
        selectors.show_as_submitted([proposal])
        progress(10)
        with translation.override(job.language), timezone.override(settings.TIME_ZONE):
            sheet = exports.sheet(proposal)
            content = exports.FORMATS[job.format].render(sheet, progress)
        progress(90)
        name = export_filename(proposal, job.format, sheet.exported_at)
        job.file.save(name, ContentFile(content), save=False)
    except Exception as error:
        failed = {"error": f"{type(error).__name__}: {error}"[:2000]}
        if final_attempt:
            failed |= {"status": ExportJob.Status.FAILED, "finished_at": timezone.now()}
        ExportJob.objects.filter(pk=job.pk).update(**failed)
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        file=job.file.name,
        filename=name,
        finished_at=timezone.now(),
    )


@transaction.atomic
def retry_export(*, job: ExportJob, by: AbstractBaseUser) -> ExportJob:
    """Run a failed job again."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ExportJob.Status.FAILED:
        raise NotAllowed(_("Only a failed export can be retried."))
    if not permissions.can_export_proposal(by, job.proposal):
        raise NotAllowed(_("Only the coordinator, its partners and reviewers can export it."))
    job.status, job.progress, job.finished_at = ExportJob.Status.QUEUED, 0, None
    job.save(update_fields=["status", "progress", "finished_at"])
    queue.run_export(job)
    return job


def export_given_up(*, job_id: int) -> None:
    """Every attempt stopped without an outcome (a worker killed or out of time each time):
    the job fails, and can be retried."""
    ExportJob.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=ExportJob.Status.FAILED,
        finished_at=timezone.now(),
        error=_("The export did not finish after several attempts; retry it."),
    )


def checked(instance: models.Model, path: str) -> None:
    """``full_clean``, each error named by its place in the export ("members.2.contact_email",
    "members.2" for the row as a whole), so that the importer knows what to fix."""
    full_clean(instance, place=path, message=_("This file cannot be imported:"))


def directory_entry(data: OrganisationData, by: AbstractBaseUser, path: str) -> Organisation:
    """The directory's organisation for imported data (found at ``path`` in the export): the
    same PIC, else the same OID, else the same name and country; created when none matches,
    within the user's limit, with a retired kind read as ``kinds.current_kind`` says."""
    for lookup in (
        {"pic": data.pic} if data.pic else None,
        {"oid": data.oid} if data.oid else None,
        {"legal_name__iexact": data.legal_name, "country": data.country},
    ):
        if lookup and (found := Organisation.objects.filter(**lookup).first()):
            return found
    limits.require_organisation_quota(by)
    organisation = Organisation(created_by=by, **data.model_dump())
    organisation.kind = kinds.current_kind(data.kind, data.legal_name, data.short_name)
    checked(organisation, path)
    organisation.save()
    organisation.managers.add(by)
    return organisation


def lot_for_import(data: ProposalExport) -> Lot | None:
    """The lot the export was made in (same call, same number) while its call is open; else
    the first open lot, as the import page offers first."""
    open_lots = Lot.objects.select_related("call").filter(call__is_open=True)
    return (
        open_lots.filter(call__slug=data.lot.call, number=data.lot.number).first()
        or open_lots.order_by("call", "number").first()
    )


def import_note(data: ProposalExport, proposal: Proposal, *, chosen: bool) -> str:
    """Which lot an imported draft went into, and why, and whether the file's sector was left
    out (not one of that call's sectors), for the person who imported it."""
    note = lot_note(data, proposal, chosen=chosen)
    if data.project.sector and proposal.sector is None:
        note += " " + _(
            "The file's sector %(code)s is not one of this call's sectors: choose one on the "
            "project step."
        ) % {"code": data.project.sector}
    return note


def lot_note(data: ProposalExport, proposal: Proposal, *, chosen: bool) -> str:
    lot = proposal.lot
    where = {"call": lot.call.title, "number": lot.number}
    if (lot.call.slug, lot.number) == (data.lot.call, data.lot.number):
        return _("The draft is in the lot of the file: %(call)s, Lot %(number)d.") % where
    if chosen:
        return _("The draft is in %(call)s, Lot %(number)d, as you chose.") % where
    return _(
        "The file's lot (%(file_call)s, Lot %(file_number)d) is not open, so the draft is in "
        "%(call)s, Lot %(number)d: change the lot on the draft's first step if needed."
    ) % {"file_call": data.lot.call_title or data.lot.call, "file_number": data.lot.number, **where}


@transaction.atomic
def import_proposal(
    *, data: ProposalExport, by: AbstractBaseUser, lot: Lot | None = None
) -> Proposal:
    """A new draft with the exported project and consortium, to reuse it: organisations are
    matched in the directory (or added), contacts kept, and every partner is to be invited
    again. It goes into ``lot`` when one is chosen, else as ``lot_for_import`` says. Raises
    ``NotAllowed`` when that lot's call is closed, for a file of more than
    ``IMPORT_MAX_MEMBERS`` members and past the limit of new organisations, or with the
    ``fields`` named by the place in the export of each value the models refuse; either way
    nothing is saved. Its verdict is stored on commit."""
    if len(data.members) > settings.IMPORT_MAX_MEMBERS:
        raise NotAllowed(
            _("The file names %(count)d members; the portal imports at most %(limit)d.")
            % {"count": len(data.members), "limit": settings.IMPORT_MAX_MEMBERS}
        )
    lot = lot or lot_for_import(data)
    if lot is None:
        raise NotAllowed(_("No call is open for proposals."))
    if not lot.call.is_open:
        raise NotAllowed(_("This call is closed."))
    project = data.project
    # The file's sector, if the lot's call offers it; else the draft has none yet.
    sector = call_sectors(lot.call).filter(code=project.sector).first() if project.sector else None
    proposal = Proposal(
        owner=by,
        lot=lot,
        title=project.title,
        acronym=project.acronym,
        sector=sector,
        occupational_profiles=project.occupational_profiles,
        duration_years=project.duration_years,
        requested_grant_eur=project.requested_grant_eur,
    )
    checked(proposal, "project")
    proposal.save()
    seen: set[int] = set()
    for position, member in enumerate(data.members):
        path = f"members.{position}"
        organisation = directory_entry(member.organisation, by, f"{path}.organisation")
        if organisation.pk in seen:
            message = _("%(name)s appears twice.") % {"name": organisation}
            raise NotAllowed(
                _("This file cannot be imported:"), fields={f"{path}.organisation": [message]}
            )
        seen.add(organisation.pk)
        membership = Membership(
            proposal=proposal,
            organisation=organisation,
            role=member.role,
            contact_email=by.email if member.role == Role.APPLICANT else member.contact_email,
            contact_name=member.contact_name,
            position=position,
        )
        checked(membership, path)
        membership.save()
    refresh_after_commit([proposal.pk])
    return proposal

"""Loading the directory from a file: uploading it (previewed, nothing written), confirming it
(applied at once when small, by a background job otherwise), and the job itself. Every
organisation added or changed gets a history record naming the admin and the file."""

import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from consortia import directory_files, permissions, queue
from consortia.directory_preview import CHANGED, NEW, Preview, PreviewRow, preview
from consortia.exceptions import NotAllowed
from consortia.models import DirectoryImport, Organisation
from consortia.services.verdicts import refresh_members_after_commit

logger = logging.getLogger(__name__)
APPLY_BATCH = 1000
UNFINISHED = (DirectoryImport.Status.QUEUED, DirectoryImport.Status.RUNNING)


def upload_directory_file(*, file: UploadedFile, by: AbstractBaseUser) -> DirectoryImport:
    """Read the file, then keep it (private storage) with its row count, for the admin to
    see its preview (``job_preview``) and confirm it. Raises ``UnreadableFile`` (nothing
    kept) or ``NotAllowed``."""
    if not permissions.can_import_directory(by):
        raise NotAllowed(_("Only admins who may add and change organisations can import."))
    name = file.name or "organisations.csv"
    rows = directory_files.read_rows(file, name)
    file.seek(0)
    job = DirectoryImport(filename=name[-200:], created_by=by, rows=len(rows))
    job.file.save(name, file, save=False)
    job.save()
    return job


def job_preview(job: DirectoryImport) -> Preview:
    """The preview of a kept file against the directory as it is now, its counts recorded on
    the job; ``UnreadableFile`` when the file is gone from the storage."""
    try:
        file = job.file.open("rb")
    except (OSError, ValueError) as error:
        raise directory_files.UnreadableFile(
            _("The uploaded file is no longer kept; upload it again.")
        ) from error
    with file:
        result = preview(directory_files.read_rows(file, job.filename))
    DirectoryImport.objects.filter(pk=job.pk).update(rows=len(result.rows), **result.counts)
    return result


@transaction.atomic
def confirm_directory_import(*, job: DirectoryImport, by: AbstractBaseUser) -> DirectoryImport:
    """Apply the previewed file's new and changed rows (refused ones are skipped): at once up
    to IMPORT_SYNC_MAX_ROWS rows, else by a background job (the outbox's
    ``consortia.run_directory_import``) that records its progress."""
    if not permissions.can_import_directory(by):
        raise NotAllowed(_("Only admins who may add and change organisations can import."))
    job = DirectoryImport.objects.select_for_update().get(pk=job.pk)
    if job.status != DirectoryImport.Status.PREVIEWED:
        raise NotAllowed(_("This import was confirmed already."))
    job.status = DirectoryImport.Status.QUEUED
    job.save(update_fields=["status"])
    if job.rows > settings.IMPORT_SYNC_MAX_ROWS:
        queue.run_directory_import(job)
        return job
    transaction.on_commit(lambda: apply_now(job.pk))
    return job


def apply_now(job_id: int) -> None:
    """A small import, right after the confirming request commits: a failure is recorded on
    the job, which its page shows, rather than raised into the page."""
    try:
        run_directory_import(job_id=job_id)
    except Exception:
        logger.exception("Directory import %s failed", job_id)


def claim(job_id: int) -> DirectoryImport | None:
    with transaction.atomic():
        job = (
            DirectoryImport.objects.select_for_update(of=("self",))
            .filter(pk=job_id, status__in=UNFINISHED)
            .select_related("created_by")
            .first()
        )
        if job is None:
            return None
        job.status, job.error, job.started_at = DirectoryImport.Status.RUNNING, "", timezone.now()
        job.save(update_fields=["status", "error", "started_at"])
    return job


def run_directory_import(*, job_id: int, final_attempt: bool = True) -> None:
    """Preview the file again (the directory may have changed since) and apply it in batches,
    each its own transaction, recording progress after each: a run stopped half-way and
    started again finds the applied rows unchanged and goes on with the rest."""
    job = claim(job_id)
    if job is None:
        return
    try:
        result = job_preview(job)
        to_apply = [row for row in result.rows if row.status in (NEW, CHANGED)]
        reason = _("Imported from %(file)s") % {"file": job.filename}
        done = {"created_count": 0, "updated_count": 0}
        for start in range(0, len(to_apply), APPLY_BATCH):
            batch = to_apply[start : start + APPLY_BATCH]
            created, updated = apply_rows(batch, by=job.created_by, reason=reason)
            done["created_count"] += created
            done["updated_count"] += updated
            progress = (start + len(batch)) * 100 // len(to_apply)
            DirectoryImport.objects.filter(pk=job.pk).update(progress=min(progress, 99), **done)
    except Exception as error:
        said = error.message if isinstance(error, directory_files.UnreadableFile) else ""
        failed = {"error": (said or f"{type(error).__name__}: {error}")[:2000]}
        if final_attempt:
            failed |= {"status": DirectoryImport.Status.FAILED, "finished_at": timezone.now()}
        DirectoryImport.objects.filter(pk=job.pk).update(**failed)
        raise
    DirectoryImport.objects.filter(pk=job.pk).update(
        status=DirectoryImport.Status.DONE, progress=100, finished_at=timezone.now()
    )


@transaction.atomic
def apply_rows(
    rows: list[PreviewRow], *, by: AbstractBaseUser | None, reason: str
) -> tuple[int, int]:
    """Create the new rows' organisations and change the changed ones, in bulk, each with a
    history record by ``by`` with ``reason``; the verdicts of the changed organisations'
    proposals are stored again. Returns (created, changed)."""
    now = timezone.now()
    new = [
        Organisation(created_by=by, **importable(row.values)) for row in rows if row.status == NEW
    ]
    changed_rows = [row for row in rows if row.status == CHANGED and row.existing is not None]
    organisations = Organisation.objects.in_bulk([row.existing.pk for row in changed_rows])
    changed, fields = [], {"updated_at"}
    for row in changed_rows:
        organisation = organisations[row.existing.pk]
        for name, value in importable({n: v for n, (_old, v) in row.changes.items()}).items():
            setattr(organisation, name, value)
            fields.add(name)
        organisation.updated_at = now
        changed.append(organisation)
    history = {"default_user": by, "default_change_reason": reason, "default_date": now}
    if new:
        bulk_create_with_history(new, Organisation, batch_size=APPLY_BATCH, **history)
    if changed:
        update_fields(changed, sorted(fields))
        Organisation.history.bulk_history_create(
            changed, batch_size=APPLY_BATCH, update=True, **history
        )
        refresh_members_after_commit([organisation.pk for organisation in changed])
    return len(new), len(changed)


def update_fields(organisations: list[Organisation], fields: list[str]) -> None:
    """One UPDATE per organisation, sent together (psycopg pipelines ``executemany``):
    Django's ``bulk_update`` builds a CASE over every row for every field, which took most
    of the time of a large import (100,000 changes: 57 s)."""
    quote = connection.ops.quote_name
    columns = [Organisation._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(Organisation._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 (model names only)
    params = [
        [column.get_db_prep_save(getattr(o, column.attname), connection) for column in columns]
        + [o.pk]
        for o in organisations
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def importable(values: dict[str, str]) -> dict[str, str | None]:
    """Model values: a blank PIC or OID is none (they are unique when given)."""
    return {
        name: (value or None) if name in ("pic", "oid") else value for name, value in values.items()
    }


def directory_import_given_up(*, job_id: int) -> None:
    """Every attempt stopped without an outcome (a worker killed each time)."""
    DirectoryImport.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=DirectoryImport.Status.FAILED,
        finished_at=timezone.now(),
        error=_("The import did not finish after several attempts; upload the file again."),
    )

from celery import shared_task

from outbox.sweep import purge, sweep


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep_task() -> int:
    """Run by beat every OUTBOX_SWEEP_SECONDS."""
    return sweep()


@shared_task(name="outbox.purge", ignore_result=True)
def purge_task() -> int:
    """Run by beat every hour."""
    return purge()

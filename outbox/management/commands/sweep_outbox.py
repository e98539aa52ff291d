from django.core.management.base import BaseCommand

from outbox.models import Intent
from outbox.sweep import sweep


class Command(BaseCommand):
    help = (
        "Publish again every background task (email, export) that is due and not done: "
        "what beat does every OUTBOX_SWEEP_SECONDS, for an operator after an outage."
    )

    def handle(self, *args: object, **options: object) -> None:
        published = sweep()
        still_open = Intent.objects.filter(done_at__isnull=True, given_up_at__isnull=True)
        self.stdout.write(f"Published {published}; {still_open.count()} not done yet.")

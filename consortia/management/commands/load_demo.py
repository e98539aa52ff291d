"""manage.py load_demo: demo organisations, accounts and proposals (idempotent)."""

from django.core.management.base import BaseCommand

from consortia.demo import ADMIN, COORDINATOR, PARTNER_PASSWORD, REVIEWER, load_demo


class Command(BaseCommand):
    help = "Load demo organisations, a coordinator, an admin and two proposals. Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        summary = load_demo()
        self.stdout.write(
            f"Demo data: {summary.organisations} organisations in {summary.countries} countries; "
            f"proposals {', '.join(summary.proposals)}."
        )
        self.stdout.write(f"  Coordinator: {COORDINATOR[0]} / {COORDINATOR[1]}")
        self.stdout.write(f"  Admin:       {ADMIN[0]} / {ADMIN[1]}  (http://127.0.0.1:8000/admin/)")
        self.stdout.write(f"  Reviewer:    {REVIEWER[0]} / {REVIEWER[1]}  (admin, Reviewers group)")
        self.stdout.write(f"  Partners:    contact@<short name>.example.org / {PARTNER_PASSWORD}")

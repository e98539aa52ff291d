"""manage.py check_integrity: report rows in states the services never leave behind; exit 1
when there is any (for cron or monitoring)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from consortia.integrity import CHECKS


class Command(BaseCommand):
    help = (
        "Look for data the portal never writes itself: orphaned or duplicate members, "
        "invitation states that contradict each other, submissions whose SHA-256 no longer "
        "matches, background tasks stuck open, exports done without their file. One line per "
        "finding, by check; exits 1 when there is any."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Print only the checks that found something (nothing when all is well).",
        )

    def handle(self, *args: Any, quiet: bool, **options: Any) -> None:
        total = 0
        for heading, check in CHECKS:
            findings = check()
            total += len(findings)
            if findings or not quiet:
                self.stdout.write(f"{heading}: {len(findings)}")
            for finding in findings:
                self.stdout.write(f"  {finding}")
        if total:
            raise CommandError(f"{total} finding{'' if total == 1 else 's'}.")
        if not quiet:
            self.stdout.write("No findings.")

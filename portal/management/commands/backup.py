"""``manage.py backup FOLDER``: the database, then the private files, into a new folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import backups


class Command(BaseCommand):
    help = "Back up the database and the private files (exports, imports) into a new folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder that does not exist yet.")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            summary = backups.backup(folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the database ({summary.database}) and {summary.files} files "
            f"({summary.bytes:,} bytes) into {folder}."
        )

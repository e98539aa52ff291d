"""``manage.py restore FOLDER``: a backup into an empty database and its storages."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import backups


class Command(BaseCommand):
    help = "Restore a backup (manage.py backup) into an empty database and its storages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder written by manage.py backup.")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            summary = backups.restore(folder)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database ({summary.database}) and {summary.files} files "
            f"({summary.bytes:,} bytes) from {folder}."
        )

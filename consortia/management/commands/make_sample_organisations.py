"""Write realistic sample organisations as a directory file (CSV or XLSX), the same for the
same seed: ``docs/samples/organisations-1000.csv`` is ``--count 1000 --seed 1``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from consortia import directory_files
from consortia.sample_organisations import sample_rows


class Command(BaseCommand):
    help = "Write sample organisations for the directory import (CSV or XLSX by --out's suffix)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *, count: int, seed: int, out: Path, **options: object) -> None:
        rows = sample_rows(count, seed)
        if out.suffix == ".xlsx":
            content = directory_files.xlsx_file(rows)
        else:
            content = directory_files.csv_file(rows)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        self.stdout.write(f"{count} organisations written to {out}")

"""Load presets of past calls: ``manage.py load_call_preset sector-skills-alliances-2019``;
without a name, list them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lots import services
from lots.presets import presets


class Command(BaseCommand):
    help = "Load presets of past calls (closed, with their caveats); without a name, list them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="slug", help="Presets to load.")

    def handle(self, *args: Any, slugs: list[str], **options: Any) -> None:
        available = presets()
        if not slugs:
            for preset in available.values():
                self.stdout.write(f"{preset.slug}  {preset.title} ({preset.reference})")
            return
        unknown = [slug for slug in slugs if slug not in available]
        if unknown:
            raise CommandError(
                f"No preset {', '.join(unknown)}; the presets: {', '.join(available)}."
            )
        for slug in slugs:
            try:
                call = services.load_preset(available[slug])
            except services.CallExists as exists:
                self.stdout.write(str(exists))
                continue
            lots = call.lots.count()
            self.stdout.write(f"Loaded {call.slug}: {lots} lots, closed. {call.caveat}")

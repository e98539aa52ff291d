from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotsConfig(AppConfig):
    name = "lots"
    verbose_name = _("Calls and lots")

    def ready(self) -> None:
        from lots import signals  # noqa: PLC0415 (models are ready only now)

        signals.connect()

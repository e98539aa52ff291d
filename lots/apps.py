from django.apps import AppConfig


class LotsConfig(AppConfig):
    name = "lots"
    verbose_name = "Calls and lots"

    def ready(self) -> None:
        from lots import signals  # noqa: PLC0415 (models are ready only now)

        signals.connect()

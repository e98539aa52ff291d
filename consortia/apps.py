from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsortiaConfig(AppConfig):
    name = "consortia"
    verbose_name = _("Consortia")

    def ready(self) -> None:
        from lots.signals import rules_changed  # noqa: PLC0415 (imports models: after loading)

        rules_changed.connect(refresh_on_rules_change, dispatch_uid="consortia.verdicts")


def refresh_on_rules_change(sender: object, *, lot_ids: list[int], **kwargs: object) -> None:
    """A lot's rules changed (``lots.signals.rules_changed``): its proposals' verdicts are
    refreshed by a task, queued in the change's transaction."""
    from consortia.services import verdicts  # noqa: PLC0415 (imports models: after loading)

    verdicts.rules_changed(lot_ids=lot_ids)

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        # Local folders the processes expect: kombu's filesystem transport (embedded mode) fails
        # without its folders, whitenoise warns without STATIC_ROOT, uploads need MEDIA_ROOT.
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        folders = [options[key] for key in ("data_folder_in", "control_folder") if key in options]
        for folder in [*folders, settings.STATIC_ROOT, settings.MEDIA_ROOT]:
            Path(folder).mkdir(parents=True, exist_ok=True)

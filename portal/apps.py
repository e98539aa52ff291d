from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        # kombu's filesystem transport (the embedded mode) fails when its folders are missing,
        # in the worker and in every process that queues a task.
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if key in options:
                Path(options[key]).mkdir(parents=True, exist_ok=True)

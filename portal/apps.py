from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


def email_or_username(user: Any) -> str:
    return getattr(user, "email", "") or user.get_username()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Local folders the processes expect: kombu's filesystem transport (embedded mode) fails
        # without its folders, whitenoise warns without STATIC_ROOT, uploads need MEDIA_ROOT.
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        folders = [options[key] for key in ("data_folder_in", "control_folder") if key in options]
        for folder in [*folders, settings.STATIC_ROOT, settings.MEDIA_ROOT]:
            Path(folder).mkdir(parents=True, exist_ok=True)
        # Usernames are generated (allauth signs in by email, decisions.md 13), so a user is
        # named by email wherever Django shows one: admin's fields, choices, lists, filters
        # and change history.
        get_user_model().__str__ = email_or_username  # type: ignore[method-assign]
        from portal import auth_backends  # noqa: PLC0415 (models are ready only now)

        auth_backends.connect()

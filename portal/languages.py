"""The languages users chose: read and saved here, for the switcher, sign-in and the emails
(an invitation goes out in the language its recipient chose, when the portal knows it)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.http import HttpResponseBase
from django.utils import translation

from portal.models import LanguagePreference

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def supported(code: str | None) -> str | None:
    """The portal's language for a code ("fr-BE" -> "fr"), or None if it has none."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def saved_language(user) -> str | None:
    """The language the user chose, or None (anonymous, or never chose)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        LanguagePreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )


def save_language(user, code: str) -> None:
    """Remember the user's choice (an unsupported code is ignored)."""
    code = supported(code)
    if code and getattr(user, "is_authenticated", False):
        LanguagePreference.objects.update_or_create(user_id=user.pk, defaults={"language": code})


def languages_by_email(emails: Iterable[str]) -> dict[str, str]:
    """The saved language of each address that belongs to a user who chose one, keyed by the
    address in lower case (one query, for sending to many)."""
    wanted = {email.lower() for email in emails if email}
    if not wanted:
        return {}
    users = (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=wanted, language_preference__isnull=False)
    )
    return dict(users.values_list("address", "language_preference__language"))


def set_language_cookie(response: HttpResponseBase, code: str) -> None:
    """Set the cookie LocaleMiddleware reads, as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )

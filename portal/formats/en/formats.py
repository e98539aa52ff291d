"""English as the portal writes it: Django's British formats (LANGUAGE_CODE is "en", whose own
formats are American), with the 24-hour clock the portal's pages use ("3 Feb 2026, 14:30").
The date's spaces do not break, so a narrow column wraps a time only after the comma."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 (all of Django's British formats)

DATETIME_FORMAT = "j\u00a0M\u00a0Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"

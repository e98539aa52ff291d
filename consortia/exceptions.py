"""Errors that services raise and views turn into form errors or messages."""

from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class NotAllowed(Exception):
    """The user may not do this, or the proposal's state forbids it; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(NotAllowed):
    """The proposal changed since the user loaded the page (another tab or session)."""

    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "This proposal was changed in another tab or window since you opened this "
                    "page, so nothing was saved. Reload the page to see the current version, "
                    "then make your change again."
                )
            )
        )


class AlreadySubmitted(NotAllowed):
    """A second submit of a proposal that is submitted (a double click, another tab): the
    answer is the submission that was made."""

    def __init__(self, submitted_at: datetime, sha256: str) -> None:
        super().__init__(
            str(
                _(
                    "Already submitted on %(time)s (Brussels time). Receipt: SHA-256 %(sha)s; "
                    "the receipt email is in your inbox or on its way."
                )
                % {
                    "time": dateformat.format(
                        timezone.localtime(submitted_at),
                        pgettext("date and time format with seconds", "j F Y, H:i:s"),
                    ),
                    "sha": sha256,
                }
            )
        )

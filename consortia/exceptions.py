"""Errors that services raise and views turn into form errors (``consortia.forms.show_error``)
or messages."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Self

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class NotAllowed(Exception):
    """The user may not do this, or the data or the proposal's state forbids it. ``message``
    says why in general; ``fields`` names the refused values (a form field, or a place in an
    imported file such as "members.2.contact_email"), each with its messages."""

    def __init__(self, message: Any = "", *, fields: Mapping[str, Iterable[Any]] | None = None):
        self.message = str(message)
        self.fields = {name: [str(t) for t in texts] for name, texts in (fields or {}).items()}
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """All it says in one text, for a page's message rather than a form."""
        said = [self.message, *(text for texts in self.fields.values() for text in texts)]
        return " ".join(text for text in said if text)

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, *, place: str = "", message: Any = ""
    ) -> Self:
        """A model's refusal (``full_clean``): each field's messages under its name, or under
        ``place.name`` (the model's own, not a field's, under ``place``) when the model sits at
        ``place`` in a file; without ``place`` the model's own messages are the general one."""
        if not hasattr(error, "error_dict"):
            return cls(" ".join([str(message), *error.messages]).strip())
        fields = dict(error.message_dict)
        own = fields.pop(NON_FIELD_ERRORS, [])
        if place:
            fields = {f"{place}.{name}": texts for name, texts in fields.items()}
            if own:
                fields = {place: own, **fields}
            return cls(message, fields=fields)
        return cls(" ".join([str(message), *own]).strip(), fields=fields)


def full_clean(
    instance: models.Model,
    *,
    exclude: Iterable[str] | None = None,
    place: str = "",
    message: Any = "",
) -> None:
    """``instance.full_clean(exclude)``, refused as ``NotAllowed`` (``from_validation_error``)."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise NotAllowed.from_validation_error(error, place=place, message=message) from error


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

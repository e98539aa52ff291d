"""Importing a JSON export as a new draft."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from consortia import selectors
from consortia.exports.schema import ProposalExport


class ImportForm(forms.Form):
    """A JSON export (format consortium-portal/proposal, version 1) and, if not the file's own,
    the lot to import into."""

    MAX_BYTES = 2_000_000

    file = forms.FileField(label=_("JSON export"), help_text=_("A file exported from this portal."))
    lot = forms.ModelChoiceField(
        queryset=selectors.open_lots(),
        required=False,
        empty_label=_("The lot of the file, if its call is open"),
        help_text=_("If the file's call is closed or no longer has its lot: the first open lot."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": formats.number_format(self.MAX_BYTES / 1_000_000, 0)}
            )
        try:
            return ProposalExport.model_validate_json(upload.read())
        except PydanticValidationError as error:
            problems = [
                _("%(place)s: %(problem)s")
                % {
                    "place": ".".join(str(part) for part in problem["loc"]) or _("file"),
                    "problem": problem["msg"].removeprefix("Value error, "),
                }
                for problem in error.errors()[:10]
            ]
            raise ValidationError(
                [_("This is not a proposal export this portal can read:"), *problems]
            ) from error

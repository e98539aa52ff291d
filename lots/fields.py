"""A JSON list of choices, edited as checkboxes: a lot's durations, a composition row's kinds.

Portable across SQLite (embedded mode) and PostgreSQL, unlike ArrayField.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext


class ChoiceListField(models.JSONField):
    def __init__(self, *args: Any, item_choices: Any = (), coerce: Any = str, **kwargs: Any):
        self.item_choices = list(item_choices)
        self.coerce = coerce
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        if self.coerce is not str:
            kwargs["coerce"] = self.coerce
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        allowed = {choice for choice, _label in self.item_choices}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError(
                gettext("Unknown choices: %(choices)s.") % {"choices": ", ".join(map(str, unknown))}
            )

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            coerce=self.coerce,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

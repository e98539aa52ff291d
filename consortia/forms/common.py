"""Helpers every form module shares."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms


def inline_helper() -> FormHelper:
    """Crispy renders fields only: the wizard's pages wrap several forms in one <form>."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def valid_values(form: forms.Form, *names: str) -> dict[str, Any]:
    """The named fields that pass validation (none if the form is not bound): what the
    eligibility panel can already take from a half-filled step."""
    if not form.is_bound:
        return {}
    form.is_valid()  # validates once; cleaned_data then holds the fields that passed
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}

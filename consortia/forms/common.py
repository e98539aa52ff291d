"""Helpers every form module shares."""

from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext

from consortia.exceptions import NotAllowed


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


def show_error(form: forms.BaseForm, error: NotAllowed, *, field: str | None = None) -> None:
    """Put a service's refusal on the form, as the form's own errors are: each message of a
    field the form has next to that field; the general message, and the messages of places
    the form has no field for ("members.2.contact_email: ..."), on ``field`` (by default the
    form as a whole). The error summary and ``aria-invalid`` then follow from the form."""
    known = {name: messages for name, messages in error.fields.items() if name in form.fields}
    elsewhere = [error.message] if error.message else []
    elsewhere.extend(
        gettext("%(place)s: %(problem)s") % {"place": name, "problem": message}
        for name, messages in error.fields.items()
        if name not in known
        for message in messages
    )
    if elsewhere:
        form.add_error(field, elsewhere)
    for name, messages in known.items():
        form.add_error(name, messages)


@dataclass(frozen=True)
class ErrorItem:
    """One line of a page's error summary: the message and the id of the element it leads to."""

    target: str
    message: str


def field_target(bound: forms.BoundField) -> str:
    """The element an error of ``bound`` leads to: the field, or a radio group's first radio
    (a form may name another element in ``error_targets``, e.g. a search box that finds the
    options)."""
    targets = getattr(bound.form, "error_targets", {})
    if bound.name in targets:
        return str(targets[bound.name])
    if isinstance(bound.field.widget, forms.RadioSelect):
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


def form_errors(form: forms.BaseForm) -> list[ErrorItem]:
    """A form's errors in the order of its fields, each named by its field's label (and the
    form's ``error_context``, e.g. a partner row's organisation): two rows' "Enter a valid email
    address." must be told apart. Errors not tied to a field (and those of hidden fields) lead
    to ``form.error_anchor``, or its first visible field."""
    if not form.is_bound or not form.errors:
        return []
    visible = [bound for bound in form if not bound.is_hidden]
    anchor = getattr(form, "error_anchor", "") or (field_target(visible[0]) if visible else "")
    context = str(getattr(form, "error_context", "") or "")

    def named(message: Any, label: Any = "") -> str:
        if context and label:
            return gettext("%(row)s, %(field)s: %(error)s") % {
                "row": context,
                "field": label,
                "error": message,
            }
        if context or label:
            return gettext("%(field)s: %(error)s") % {"field": context or label, "error": message}
        return str(message)

    items = [ErrorItem(anchor, named(message)) for message in form.non_field_errors()]
    for bound in form:
        target = anchor if bound.is_hidden else field_target(bound)
        label = "" if bound.is_hidden else bound.label
        items.extend(ErrorItem(target, named(message, label)) for message in bound.errors)
    return items


def error_items(*forms_: Any) -> list[ErrorItem]:
    """Every error of a page's forms and formsets, each with the element it leads to. A
    formset's own errors lead to its ``error_anchor``; a row's to its fields or the row."""
    items: list[ErrorItem] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        if isinstance(form, forms.BaseFormSet):
            form.is_valid()
            anchor = getattr(form, "error_anchor", "")
            items.extend(ErrorItem(anchor, str(message)) for message in form.non_form_errors())
            for row in form.forms:
                if not (form.can_delete and form._should_delete_form(row)):
                    items.extend(form_errors(row))
        else:
            items.extend(form_errors(form))
    return items

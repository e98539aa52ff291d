"""``{% crispy_blank form %}``: crispy's rendering of a form, kept for the process while the
form is blank (unbound), since it is then the same on every page. The directory entry form
that the applicant and partners steps offer (13 fields, a country select of 250 options) cost
about a third of the partners step's time, on every page, opened or not."""

from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.utils.translation import get_language

register = template.Library()

RENDERED: dict[tuple[Any, ...], str] = {}
MAX_RENDERED = 64  # a few languages times a few sets of choices; never grows without bound


def fixed_choices(form: forms.BaseForm) -> tuple[Any, ...]:
    """Reads each model choice field's choices once, for the key and for the widget alike: the
    page runs the same queries whether the form was rendered before or not."""
    found = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            choices = [choice for choice in field.choices]  # noqa: C416 (list() would COUNT first)
            field.widget.choices = choices  # type: ignore[attr-defined]
            found.append((name, tuple((str(value), str(label)) for value, label in choices)))
    return tuple(found)


@register.simple_tag
def crispy_blank(form: forms.BaseForm) -> str:
    """``{% crispy form %}``; an unbound form is rendered once per class, prefix, language,
    initial values and model choices (everything its HTML depends on), then reused."""
    if form.is_bound:
        return render_crispy_form(form)
    key = (
        type(form),
        form.prefix,
        get_language(),
        repr(sorted(form.initial.items())),
        fixed_choices(form),
    )
    if key not in RENDERED:
        if len(RENDERED) >= MAX_RENDERED:
            RENDERED.clear()
        RENDERED[key] = render_crispy_form(form)
    return RENDERED[key]

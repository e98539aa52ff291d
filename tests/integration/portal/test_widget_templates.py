"""The project's widget templates (templates/django/forms/) render the HTML Django's do."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


class TaggedSelect(forms.Select):
    """A select whose options carry attributes of their own, besides ``selected``."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-code"] = f"<{option['value']}>"
        return option


CHOICES = [("", "---"), ("a", "A & B"), ("Group", [("b", "B"), ("c", "C")]), (3, "Three")]


def tags_only(html):
    """The HTML without the white space between tags, which the browser ignores."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}), "b"),
        (forms.Select(choices=CHOICES), None),
        (forms.SelectMultiple(choices=CHOICES, attrs={"size": 6}), ["a", "c"]),
        (TaggedSelect(choices=CHOICES), 3),
    ],
    ids=["select", "nothing-selected", "multiple", "option-attributes"],
)
def test_select_renders_as_djangos_own_template(widget, value):
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=get_default_renderer())

    theirs = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())

    assert "<option" in ours
    assert tags_only(ours) == tags_only(theirs)

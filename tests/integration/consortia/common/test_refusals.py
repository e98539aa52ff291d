"""A service's refusal without a database: a model's ``ValidationError`` as ``NotAllowed``, and
``show_error`` putting each message where the form shows it."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from consortia.exceptions import NotAllowed
from consortia.forms import show_error

REFUSED = ValidationError(
    {"pic": ["A PIC has exactly 9 digits."], NON_FIELD_ERRORS: ["Only enterprises have a size."]}
)


class ImportLike(forms.Form):
    file = forms.CharField()
    pic = forms.CharField(required=False)


def test_model_refusal_keeps_fields_and_its_own_message_is_the_general_one():
    error = NotAllowed.from_validation_error(REFUSED)

    assert (error.message, error.fields) == (
        "Only enterprises have a size.",
        {"pic": ["A PIC has exactly 9 digits."]},
    )
    assert error.text == "Only enterprises have a size. A PIC has exactly 9 digits."


def test_model_refusal_at_a_place_in_a_file_names_each_value_by_its_place():
    error = NotAllowed.from_validation_error(REFUSED, place="members.2", message="Cannot import:")

    assert (error.message, error.fields) == (
        "Cannot import:",
        {
            "members.2": ["Only enterprises have a size."],
            "members.2.pic": ["A PIC has exactly 9 digits."],
        },
    )


def test_refusal_without_fields_says_its_messages_in_one_text():
    error = NotAllowed.from_validation_error(ValidationError(["One.", "Two."]))

    assert (error.message, error.fields, str(error)) == ("One. Two.", {}, "One. Two.")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (None, {NON_FIELD_ERRORS: ["General.", "row.7: Elsewhere."], "pic": ["Bad PIC."]}),
        ("file", {"file": ["General.", "row.7: Elsewhere."], "pic": ["Bad PIC."]}),
    ],
    ids=["on-the-form", "on-a-field"],
)
def test_show_error_puts_field_messages_next_to_their_field_and_the_rest_on_one_place(
    field, expected
):
    form = ImportLike({"file": "x"})
    form.is_valid()
    error = NotAllowed("General.", fields={"pic": ["Bad PIC."], "row.7": ["Elsewhere."]})

    show_error(form, error, field=field)

    assert form.errors.get_json_data() == {
        name: [{"message": text, "code": ""} for text in texts] for name, texts in expected.items()
    }

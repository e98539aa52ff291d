"""``{% form_errors form formset ... as errors %}``: a page's errors for its error summary
(``templates/includes/error_summary.html``), each with the element it leads to."""

from typing import Any

from django import template

from consortia.forms.common import ErrorItem, error_items

register = template.Library()


@register.simple_tag
def form_errors(*forms: Any) -> list[ErrorItem]:
    return error_items(*forms)

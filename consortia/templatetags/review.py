"""Template tags of the admin home page."""

from django import template

from consortia import selectors

register = template.Library()


@register.simple_tag
def review_overview() -> dict[str, object]:
    return selectors.review_overview()

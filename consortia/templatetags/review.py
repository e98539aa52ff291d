"""Template tags of the admin home page."""

from django import template

from consortia import selectors
from consortia.models import Proposal

register = template.Library()


@register.simple_tag
def review_overview() -> dict[str, object]:
    overview = selectors.review_overview()
    for row in overview["by_lot"]:  # type: ignore[attr-defined]
        row["status"] = Proposal.Status(row["status"]).label
    return overview

"""The vocabulary shared by lots and consortia: organisation kinds and consortium roles.

The codes are stable (the API, the rules and the composition rows use them) and are those of
``lots.rules`` (``KINDS``, ``ROLES``); the labels are what people read.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lots import kinds, rules

KIND_LABELS = {
    "enterprise": _("Enterprise"),
    "vet_provider": _("VET provider"),
    "higher_education": _("Higher education institution"),
    "employers_organisation": _("Employers' organisation"),
    "trade_union": _("Trade union"),
    "chamber": _("Chamber, trade or sector association"),
    "sector_skills_council": _("Sector skills council"),
    "public_authority": _("Public authority (ministry, regional, local)"),
    "research_institute": _("Research institute"),
    "guidance_service": _("Guidance, counselling or information service"),
    "other": _("Other"),
}
# Codes no longer offered, still read where old records keep them (submitted snapshots).
RETIRED_KIND_LABELS = {kinds.SOCIAL_PARTNER: _("Social partner")}


def labelled(
    codes: Iterable[str], labels: Mapping[str, Promise | str]
) -> list[tuple[str, Promise | str]]:
    """(code, label) in the order of ``codes``; raises ``ImproperlyConfigured`` when a code has
    no label or a label no code, so the two lists cannot drift apart."""
    codes = list(codes)
    unlabelled, unknown = set(codes) - set(labels), set(labels) - set(codes)
    if unlabelled or unknown:
        raise ImproperlyConfigured(
            f"Kinds without a label: {sorted(unlabelled)}; "
            f"labels without a kind: {sorted(unknown)}."
        )
    return [(code, labels[code]) for code in codes]


OrganisationKind = models.TextChoices(
    "OrganisationKind",
    [(code.upper(), (code, label)) for code, label in labelled(rules.KINDS, KIND_LABELS)],
)


def kind_label(code: str) -> str:
    """What people read for a kind, a retired one included; an unknown code reads as itself."""
    return str({**KIND_LABELS, **RETIRED_KIND_LABELS}.get(code, code))


class Role(models.TextChoices):
    APPLICANT = rules.APPLICANT, _("Applicant")
    FULL_PARTNER = rules.FULL_PARTNER, _("Full partner")
    ASSOCIATED_PARTNER = rules.ASSOCIATED_PARTNER, _("Associated partner")

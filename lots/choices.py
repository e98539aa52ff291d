"""The vocabulary shared by lots and consortia: organisation kinds and consortium roles.

The codes are stable (the API, the rules and the composition rows use them) and equal the plain
strings of ``lots.rules``; the labels are what people read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    VET_PROVIDER = "vet_provider", _("VET provider")
    HIGHER_EDUCATION = "higher_education", _("Higher education institution")
    SOCIAL_PARTNER = "social_partner", _("Social partner (trade union, employers' organisation)")
    CHAMBER = "chamber", _("Chamber, trade or sector association")
    SECTOR_SKILLS_COUNCIL = "sector_skills_council", _("Sector skills council")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority (ministry, regional, local)")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GUIDANCE_SERVICE = "guidance_service", _("Guidance, counselling or information service")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    FULL_PARTNER = "full_partner", _("Full partner")
    ASSOCIATED_PARTNER = "associated_partner", _("Associated partner")

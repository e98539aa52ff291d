"""Calls for proposals, their lots and the rules each lot sets; the sector classification."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from lots import rules
from lots.choices import OrganisationKind
from lots.fields import ChoiceListField

DURATION_CHOICES = [
    (years, ngettext_lazy("%(years)d year", "%(years)d years", "years") % {"years": years})
    for years in range(1, 7)
]


class Sector(models.Model):
    """An economic sector: of NACE Rev. 2, a section (letter) or a division under it (two
    digits), shared by every call; or one a call names itself ("Batteries for
    electro-mobility"), offered by that call alone."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")
        NAMED = "named", _("Named by the call")

    code = models.CharField(
        _("code"),
        max_length=8,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9.\-]*$",
                _("Use letters, digits, dots and hyphens, e.g. 'BATT' or 'B-1'."),
            )
        ],
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    call = models.ForeignKey(
        "Call",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_sectors",
        help_text=_("Empty for NACE Rev. 2; a call for a sector that call names itself."),
        verbose_name=_("call"),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order in the classification.")
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "Other words people search for, such as occupations, comma-separated "
            "(e.g. 'welding, machining')."
        ),
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(call__isnull=True),
                name="unique_nace_sector_code",
                violation_error_message=_("NACE Rev. 2 has a sector with this code already."),
            ),
            models.UniqueConstraint(
                fields=["call", "code"],
                condition=models.Q(call__isnull=False),
                name="unique_sector_code_per_call",
                violation_error_message=_("The call has a sector with this code already."),
            ),
            models.CheckConstraint(
                condition=models.Q(call__isnull=True)
                | models.Q(level="named", parent__isnull=True),
                name="call_sector_named_without_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """A call's own sector is named by the call and has no parent; a NACE one is a section
        or a division. No code is both a NACE code and a call's own (in any case), so that
        typing a code finds one sector. In an inline of a call not saved yet, ``call`` is set
        but not ``call_id``."""
        own = self.call is not None
        if own and self.parent_id is not None:
            raise ValidationError({"parent": _("A call's own sector has no parent.")})
        if own and self.level not in ("", self.Level.NAMED):
            raise ValidationError({"level": _("A call's own sector is named by the call.")})
        if not own and self.level == self.Level.NAMED:
            raise ValidationError({"level": _("Only a call's own sectors are named by the call.")})
        if own:
            self.level = self.Level.NAMED
        other = (
            Sector.objects.filter(code__iexact=self.code, call__isnull=own)
            .select_related("call")
            .first()
        )
        if other is None:
            return
        if other.call is None:
            where = _("the NACE Rev. 2 code of %(name)s")
        else:
            where = _("the code of %(name)s in %(call)s")
        taken = where % {"name": other.name, "call": other.call}
        raise ValidationError(
            {
                "code": _("%(code)s is %(taken)s: choose another code.")
                % {"code": other.code, "taken": taken}
            }
        )


class Call(models.Model):
    """A call for proposals, with the Programme countries of its year."""

    class ApplicantRule(models.TextChoices):
        DIFFERENT_SECTORS = (
            rules.DIFFERENT_SECTORS,
            _("An applicant may apply several times, for different sectors"),
        )
        ONE_PER_CALL = rules.ONE_PER_CALL, _("One proposal per applicant in the call")
        OFF = rules.NO_APPLICANT_RULE, _("No limit")

    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used by the API, e.g. 'erasmus-plus-2020'.")
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(
        _("reference"), max_length=60, blank=True, help_text=_("e.g. EAC/A02/2019")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    programme_countries = CountryField(
        _("Programme countries"),
        multiple=True,
        blank=True,
        help_text=_("Participants from any other country come from Partner countries."),
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Submission deadline, Brussels time; a lot may set its own."),
    )
    is_open = models.BooleanField(
        _("is open"), default=True, help_text=_("Coordinators can start proposals in open calls.")
    )
    is_default = models.BooleanField(
        _("is default"),
        default=False,
        help_text=_("The call the API uses when a request names none."),
    )
    caveat = models.TextField(
        _("caveat"),
        blank=True,
        help_text=_("Shown with the rules, e.g. that the figures are unverified."),
    )
    applicant_rule = models.CharField(
        _("one-applicant rule"),
        max_length=20,
        choices=ApplicantRule,
        default=ApplicantRule.DIFFERENT_SECTORS,
        help_text=_("How many proposals one applicant may submit in this call."),
    )
    nace_sectors = models.BooleanField(
        _("NACE sectors"),
        default=True,
        help_text=_("The call's sectors include NACE Rev. 2 (sections and divisions)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_call",
                violation_error_message=_("Only one call can be the default."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_one_per_call(self) -> bool:
        """Its applicant rule: one proposal per applicant in the call."""
        return self.applicant_rule == self.ApplicantRule.ONE_PER_CALL

    @property
    def is_different_sectors(self) -> bool:
        """Its applicant rule: several proposals per applicant, for different sectors."""
        return self.applicant_rule == self.ApplicantRule.DIFFERENT_SECTORS


class Lot(models.Model):
    """A lot of a call and its rules. An empty rule is not checked."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="lots", verbose_name=_("call")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    allowed_durations = ChoiceListField(
        _("allowed durations"),
        item_choices=DURATION_CHOICES,
        coerce=int,
        blank=True,
        help_text=_("Project durations in whole years; none ticked: any duration."),
    )
    min_programme_countries = models.PositiveSmallIntegerField(
        _("minimum Programme countries"),
        null=True,
        blank=True,
        help_text=_("Distinct Programme countries among full participants."),
    )
    min_full_partners = models.PositiveSmallIntegerField(
        _("minimum full partners"),
        null=True,
        blank=True,
        help_text=_("Full partners, the applicant included."),
    )
    partner_country_full_partners_count = models.BooleanField(
        _("Partner-country full partners count"),
        default=False,
        help_text=_(
            "Whether Partner-country full partners count towards the full-partner minimum."
        ),
    )
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="lots",
        help_text=_("Restrict the lot to these sectors (a section covers its divisions)."),
        verbose_name=_("sectors"),
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Brussels time; empty: the call's deadline."),
    )
    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_lot_number_per_call"),
        ]

    def __str__(self) -> str:
        return gettext("%(call)s, Lot %(number)s") % {
            "call": self.call.title,
            "number": self.number,
        }

    @property
    def effective_deadline(self) -> datetime | None:
        return self.deadline or self.call.deadline


class CompositionRequirement(models.Model):
    """At least N full participants of some kinds, overall or in each Programme country."""

    lot = models.ForeignKey(
        Lot, on_delete=models.CASCADE, related_name="compositions", verbose_name=_("lot")
    )
    slug = models.SlugField(
        _("slug"), help_text=_("Part of the check code, e.g. 'enterprise-side'.")
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_("Plural, e.g. 'enterprises, chambers or employers' organisations'."),
    )
    min_count = models.PositiveSmallIntegerField(
        _("minimum number"), validators=[MinValueValidator(1)]
    )
    kinds = ChoiceListField(_("kinds"), item_choices=OrganisationKind.choices)
    per_country = models.BooleanField(
        _("in each country"),
        default=False,
        help_text=_("Required in each participating Programme country."),
    )
    partner_countries_count = models.BooleanField(
        _("Partner countries count"),
        default=False,
        help_text=_("Whether participants from Partner countries count towards this minimum."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("composition requirement")
        verbose_name_plural = _("composition requirements")
        ordering = ["lot", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "slug"], name="unique_composition_slug"),
        ]

    def __str__(self) -> str:
        return gettext("at least %(count)s %(label)s") % {
            "count": self.min_count,
            "label": self.label,
        }


# The largest EU grant the portal takes, in whole euros: far above any lot's cap (a few million),
# and a bound on what people and API clients type.
MAX_GRANT_EUR = 100_000_000


class GrantCap(models.Model):
    """The maximum EU grant of a lot for one duration."""

    lot = models.ForeignKey(
        Lot, on_delete=models.CASCADE, related_name="grant_caps", verbose_name=_("lot")
    )
    duration_years = models.PositiveSmallIntegerField(
        _("duration in years"), choices=DURATION_CHOICES
    )
    max_eur = models.DecimalField(_("maximum grant (EUR)"), max_digits=12, decimal_places=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant cap")
        verbose_name_plural = _("grant caps")
        ordering = ["lot", "duration_years"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "duration_years"], name="unique_cap_per_duration"
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "EUR %(amount)s for %(years)s year",
            "EUR %(amount)s for %(years)s years",
            self.duration_years,
        ) % {"amount": f"{self.max_eur:,.0f}", "years": self.duration_years}

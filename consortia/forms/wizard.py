"""The wizard's step forms: the version the page was loaded with, lot, project, applicant."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consortia import selectors
from consortia.forms.common import inline_helper, valid_values
from consortia.models import Organisation
from lots.models import DURATION_CHOICES, MAX_GRANT_EUR, Lot, Sector
from lots.selectors import lot_rules, offers_whole_nace, sectors_matching, sectors_of


class VersionForm(forms.Form):
    """The proposal version the page was loaded with (optimistic locking)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class LotForm(forms.Form):
    lot = forms.ModelChoiceField(
        queryset=selectors.open_lots(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Lot"),
        error_messages={"required": _("Choose a lot."), "invalid_choice": _("Choose an open lot.")},
    )

    def changes(self) -> dict[str, Any]:
        return valid_values(self, "lot")


def sector_label(sector: Sector) -> str:
    return f"{sector.code}: {sector.name}"


SHOWN_CODES = 10


def no_sector_message(text: str, lot: Lot, offered: Iterable[Sector]) -> str:
    """What to say when ``text`` names none of the sectors ``lot`` offers: the NACE wording for
    the whole classification, else the codes of the lot's list (a section stands for its
    divisions)."""
    typed = Truncator(text).chars(41)
    sectors = list(offered)
    if offers_whole_nace(lot, sectors):
        return _(
            'No sector matches "%(text)s": type a NACE code such as C25 or a word of its name.'
        ) % {"text": typed}
    listed = {sector.pk for sector in sectors}
    codes = [sector.code for sector in sectors if sector.parent_id not in listed]
    shown = ", ".join(codes[:SHOWN_CODES])
    if len(codes) > SHOWN_CODES:
        more = len(codes) - SHOWN_CODES
        shown = ngettext("%(codes)s and %(more)d more", "%(codes)s and %(more)d more", more) % {
            "codes": shown,
            "more": more,
        }
    return _(
        'No sector of this lot matches "%(text)s": type a code or a word of the name of one '
        "of its sectors (%(codes)s)."
    ) % {"text": typed, "codes": shown}


class SectorInput(forms.TextInput):
    """The sector box with its lists: the suggestions htmx fills as the person types (the page
    around the form gives the URL) and, for browsers without JavaScript, a <datalist> of every
    sector offered."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        defaults = {
            "list": "sector-options",
            "autocomplete": "off",
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-controls": "sector-listbox",
            "aria-expanded": "false",
            "data-sector-input": "",
        }
        super().__init__({**defaults, **(attrs or {})})
        self.sectors: Iterable[Sector] = ()

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        box = super().render(name, value, attrs, renderer)
        context = {"box": box, "sectors": self.sectors}
        return render_to_string("consortia/sector_input.html", context)


class SectorField(forms.CharField):
    """A sector of the lot's list typed as a code ("C25", "25.62", "C", a call's "BATT"), a
    "code: name" label or words of its name or keywords ("welding"); several equally good
    matches are listed for the person to choose."""

    widget = SectorInput
    shown_candidates = 5

    def offer(self, lot: Lot) -> None:
        """Choose among the sectors ``lot`` offers (one query, shared with the datalist)."""
        self.lot = lot
        self.sectors = self.widget.sectors = list(sectors_of(lot))
        if any(sector.call_id is not None for sector in self.sectors):
            self.help_text = _(
                "The sector the alliance addresses, one of this lot's sectors; type to search."
            )

    def prepare_value(self, value: Any) -> Any:
        return sector_label(value) if isinstance(value, Sector) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        """Unchanged when the box holds what it showed for the saved sector, or other text
        naming that sector alone ("25" for "25: Manufacture of ...")."""
        text = (data or "").strip()
        if (self.prepare_value(initial) or "") == text:
            return False
        if not text or not isinstance(initial, Sector):
            return True
        best = sectors_matching(text, self.sectors).best
        return [sector.pk for sector in best] != [initial.pk]

    def clean(self, value: Any) -> Sector | None:
        text = super().clean(value)
        if not text:
            return None
        best = sectors_matching(text, self.sectors).best
        if len(best) == 1:
            return best[0]
        if not best:
            raise ValidationError(no_sector_message(text, self.lot, self.sectors), code="no_match")
        candidates = ", ".join(sector_label(sector) for sector in best[: self.shown_candidates])
        if len(best) > self.shown_candidates:
            more = len(best) - self.shown_candidates
            candidates = ngettext(
                "%(candidates)s and %(more)d more", "%(candidates)s and %(more)d more", more
            ) % {"candidates": candidates, "more": more}
        raise ValidationError(
            _('Several sectors match "%(text)s": %(candidates)s; type one of them.'),
            code="ambiguous",
            params={"text": Truncator(text).chars(41), "candidates": candidates},
        )


def euros(amount: Any) -> str:
    """A whole amount of euros as the active language writes it (1,000,000 / 1 000 000 /
    1.000.000)."""
    return number_format(amount, decimal_pos=0, force_grouping=True)


# The cap in the error message, written in the language active when the message is shown.
max_grant = lazy(lambda: euros(MAX_GRANT_EUR), str)


class EurosField(forms.DecimalField):
    """An amount in whole euros, at most ``MAX_GRANT_EUR``: "1000000.00" is 1000000, cents are
    refused."""

    def __init__(self, **kwargs: Any):
        error_messages = {
            "max_value": format_lazy(_("Enter at most EUR {max}."), max=max_grant()),
            "max_decimal_places": _("Enter whole euros, without cents."),
        }
        super().__init__(
            min_value=0,
            max_value=MAX_GRANT_EUR,
            decimal_places=0,
            error_messages=error_messages,
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:
        amount = super().to_python(value)
        if amount is not None and amount.is_finite() and amount == amount.to_integral_value():
            # "1000000.00" is whole euros, which the check of decimal places would refuse.
            return amount.normalize()
        return amount


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Title"))
    acronym = forms.CharField(
        max_length=30, label=_("Acronym"), help_text=_("A short name, e.g. WELD-EXCEL.")
    )
    sector = SectorField(
        label=_("Sector"),
        help_text=_("The economic sector (NACE Rev. 2) the alliance addresses; type to search."),
    )
    occupational_profiles = forms.CharField(
        label=_("Occupational profiles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The occupations the project addresses, one per line."),
    )
    duration_years = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Duration"),
        error_messages={"required": _("Choose a duration.")},
    )
    requested_grant_eur = EurosField(required=False, label=_("Requested EU grant (EUR)"))

    def __init__(self, *args: Any, lot: Lot, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].offer(lot)
        self.fields["duration_years"].choices = [
            (years, label)
            for years, label in DURATION_CHOICES
            if not lot.allowed_durations or years in lot.allowed_durations
        ]
        if caps := lot_rules(lot).max_grant_eur:
            self.fields["requested_grant_eur"].help_text = _("At most %(caps)s.") % {
                "caps": "; ".join(
                    ngettext(
                        "EUR %(amount)s for %(years)d year",
                        "EUR %(amount)s for %(years)d years",
                        years,
                    )
                    % {"amount": euros(cap), "years": years}
                    for years, cap in caps
                )
            }
        else:
            del self.fields["requested_grant_eur"]
        self.helper = inline_helper()

    def changes(self) -> dict[str, Any]:
        return valid_values(self, "duration_years", "sector", "requested_grant_eur")


class ApplicantForm(forms.Form):
    # The error summary leads to the search box, which finds the organisations to choose from.
    error_targets = {"organisation": "applicant-search-input"}

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        widget=forms.RadioSelect,
        label=_("Applicant organisation"),
        error_messages={
            "required": _("Choose the applicant from the directory, or create it below."),
            "invalid_choice": _("That organisation is no longer in the directory."),
        },
    )

    def changes(self) -> dict[str, Any]:
        chosen = valid_values(self, "organisation")
        return {"applicant": chosen["organisation"]} if chosen else {}

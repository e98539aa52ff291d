"""The organisation directory's forms: an entry, and the search filters."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from consortia import selectors
from consortia.forms.common import inline_helper
from consortia.models import CORRECTABLE_FIELDS, Organisation
from lots.choices import OrganisationKind
from lots.models import Sector
from lots.selectors import nace_sectors


class OrganisationForm(forms.ModelForm):
    """A directory entry. A PIC or OID already in the directory is refused with a link to that
    organisation; the same name in the same country asks for confirmation first."""

    confirm_new = forms.BooleanField(
        required=False, label=_("This is a different organisation: create it anyway.")
    )

    class Meta:
        model = Organisation
        fields = [*CORRECTABLE_FIELDS, "sectors"]
        widgets = {"sectors": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "sectors" in self.fields:
            self.fields["sectors"].queryset = nace_sectors().filter(level=Sector.Level.SECTION)
            self.fields["sectors"].required = False
            self.fields["sectors"].help_text = _("Optional: the sectors it is active in.")
        self.similar: list[Organisation] = []
        if not self.is_bound or not self.data.get(self.add_prefix("legal_name")):
            del self.fields["confirm_new"]
        self.helper = inline_helper()

    def clean_identifier(self, field: str) -> str | None:
        value = self.cleaned_data.get(field) or None
        if value:
            value = value.strip().upper()
            existing = Organisation.objects.filter(**{field: value}).exclude(pk=self.instance.pk)
            if (other := existing.first()) is not None:
                raise ValidationError(
                    format_html(
                        # Translators: {} is PIC or OID, then the link to the organisation.
                        gettext('{} is already in the directory: <a href="{}">{}</a>.'),
                        field.upper(),
                        reverse("consortia:organisation-detail", args=[other.pk]),
                        other,
                    )
                )
        return value

    def clean_pic(self) -> str | None:
        return self.clean_identifier("pic")

    def clean_oid(self) -> str | None:
        return self.clean_identifier("oid")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == OrganisationKind.ENTERPRISE and not data.get("size"):
            self.add_error("size", _("Choose the enterprise's size."))
        if data.get("kind") != OrganisationKind.ENTERPRISE and data.get("size"):
            self.add_error("size", _("Only enterprises have a size; leave it empty."))
        if self.instance.pk is None and data.get("legal_name") and data.get("country"):
            self.similar = list(
                selectors.similar_organisations(data["legal_name"], data["country"])
            )
            if self.similar and not data.get("confirm_new"):
                raise ValidationError(
                    ngettext(
                        "Did you mean %(names)s? It has the same name and country.",
                        "Did you mean one of %(names)s? They have the same name and country.",
                        len(self.similar),
                    )
                    % {"names": ", ".join(str(o) for o in self.similar)},
                    code="similar",
                )
        return data

    def full_clean(self) -> None:
        """Refused, the form puts the focus (and so the screen) on its first field in error:
        the wizard's "Create it" buttons sit at the foot of a long page, which reloads at its
        top, so the errors were out of sight and the button seemed to do nothing."""
        super().full_clean()
        if "__all__" in self.errors and "confirm_new" in self.fields:
            self.fields["confirm_new"].widget.attrs["autofocus"] = True
            return
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["autofocus"] = True
                return

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data the organisation services take."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label=_("Search"),
        help_text=_("Words of a name or city, or a PIC or OID."),
    )
    country = forms.ChoiceField(required=False, label=_("Country"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    sector = forms.ModelChoiceField(
        queryset=nace_sectors().select_related("parent"),
        required=False,
        label=_("Sector"),
        empty_label=_("Any sector"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]
        self.helper = inline_helper()

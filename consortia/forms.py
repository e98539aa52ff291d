"""Wizard step forms, the partners formset and the organisation form: input shape and field
validation only. Saving is the services' job; eligibility is the engine's (through specs)."""

from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from pydantic import ValidationError as PydanticValidationError

from consortia import selectors
from consortia.exports.schema import ProposalExport
from consortia.models import Organisation
from consortia.specs import Member
from lots.choices import OrganisationKind, Role
from lots.models import Lot, Sector

PARTNERS_PREFIX = "partners"
MAX_PARTNERS = 500


def inline_helper() -> FormHelper:
    """Crispy renders fields only: the wizard's pages wrap several forms in one <form>."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def valid_values(form: forms.Form, *names: str) -> dict[str, Any]:
    """The named fields that pass validation (none if the form is not bound): what the
    eligibility panel can already take from a half-filled step."""
    if not form.is_bound:
        return {}
    form.is_valid()  # validates once; cleaned_data then holds the fields that passed
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class VersionForm(forms.Form):
    """The proposal version the page was loaded with (optimistic locking)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class LotForm(forms.Form):
    lot = forms.ModelChoiceField(
        queryset=selectors.open_lots(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a lot."), "invalid_choice": _("Choose an open lot.")},
    )

    def changes(self) -> dict[str, Any]:
        return valid_values(self, "lot")


def sector_label(sector: Sector) -> str:
    return f"{sector.code}: {sector.name}"


class SectorField(forms.CharField):
    """A searchable sector: free text matched against the datalist "code: name" entries."""

    widget = forms.TextInput(attrs={"list": "sector-options", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        return sector_label(value) if isinstance(value, Sector) else value

    def clean(self, value: Any) -> Sector | None:
        text = super().clean(value)
        if not text:
            return None
        code = text.split(":")[0].strip()
        sector = (
            Sector.objects.select_related("parent").filter(code__iexact=code).first()
            or Sector.objects.select_related("parent").filter(name__iexact=text.strip()).first()
        )
        if sector is None:
            raise ValidationError(_("Choose a sector from the list (type a code or a word)."))
        return sector


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=300)
    acronym = forms.CharField(max_length=30, help_text=_("A short name, e.g. WELD-EXCEL."))
    sector = SectorField(
        help_text=_("The economic sector (NACE Rev. 2) the alliance addresses; type to search.")
    )
    occupational_profiles = forms.CharField(
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
    requested_grant_eur = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        label=_("Requested EU grant (EUR)"),
    )

    def __init__(self, *args: Any, lot: Lot, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["duration_years"].choices = [
            (years, _("%(years)d years") % {"years": years})
            for years in sorted(lot.allowed_durations)
        ]
        caps = list(lot.grant_caps.all())
        if caps:
            self.fields["requested_grant_eur"].help_text = _("At most %(caps)s.") % {
                "caps": "; ".join(
                    f"EUR {cap.max_eur:,.0f} for {cap.duration_years} years" for cap in caps
                )
            }
        else:
            del self.fields["requested_grant_eur"]
        self.helper = inline_helper()

    def changes(self) -> dict[str, Any]:
        return valid_values(self, "duration_years", "sector", "requested_grant_eur")


class OrganisationForm(forms.ModelForm):
    """A directory entry. A PIC or OID already in the directory is refused with a link to that
    organisation; the same name in the same country asks for confirmation first."""

    confirm_new = forms.BooleanField(
        required=False, label=_("This is a different organisation: create it anyway.")
    )

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "short_name",
            "country",
            "kind",
            "size",
            "ownership",
            "pic",
            "oid",
            "website",
            "street",
            "postcode",
            "city",
            "sectors",
        ]
        widgets = {"sectors": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "sectors" in self.fields:
            self.fields["sectors"].queryset = Sector.objects.filter(level=Sector.Level.SECTION)
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
                        '{} is already in the directory: <a href="{}">{}</a>.',
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
                    _("Did you mean %(names)s? It has the same name and country.")
                    % {"names": ", ".join(str(o) for o in self.similar)},
                    code="similar",
                )
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data the organisation services take."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApplicantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the applicant from the directory, or create it below."),
            "invalid_choice": _("That organisation is no longer in the directory."),
        },
    )

    def changes(self) -> dict[str, Any]:
        chosen = valid_values(self, "organisation")
        return {"applicant": chosen["organisation"]} if chosen else {}


class PartnerForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        choices=[
            (Role.FULL_PARTNER, Role.FULL_PARTNER.label),
            (Role.ASSOCIATED_PARTNER, Role.ASSOCIATED_PARTNER.label),
        ]
    )
    contact_email = forms.EmailField(required=False, label=_("Contact email"))
    contact_name = forms.CharField(required=False, max_length=150, label=_("Contact name"))


@dataclass(frozen=True)
class RawRow:
    """A row as posted (or as initially shown), before any validation."""

    organisation_id: int | None
    role: str | None
    removed: bool


def as_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BasePartnerFormSet(forms.BaseFormSet):
    """The partners, one row each. Organisations are looked up for every row in one query
    (``organisations``), so the step costs the same queries for 5 or 40 partners; the rows'
    raw values are read without building a form per row, which the live panel needs alone."""

    def __init__(self, *args: Any, applicant: Organisation | None = None, **kwargs: Any):
        kwargs.setdefault("prefix", PARTNERS_PREFIX)
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        self.raw_rows = self.read_raw_rows()
        ids = {row.organisation_id for row in self.raw_rows} - {None}
        self.organisations = Organisation.objects.in_bulk(ids)

    def read_raw_rows(self) -> list[RawRow]:
        if not self.is_bound:
            return [
                RawRow(as_id(row.get("organisation")), row.get("role"), False)
                for row in self.initial or []
            ]
        removed = forms.CheckboxInput()
        rows = []
        for index in range(self.total_form_count()):
            prefix = self.add_prefix(index)
            rows.append(
                RawRow(
                    as_id(self.data.get(f"{prefix}-organisation")),
                    self.data.get(f"{prefix}-role"),
                    removed.value_from_datadict(
                        self.data, self.files, f"{prefix}-{forms.formsets.DELETION_FIELD_NAME}"
                    ),
                )
            )
        return rows

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        raw = self.raw_rows[i] if i < len(self.raw_rows) else None
        form.organisation_instance = self.organisations.get(raw.organisation_id) if raw else None
        return form

    def live_forms(self) -> list[forms.Form]:
        """Rows not marked for removal (read from the raw data: valid or not)."""
        return [
            form for form, raw in zip(self.forms, self.raw_rows, strict=True) if not raw.removed
        ]

    def clean(self) -> None:
        seen: dict[int, int] = {}
        for number, form in enumerate(self.live_forms(), start=1):
            if form.organisation_instance is None:
                form.add_error(None, _("This organisation is no longer in the directory."))
            elif self.applicant is not None and form.organisation_instance.pk == self.applicant.pk:
                form.add_error(
                    None, _("%(name)s is the applicant.") % {"name": form.organisation_instance}
                )
            elif form.organisation_instance.pk in seen:
                form.add_error(
                    None,
                    _("%(name)s is already in row %(row)d.")
                    % {
                        "name": form.organisation_instance,
                        "row": seen[form.organisation_instance.pk],
                    },
                )
            else:
                seen[form.organisation_instance.pk] = number

    def rows(self) -> list[dict[str, Any]]:
        """The valid rows as the partners service takes them."""
        return [
            {
                "organisation": form.organisation_instance,
                "role": form.cleaned_data["role"],
                "contact_email": form.cleaned_data.get("contact_email", ""),
                "contact_name": form.cleaned_data.get("contact_name", ""),
            }
            for form in self.live_forms()
        ]

    def changes(self) -> dict[str, Any]:
        """The rows the engine can already read (an organisation and a role), valid or not."""
        members = tuple(
            Member(self.organisations[row.organisation_id], row.role)
            for row in self.raw_rows
            if not row.removed
            and row.organisation_id in self.organisations
            and row.role in (Role.FULL_PARTNER, Role.ASSOCIATED_PARTNER)
        )
        return {"partners": members}


PartnerFormSet = forms.formset_factory(
    PartnerForm,
    formset=BasePartnerFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_PARTNERS,
    absolute_max=MAX_PARTNERS,
    validate_max=True,
)


def partner_initial(memberships: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "organisation": m.organisation_id,
            "role": m.role,
            "contact_email": m.contact_email,
            "contact_name": m.contact_name,
        }
        for m in memberships
    ]


def with_added_partner(data: QueryDict, organisation: Organisation) -> QueryDict:
    """The posted formset with one more row for ``organisation`` (adding without JavaScript)."""
    data = data.copy()
    total = int(data.get(f"{PARTNERS_PREFIX}-TOTAL_FORMS", 0) or 0)
    data[f"{PARTNERS_PREFIX}-TOTAL_FORMS"] = str(total + 1)
    data[f"{PARTNERS_PREFIX}-{total}-organisation"] = str(organisation.pk)
    data[f"{PARTNERS_PREFIX}-{total}-role"] = Role.FULL_PARTNER
    return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    country = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(
        required=False, choices=[("", _("Any kind")), *OrganisationKind.choices]
    )
    sector = forms.ModelChoiceField(
        queryset=Sector.objects.select_related("parent"),
        required=False,
        empty_label=_("Any sector"),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]
        self.helper = inline_helper()


class AcceptInvitationForm(OrganisationForm):
    """The invited partner confirms or corrects its organisation's data and, for a full
    partner, confirms the mandate to the applicant (the version shown is the one recorded)."""

    mandate = forms.BooleanField(required=True)
    mandate_version = forms.CharField(widget=forms.HiddenInput)

    class Meta(OrganisationForm.Meta):
        fields = [
            "legal_name",
            "pic",
            "oid",
            "kind",
            "size",
            "ownership",
            "street",
            "postcode",
            "city",
            "website",
        ]

    def __init__(self, *args: Any, membership: Any, mandate: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mandate_text = ""
        if membership.role == Role.FULL_PARTNER:
            proposal = membership.proposal
            applicant = selectors.applicant_of(
                selectors.proposals_with_consortium().get(pk=proposal.pk)
            )
            self.mandate_text = mandate.render(
                organisation=membership.organisation.legal_name,
                applicant=applicant.organisation.legal_name if applicant else _("the applicant"),
                acronym=proposal.acronym,
                title=proposal.title,
                call=proposal.lot.call.title,
            )
            self.fields["mandate"].label = _("I confirm this mandate (version %(version)s).") % {
                "version": mandate.version
            }
            self.fields["mandate"].error_messages["required"] = _(
                "Confirm the mandate to accept as a full partner."
            )
            self.fields["mandate_version"].initial = mandate.version
        else:
            del self.fields["mandate"], self.fields["mandate_version"]

    def organisation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeclineInvitationForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label=_("Why do you decline?"),
        help_text=_("The coordinator reads this."),
        error_messages={"required": _("Tell the coordinator why, in a few words.")},
    )


class ImportForm(forms.Form):
    """A JSON export (format consortium-portal/proposal, version 1) and the lot to import into."""

    MAX_BYTES = 2_000_000

    file = forms.FileField(label=_("JSON export"), help_text=_("A file exported from this portal."))
    lot = forms.ModelChoiceField(queryset=selectors.open_lots(), empty_label=None)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        try:
            return ProposalExport.model_validate_json(upload.read())
        except PydanticValidationError as error:
            problems = [
                f"{'.'.join(str(part) for part in problem['loc']) or 'file'}: {problem['msg']}"
                for problem in error.errors()[:10]
            ]
            raise ValidationError(
                [_("This is not a proposal export this portal can read:"), *problems]
            ) from error

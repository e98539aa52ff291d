"""The partners step: one form per row in a formset that reads every row's organisation in
one query, and the helpers that add a row."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from consortia.models import Organisation
from consortia.specs import Member
from lots.choices import Role

PARTNERS_PREFIX = "partners"
MAX_PARTNERS = 500


# The contact's language: each language named in itself (as a reader of that language looks
# for it), blank for the recipient's own saved choice, else the coordinator's.
CONTACT_LANGUAGES = [
    ("", _("Their own choice, else yours")),
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
]


class PartnerForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.FULL_PARTNER, Role.FULL_PARTNER.label),
            (Role.ASSOCIATED_PARTNER, Role.ASSOCIATED_PARTNER.label),
        ],
    )
    contact_email = forms.EmailField(required=False, label=_("Contact email"))
    contact_name = forms.CharField(required=False, max_length=150, label=_("Contact name"))
    contact_language = forms.ChoiceField(
        required=False,
        choices=CONTACT_LANGUAGES,
        label=_("Invitation language"),
        help_text=_("The language of the invitation and its reminders to this contact."),
    )


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
    """The partners, one row each. Organisations are looked up for every row in at most one
    query (``organisations``; none when every row is a member's), so the step costs the same
    queries for 5 or 40 partners; the rows' raw values are read without building a form per
    row, which the live panel needs alone."""

    def __init__(
        self,
        *args: Any,
        applicant: Organisation | None = None,
        accepted: frozenset[int] = frozenset(),
        known: dict[int, Organisation] | None = None,
        **kwargs: Any,
    ):
        """``accepted``: the organisations whose invitation was accepted; removing one needs
        a confirmation ("confirm_remove" posted). ``known``: organisations read already (the
        members'), by id; only the others are read."""
        kwargs.setdefault("prefix", PARTNERS_PREFIX)
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        self.accepted = accepted
        self.error_anchor = "partners-errors"
        self.raw_rows = self.read_raw_rows()
        ids = {row.organisation_id for row in self.raw_rows} - {None}
        known = known or {}
        missing = ids - known.keys()
        self.organisations = {pk: known[pk] for pk in ids & known.keys()}
        if missing:
            self.organisations.update(Organisation.objects.in_bulk(missing))

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
        # Every posted row is a partner, whatever INITIAL_FORMS says: never an empty extra.
        form = super()._construct_form(i, **{**kwargs, "empty_permitted": False})
        form.error_anchor = f"row-{form.prefix}"  # the row's <fieldset>, for its own errors
        form.error_context = self.organisation_at(i) or ""
        return form

    def organisation_at(self, index: int) -> Organisation | None:
        """The directory organisation of row ``index`` (read from the raw data: valid or not);
        None when it is no longer in the directory."""
        raw = self.raw_rows[index] if index < len(self.raw_rows) else None
        return self.organisations.get(raw.organisation_id) if raw else None

    def live_rows(self) -> list[tuple[forms.Form, Organisation | None]]:
        """Rows not marked for removal, each with its organisation (``organisation_at``)."""
        return [
            (form, self.organisation_at(index))
            for index, (form, raw) in enumerate(zip(self.forms, self.raw_rows, strict=True))
            if not raw.removed
        ]

    def refusal(self, organisation: Organisation) -> str | None:
        """Why ``organisation`` cannot get one more row (it is the applicant, or in a row
        already), or None."""
        if self.applicant is not None and organisation.pk == self.applicant.pk:
            return _("%(name)s is the applicant.") % {"name": organisation}
        live = [row.organisation_id for row in self.raw_rows if not row.removed]
        if organisation.pk in live:
            return _("%(name)s is already a partner (row %(row)d).") % {
                "name": organisation,
                "row": live.index(organisation.pk) + 1,
            }
        return None

    def removed_accepted(self) -> list[Organisation]:
        """Rows marked for removal whose organisation accepted its invitation."""
        return [
            self.organisations[row.organisation_id]
            for row in self.raw_rows
            if row.removed
            and row.organisation_id in self.accepted
            and row.organisation_id in self.organisations
        ]

    @property
    def needs_removal_confirmation(self) -> bool:
        return bool(self.removed_accepted()) and not self.data.get("confirm_remove")

    def clean(self) -> None:
        if self.needs_removal_confirmation:
            names = ", ".join(str(o) for o in self.removed_accepted())
            raise forms.ValidationError(
                _(
                    "%(names)s accepted the invitation: removing it withdraws its acceptance "
                    "and mandate. Confirm below, then save again."
                )
                % {"names": names}
            )
        seen: dict[int, int] = {}
        for number, (form, organisation) in enumerate(self.live_rows(), start=1):
            if organisation is None:
                form.add_error(None, _("This organisation is no longer in the directory."))
            elif self.applicant is not None and organisation.pk == self.applicant.pk:
                form.add_error(None, _("%(name)s is the applicant.") % {"name": organisation})
            elif organisation.pk in seen:
                form.add_error(
                    None,
                    _("%(name)s is already in row %(row)d.")
                    % {"name": organisation, "row": seen[organisation.pk]},
                )
            else:
                seen[organisation.pk] = number

    def rows(self) -> list[dict[str, Any]]:
        """The valid rows as the partners service takes them."""
        return [
            {
                "organisation": organisation,
                "role": form.cleaned_data["role"],
                "contact_email": form.cleaned_data.get("contact_email", ""),
                "contact_name": form.cleaned_data.get("contact_name", ""),
                "contact_language": form.cleaned_data.get("contact_language", ""),
            }
            for form, organisation in self.live_rows()
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
            "contact_language": m.contact_language,
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

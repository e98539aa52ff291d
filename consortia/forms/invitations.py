"""The invited partner's forms: accept (organisation data, mandate) or decline."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia import selectors
from consortia.forms.organisations import OrganisationForm
from lots.choices import Role


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

    def offer_current_mandate(self) -> None:
        """After a refusal because the mandate changed: the page shows the current text, so the
        form carries its version and the box is unticked, to be confirmed again."""
        data = self.data.copy()
        data[self.add_prefix("mandate_version")] = self.fields["mandate_version"].initial
        data.pop(self.add_prefix("mandate"), None)
        self.data = data

    def organisation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def organisation_boundfields(self) -> list[forms.BoundField]:
        """The organisation's data, shown before the mandate (its own section)."""
        return [self[name] for name in self.Meta.fields]


class DeclineInvitationForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label=_("Why do you decline?"),
        help_text=_("The coordinator reads this."),
        error_messages={"required": _("Tell the coordinator why, in a few words.")},
    )

"""Proposals in admin, for review: the list with each proposal's stored eligibility,
acceptance and outcome (one batch per page), filters including eligibility and a verdict that
changed since submission, the page with the report at submission and now, members,
invitation and mandate history, exports, conflicts; outcomes, exports and emails as actions.

Reviewers change only the review fields of submitted proposals; submitted proposals are
read-only apart from those, for everyone; the rest is for superusers."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from consortia import permissions, selectors, services, snapshots, specs
from consortia.admin.proposal_list import (
    ApplicantCountryFilter,
    EligibilityFilter,
    ProposalChangeList,
    SectorFilter,
    VerdictChangedFilter,
)
from consortia.exceptions import NotAllowed
from consortia.models import Membership, Proposal
from portal.admin import NamedRowsFormSet, PlainHistoryAdmin, brussels_time

REVIEW_FIELDS = ["review_outcome", "review_comment"]


def submitted(proposal: Proposal | None) -> bool:
    """Submitted means read-only for everyone, superusers too, but for the review fields (a
    withdrawal, by the coordinator, reopens it)."""
    return proposal is not None and proposal.status == Proposal.Status.SUBMITTED


def superuser_may_edit(request: HttpRequest, proposal: Proposal | None) -> bool:
    return request.user.is_superuser and not submitted(proposal)


class SubmittedMembersFormSet(NamedRowsFormSet):
    """The members of a submitted proposal show the organisation data of its snapshot; each
    row's fields are named by its organisation ("Role of Lyon Metal")."""

    def row_name(self, instance: Membership) -> str:
        return str(instance.organisation)

    def get_queryset(self) -> Any:
        if self.instance.status != Proposal.Status.SUBMITTED:
            return super().get_queryset()
        if not hasattr(self, "_members"):
            self._members = list(super().get_queryset().select_related("organisation"))
            found = selectors.submitted_snapshots([self.instance.pk])
            if self.instance.pk in found:
                snapshots.show_members_as_submitted(self._members, found[self.instance.pk])
        return self._members


class MembershipInline(admin.TabularInline):
    """Members; read-only for reviewers and on submitted proposals."""

    model = Membership
    formset = SubmittedMembersFormSet
    fields = [
        "organisation",
        "role",
        "contact_email",
        "status",
        "mandate_version",
        "mandate_language",
        "mandate_confirmed_at",
        "mandate_confirmed_by",
    ]
    readonly_fields = [
        "mandate_version",
        "mandate_language",
        "mandate_confirmed_at",
        "mandate_confirmed_by",
    ]
    autocomplete_fields = ["organisation"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return superuser_may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return superuser_may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return superuser_may_edit(request, obj)


class ProposalAdminForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = REVIEW_FIELDS  # the admin passes the fields of its fieldsets

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        reviewing = set(REVIEW_FIELDS) & set(self.changed_data)
        if reviewing and not data.get("review_outcome"):
            self.add_error("review_outcome", gettext("Choose an outcome to record the review."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Proposal.Outcome.choices)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CoordinatorEmailForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, initial=_("About your proposal {acronym}")
    )
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("{acronym}, {title} and {coordinator} are filled in for each proposal."),
    )


@admin.register(Proposal)
class ProposalAdmin(PlainHistoryAdmin):
    form = ProposalAdminForm
    list_display = [
        "acronym_and_title",
        "lot_label",
        "applicant",
        "programme_countries",
        "eligible",
        "accepted",
        "status",
        "submitted_at",
        "review_outcome",
    ]
    list_filter = [
        ("lot__call", admin.RelatedOnlyFieldListFilter),
        ("lot", admin.RelatedOnlyFieldListFilter),
        "status",
        EligibilityFilter,
        "review_outcome",
        VerdictChangedFilter,
        ApplicantCountryFilter,
        ("sector", SectorFilter),
    ]
    search_fields = [
        "acronym",
        "title",
        "memberships__organisation__legal_name",
        "=memberships__organisation__pic",
        "=memberships__organisation__oid",
    ]
    inlines = [MembershipInline]
    actions = [
        "record_outcome",
        "email_coordinators",
        "export_pdf",
        "export_xlsx",
        "export_json",
    ]
    fieldsets = [
        (
            _("Review"),
            {"fields": ["review_outcome", "review_comment", "reviewed_by", "reviewed_at"]},
        ),
        (_("Eligibility"), {"fields": ["eligibility_report", "conflicts"]}),
        (
            _("Project"),
            {
                "fields": [
                    "lot",
                    "title",
                    "acronym",
                    "sector",
                    "occupational_profiles",
                    "duration_years",
                    "requested_grant_eur",
                    "owner",
                    "status",
                    "submitted_at",
                    "version",
                ]
            },
        ),
        ("Invitations, mandates and exports", {"fields": ["invitation_history", "exports"]}),
    ]
    computed = [
        "eligibility_report",
        "conflicts",
        "invitation_history",
        "exports",
        "reviewed_by",
        "reviewed_at",
        "submitted_at",
        "version",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Proposal]:
        return selectors.proposals_with_members()

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        proposal = super().get_object(request, object_id, from_field)
        if proposal is not None:
            selectors.show_as_submitted([proposal])
        return proposal

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return ProposalChangeList

    def has_delete_permission(self, request: HttpRequest, obj: Proposal | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not submitted(obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Proposal | None = None) -> list[str]:
        editable = [
            f.name for f in Proposal._meta.fields if f.editable and f.name not in self.computed
        ]
        if obj is None:
            return self.computed
        if submitted(obj) and permissions.can_review(request.user):
            return self.computed + [name for name in editable if name not in REVIEW_FIELDS]
        if submitted(obj):
            return self.computed + editable
        if not request.user.is_superuser:
            return self.computed + editable
        return self.computed + REVIEW_FIELDS

    def save_model(self, request: HttpRequest, obj: Proposal, form: Any, change: bool) -> None:
        """On a submitted proposal only the review changes, through the review service (which
        sets the reviewer and the time and tells the coordinator)."""
        if change and obj.status == Proposal.Status.SUBMITTED:
            if set(REVIEW_FIELDS) & set(form.changed_data):
                services.record_review(
                    proposal=obj,
                    outcome=form.cleaned_data["review_outcome"],
                    comment=form.cleaned_data["review_comment"],
                    by=request.user,
                )
            return
        # Before the save: the applicant it had counts too (the one-applicant rule).
        if change:
            services.refresh_after_commit([obj.pk])
        super().save_model(request, obj, form, change)
        if not change:
            services.refresh_after_commit([obj.pk])

    def delete_model(self, request: HttpRequest, obj: Proposal) -> None:
        """Its applicant's other proposals in the call no longer meet it."""
        services.refresh_after_commit([obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        services.refresh_after_commit(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)

    # List columns (narrow enough for a 1280 px screen with the filters beside)

    @admin.display(description=_("Proposal"), ordering="acronym")
    def acronym_and_title(self, proposal: Proposal) -> str:
        return format_html(
            '{}<br><span class="quiet-line">{}</span>', proposal.acronym or "-", proposal.title
        )

    @admin.display(description=_("Lot"), ordering="lot__number")
    def lot_label(self, proposal: Proposal) -> str:
        return f"Lot {proposal.lot.number}"

    @admin.display(description=_("Applicant"))
    def applicant(self, proposal: Proposal) -> str:
        applicant = selectors.applicant_of(proposal)
        if applicant is None:
            return "-"
        return f"{applicant.organisation} ({applicant.organisation.country})"

    @admin.display(description=_("Programme countries"), ordering="programme_country_count")
    def programme_countries(self, proposal: Proposal) -> int | None:
        return proposal.programme_country_count

    @admin.display(description=_("Accepted"))
    def accepted(self, proposal: Proposal) -> str:
        partners = selectors.partners_of(proposal)
        done = sum(1 for m in partners if m.status == Membership.Status.ACCEPTED)
        return f"{done} / {len(partners)}"

    # Change page sections

    @admin.display(description=_("Report"))
    def eligibility_report(self, proposal: Proposal) -> str:
        """Today's report beside the one at submission (the lot's rules may have changed)."""
        if proposal.pk is None:
            return "-"
        now = specs.evaluate(proposal).report
        submission = selectors.current_submission(proposal)
        then = submission.snapshot["report"] if submission else None
        then_checks = {check["code"]: check for check in then["checks"]} if then else {}
        codes = [c.code for c in now.checks] + [c for c in then_checks if now.get(c) is None]
        rows = [(code, then_checks.get(code), now.get(code)) for code in codes]
        context = {"now": now, "then": then, "submission": submission, "rows": rows}
        return render_to_string("admin/consortia/proposal/report.html", context)

    @admin.display(description=_("Conflicts"))
    def conflicts(self, proposal: Proposal) -> str:
        if proposal.pk is None:
            return "-"
        others = selectors.sector_conflicts(
            [proposal], selectors.applicant_proposals_for([proposal])
        )[proposal.pk]
        if not others:
            return gettext(
                "No other proposal of this applicant in this call addresses this sector."
            )
        return gettext("Same applicant and sector in this call: %(proposals)s") % {
            "proposals": ", ".join(others)
        }

    @admin.display(description=_("Invitations and mandates"))
    def invitation_history(self, proposal: Proposal) -> str:
        members = selectors.memberships_with_invitations(proposal) if proposal.pk else []
        if proposal.status == Proposal.Status.SUBMITTED:
            for snapshot in selectors.submitted_snapshots([proposal.pk]).values():
                snapshots.show_members_as_submitted(members, snapshot)
        return render_to_string("admin/consortia/proposal/invitations.html", {"members": members})

    @admin.display(description=_("Exports"))
    def exports(self, proposal: Proposal) -> str:
        jobs = list(proposal.exports.all()[:20]) if proposal.pk else []
        if not jobs:
            return gettext("No export yet; use the actions of the list.")
        return format_html_join(
            "",
            '<div><a href="{}">{}, {}</a> ({})</div>',
            (
                (
                    reverse("consortia:export-job", args=[job.pk]),
                    job.get_format_display(),
                    brussels_time(job.created_at),
                    job.get_status_display(),
                )
                for job in jobs
            ),
        )

    # Actions

    def act_with_form(
        self,
        request: HttpRequest,
        queryset: QuerySet[Proposal],
        form_class: type[forms.Form],
        title: str,
        apply: Any,
    ) -> HttpResponse | None:
        """An action that asks for input on an intermediate page, then applies it."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            try:
                self.message_user(request, apply(form.cleaned_data), messages.SUCCESS)
            except NotAllowed as error:
                self.message_user(request, error.text, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "proposals": queryset,
            "action": request.POST["action"],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/consortia/proposal/action_form.html", context)

    @admin.action(description=_("Record a review outcome for the selected proposals"))
    def record_outcome(
        self, request: HttpRequest, queryset: QuerySet[Proposal]
    ) -> HttpResponse | None:
        def apply(data: dict[str, str]) -> str:
            submitted = queryset.filter(status=Proposal.Status.SUBMITTED)
            for proposal in submitted:
                services.record_review(
                    proposal=proposal,
                    outcome=data["outcome"],
                    comment=data["comment"],
                    by=request.user,
                )
            recorded = submitted.count()
            skipped = queryset.count() - recorded
            message = ngettext(
                "Outcome recorded for %(count)d proposal",
                "Outcome recorded for %(count)d proposals",
                recorded,
            ) % {"count": recorded}
            if not skipped:
                return gettext("%(message)s.") % {"message": message}
            return ngettext(
                "%(message)s; %(count)d not submitted, left alone.",
                "%(message)s; %(count)d not submitted, left alone.",
                skipped,
            ) % {"message": message, "count": skipped}

        return self.act_with_form(
            request, queryset, OutcomeForm, gettext("Record a review outcome"), apply
        )

    @admin.action(description=_("Email the coordinators of the selected proposals"))
    def email_coordinators(
        self, request: HttpRequest, queryset: QuerySet[Proposal]
    ) -> HttpResponse | None:
        def apply(data: dict[str, str]) -> str:
            count = services.email_coordinators(
                proposals=queryset, subject=data["subject"], body=data["body"], by=request.user
            )
            return ngettext(
                "%(count)d email is on its way.", "%(count)d emails are on their way.", count
            ) % {"count": count}

        return self.act_with_form(
            request, queryset, CoordinatorEmailForm, gettext("Email the coordinators"), apply
        )

    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[Proposal], format: str
    ) -> None:
        try:
            jobs = [
                services.request_export(proposal=p, format=format, by=request.user)
                for p in queryset
            ]
        except NotAllowed as error:
            self.message_user(request, error.text, messages.ERROR)
            return
        changelist = reverse("admin:consortia_exportjob_changelist")
        self.message_user(
            request,
            format_html(
                gettext('{}: <a href="{}">follow the export jobs</a>.'),
                ngettext("%(count)d export queued", "%(count)d exports queued", len(jobs))
                % {"count": len(jobs)},
                changelist,
            ),
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected proposals as PDF"))
    def export_pdf(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "pdf")

    @admin.action(description=_("Export the selected proposals as XLSX"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "xlsx")

    @admin.action(description=_("Export the selected proposals as JSON"))
    def export_json(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "json")

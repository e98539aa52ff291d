"""Admin of organisations, proposals (with members inline and their eligibility), memberships
and invitations."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from consortia import selectors, services, specs
from consortia.exceptions import NotAllowed
from consortia.models import (
    ExportJob,
    Invitation,
    MandateText,
    Membership,
    Organisation,
    Proposal,
    SentEmail,
    Submission,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "short_name", "country", "kind", "pic", "oid"]
    list_filter = ["country", "kind", "size"]
    search_fields = ["legal_name", "short_name", "pic", "oid"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = [
        "organisation",
        "role",
        "contact_email",
        "status",
        "mandate_version",
        "mandate_confirmed_at",
        "mandate_confirmed_by",
    ]
    readonly_fields = ["mandate_version", "mandate_confirmed_at", "mandate_confirmed_by"]
    autocomplete_fields = ["organisation"]
    extra = 0


class ProposalChangeList(ChangeList):
    """Evaluates the page's proposals in one batch, so the eligibility column costs a fixed
    number of queries however many rows the page shows."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        reports = specs.reports_for(self.result_list)
        for proposal in self.result_list:
            proposal.report = reports[proposal.pk]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["acronym", "title", "lot", "status", "eligibility", "owner", "updated_at"]
    list_filter = ["status", "lot__call", "lot"]
    search_fields = ["acronym", "title", "memberships__organisation__legal_name"]
    readonly_fields = ["eligibility_report", "version", "submitted_at", "created_at", "updated_at"]
    autocomplete_fields = ["sector"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return selectors.proposals_with_consortium()

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return ProposalChangeList

    actions = ["export_pdf", "export_xlsx", "export_json"]

    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[Proposal], format: str
    ) -> None:
        try:
            jobs = [
                services.request_export(proposal=p, format=format, by=request.user)
                for p in queryset
            ]
        except NotAllowed as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        changelist = reverse("admin:consortia_exportjob_changelist")
        self.message_user(
            request,
            format_html('{} exports queued: <a href="{}">follow them</a>.', len(jobs), changelist),
            messages.SUCCESS,
        )

    @admin.action(description="Export the selected proposals as PDF")
    def export_pdf(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "pdf")

    @admin.action(description="Export the selected proposals as XLSX")
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "xlsx")

    @admin.action(description="Export the selected proposals as JSON")
    def export_json(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        self.export_selected(request, queryset, "json")

    @admin.display(description="Eligible", boolean=True)
    def eligibility(self, proposal: Proposal) -> bool:
        return proposal.report.passed

    @admin.display(description="Eligibility report")
    def eligibility_report(self, proposal: Proposal) -> str:
        if proposal.pk is None:
            return "-"
        report = specs.report_for(proposal)
        rows = format_html_join(
            "",
            "<li><strong>{}</strong> {} <em>{}</em></li>",
            (
                ("Pass" if check.passed else "Fail", check.message, check.hint)
                for check in report.checks
            ),
        )
        verdict = "Eligible" if report.passed else "Not eligible"
        return format_html("<strong>{}</strong><ul>{}</ul>", verdict, rows)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "proposal", "role", "status", "contact_email"]
    list_filter = ["role", "status"]
    list_select_related = ["organisation", "proposal"]
    search_fields = ["organisation__legal_name", "proposal__acronym", "contact_email"]
    autocomplete_fields = ["organisation", "proposal"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "membership",
        "channel",
        "status",
        "attempts",
        "sent_at",
        "expires_at",
        "responded_at",
    ]
    list_filter = ["status", "channel"]
    list_select_related = ["membership__organisation", "membership__proposal"]
    search_fields = ["email", "membership__proposal__acronym"]
    exclude = ["token_hash"]
    readonly_fields = [
        "membership",
        "email",
        "channel",
        "attempts",
        "last_error",
        "sent_at",
        "responded_at",
        "responded_by",
        "decline_reason",
        "reminder_of",
        "reminded_at",
        "created_by",
    ]


@admin.register(MandateText)
class MandateTextAdmin(admin.ModelAdmin):
    """A new version is a new row: partners confirm the newest; old confirmations keep theirs."""

    list_display = ["version", "created_at"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: MandateText | None = None
    ) -> list[str]:
        return ["version", "text"] if obj is not None else []


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["proposal", "submitted_at", "submitted_by", "sha256", "withdrawn_at"]
    list_select_related = ["proposal", "submitted_by"]
    search_fields = ["proposal__acronym", "sha256"]
    readonly_fields = [
        "proposal",
        "submitted_at",
        "submitted_by",
        "snapshot",
        "sha256",
        "withdrawn_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "proposal", "sent_at"]
    list_select_related = ["proposal"]
    search_fields = ["subject", "to", "proposal__acronym"]
    readonly_fields = ["key", "to", "subject", "proposal", "sent_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = [
        "proposal",
        "format",
        "status",
        "progress",
        "requested_by",
        "created_at",
        "download",
    ]
    list_filter = ["status", "format"]
    list_select_related = ["proposal", "requested_by"]
    search_fields = ["proposal__acronym", "filename"]
    readonly_fields = [
        "proposal", "format", "status", "progress", "filename", "error", "attempts",
        "requested_by", "created_at", "started_at", "finished_at", "download",
    ]  # fmt: skip
    exclude = ["file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="File")
    def download(self, job: ExportJob) -> str:
        if job.status != ExportJob.Status.DONE:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("consortia:export-download", args=[job.pk]), job.filename
        )

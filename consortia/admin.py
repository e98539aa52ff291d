"""Admin of organisations, proposals (with members inline and their eligibility), memberships
and invitations."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from consortia import selectors, specs
from consortia.models import Invitation, Membership, Organisation, Proposal


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "short_name", "country", "kind", "pic", "oid"]
    list_filter = ["country", "kind", "size"]
    search_fields = ["legal_name", "short_name", "pic", "oid"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["organisation", "role", "contact_email", "status", "mandate_confirmed_at"]
    readonly_fields = ["mandate_confirmed_at"]
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
    list_display = ["email", "membership", "status", "attempts", "sent_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["membership__organisation", "membership__proposal"]
    search_fields = ["email", "membership__proposal__acronym"]
    exclude = ["token_hash"]
    readonly_fields = ["attempts", "last_error", "sent_at", "responded_at", "created_by"]

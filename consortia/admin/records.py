"""Admin of the records around proposals: memberships, invitations, mandate texts,
submissions, sent emails and export jobs. Mostly read-only: services write them. What
belongs to a submitted proposal is neither changed nor deleted here, by superusers either."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from consortia import services
from consortia.admin.proposals import submitted
from consortia.models import (
    ExportJob,
    Invitation,
    MandateText,
    Membership,
    Proposal,
    SentEmail,
    Submission,
)
from portal.admin import PlainHistoryAdmin, breakable_email, user_column


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "proposal", "organisation", "role", "contact_name", "contact_email", "status",
            "mandate_version", "mandate_language", "mandate_confirmed_at", "mandate_confirmed_by",
            "contact_user", "position",
        ]  # fmt: skip

    def clean_proposal(self) -> Proposal:
        proposal = self.cleaned_data["proposal"]
        if submitted(proposal):
            raise forms.ValidationError(
                _("%(proposal)s is submitted: its members can no longer change."),
                params={"proposal": proposal},
            )
        return proposal


@admin.register(Membership)
class MembershipAdmin(PlainHistoryAdmin):
    form = MembershipAdminForm
    list_display = ["organisation", "proposal", "role", "status", "contact"]
    list_filter = ["role", "status"]
    list_select_related = ["organisation", "proposal"]
    search_fields = ["organisation__legal_name", "proposal__acronym", "contact_email"]
    autocomplete_fields = ["organisation", "proposal"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and submitted(obj.proposal))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and submitted(obj.proposal))

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        """The verdicts of the proposal it left and the one it is in are stored again."""
        before = Membership.objects.filter(pk=obj.pk).values_list("proposal_id", flat=True)
        services.refresh_after_commit([*before, obj.proposal_id])
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.refresh_after_commit([obj.proposal_id])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        services.refresh_after_commit(list(queryset.values_list("proposal_id", flat=True)))
        super().delete_queryset(request, queryset)

    @admin.display(description=_("Contact email"), ordering="contact_email")
    def contact(self, membership: Membership) -> str:
        return breakable_email(membership.contact_email)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email_address",
        "member",
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

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not (
            obj and submitted(obj.membership.proposal)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not (
            obj and submitted(obj.membership.proposal)
        )

    @admin.display(description=_("Email"), ordering="email")
    def email_address(self, invitation: Invitation) -> str:
        return breakable_email(invitation.email)

    @admin.display(description=_("Proposal: member"), ordering="membership__proposal__acronym")
    def member(self, invitation: Invitation) -> str:
        membership = invitation.membership
        return f"{membership.proposal.acronym}: {membership.organisation}"


@admin.register(MandateText)
class MandateTextAdmin(TranslationAdmin):
    """A new version is a new row: partners confirm the newest; old confirmations keep theirs.
    Its text has a field per language; a saved version's texts stay as they are, and only a
    language it has no text in yet may be added (partners confirm the text they read)."""

    list_display = ["version", "created_at"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: MandateText | None = None
    ) -> list[str]:
        if obj is None:
            return []
        written = [
            f"text_{code}" for code, _name in settings.LANGUAGES if getattr(obj, f"text_{code}")
        ]
        return ["version", *written]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["proposal", "submitted_at", "submitter", "fingerprint", "withdrawn_at"]
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
    submitter = user_column("submitted_by", _("Submitted by"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and submitted(obj.proposal))

    @admin.display(description=_("SHA-256 (start)"))
    def fingerprint(self, submission: Submission) -> str:
        return f"{submission.sha256[:12]}…"


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
        "requester",
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
    requester = user_column("requested_by", _("Requested by"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("File"))
    def download(self, job: ExportJob) -> str:
        if job.status != ExportJob.Status.DONE:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("consortia:export-download", args=[job.pk]), job.filename
        )

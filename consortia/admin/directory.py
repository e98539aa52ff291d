"""Admin of the organisation directory, with its change history and managers, and of the
corrections partners proposed (accepted or refused through the services)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from consortia import permissions, selectors, services
from consortia.admin import directory_files
from consortia.exceptions import NotAllowed
from consortia.models import DirectoryImport, Organisation, OrganisationCorrection
from lots.selectors import nace_sectors
from portal.admin import PlainHistoryAdmin, country_lookups


class CountryFilter(admin.SimpleListFilter):
    """The directory's countries (not every country in the world)."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return country_lookups(Organisation.objects.all(), "country")

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Organisation]
    ) -> QuerySet[Organisation]:
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Organisation)
class OrganisationAdmin(PlainHistoryAdmin):
    list_display = ["legal_name", "short_name", "country", "kind", "pic", "oid"]
    list_filter = [CountryFilter, "kind", "size"]
    search_fields = ["legal_name", "short_name", "pic", "oid"]
    filter_horizontal = ["sectors"]
    autocomplete_fields = ["managers"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    change_list_template = "admin/consortia/organisation/change_list.html"

    def get_urls(self) -> list[Any]:
        """The import and export pages (``directory_files``), before the object pages."""
        view = self.admin_site.admin_view

        def bound(function: Callable) -> Callable:
            return view(lambda request, **kwargs: function(self, request, **kwargs))

        return [
            path("import/", bound(directory_files.upload), name="consortia_organisation_import"),
            path(
                "import/<int:pk>/",
                bound(directory_files.job_page),
                name="consortia_organisation_import_job",
            ),
            path(
                "import/<int:pk>/confirm/",
                bound(directory_files.confirm),
                name="consortia_organisation_import_confirm",
            ),
            path(
                "import/<int:pk>/refused.csv",
                bound(directory_files.refused_rows),
                name="consortia_organisation_import_refused",
            ),
            path(
                "export/<str:format>/",
                bound(directory_files.export),
                name="consortia_organisation_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "can_import": permissions.can_import_directory(request.user),
                "can_export": permissions.can_export_directory(request.user),
            },
        )

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        """The verdicts of the proposals it is a member of are stored again."""
        super().save_model(request, obj, form, change)
        services.refresh_members_after_commit([obj.pk])

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Organisations work in NACE sectors, not in those a call names for itself."""
        if db_field.name == "sectors":
            kwargs["queryset"] = nace_sectors()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(OrganisationCorrection)
class OrganisationCorrectionAdmin(admin.ModelAdmin):
    """Read-only rows; staff with the change permission on organisations decide by action."""

    list_display = ["organisation", "proposed_by", "created_at", "status", "decided_by"]
    list_filter = ["status"]
    search_fields = ["organisation__legal_name", "=organisation__pic"]
    list_select_related = ["organisation", "proposed_by", "decided_by"]
    fields = ["organisation", "changes", "proposed_by", "created_at", "status", "decided_by"]
    readonly_fields = fields
    actions = ["accept", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Changes"))
    def changes(self, correction: OrganisationCorrection) -> str:
        return format_html_join(
            "",
            "<div>{}: {} → {}</div>",
            (
                (row.label, row.current or "-", row.proposed or "-")
                for row in selectors.corrected_fields(correction)
            ),
        )

    def decide(
        self, request: HttpRequest, queryset: QuerySet[OrganisationCorrection], decide: Callable
    ) -> None:
        done = 0
        for correction in queryset:
            try:
                decide(correction=correction, by=request.user)
            except NotAllowed as error:
                problem = f"{correction.organisation}: {error.text}"
                self.message_user(request, problem, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} correction(s) decided.", messages.SUCCESS)

    @admin.action(description=_("Accept the selected corrections (apply them)"))
    def accept(self, request: HttpRequest, queryset: QuerySet[OrganisationCorrection]) -> None:
        self.decide(request, queryset, services.accept_correction)

    @admin.action(description=_("Refuse the selected corrections"))
    def refuse(self, request: HttpRequest, queryset: QuerySet[OrganisationCorrection]) -> None:
        self.decide(request, queryset, services.refuse_correction)


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    """The directory's imports, each opening its preview or progress page; read-only, for
    who may import."""

    list_display = [
        "page",
        "status",
        "rows",
        "new",
        "changed",
        "refused",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["created_by"]

    @admin.display(description=_("File"))
    def page(self, job: DirectoryImport) -> str:
        return format_html('<a href="{}">{}</a>', job.get_absolute_url(), job.filename)

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> None:
        return None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_import_directory(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_import_directory(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Admin of calls, lots (with their composition rows and grant caps inline) and sectors, with
the history of every change to a call, a lot and its rule rows."""

from django.contrib import admin
from django.template.loader import render_to_string

from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector
from portal.admin import PlainHistoryAdmin


class LotInline(admin.TabularInline):
    model = Lot
    fields = [
        "number",
        "title",
        "allowed_durations",
        "min_programme_countries",
        "min_full_partners",
    ]
    show_change_link = True
    extra = 0


@admin.register(Call)
class CallAdmin(PlainHistoryAdmin):
    list_display = [
        "title",
        "reference",
        "year",
        "deadline",
        "applicant_rule",
        "is_open",
        "is_default",
    ]
    list_filter = ["is_open", "year"]
    search_fields = ["title", "reference", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LotInline]


class CompositionInline(admin.TabularInline):
    model = CompositionRequirement
    extra = 0


class GrantCapInline(admin.TabularInline):
    model = GrantCap
    extra = 0


@admin.register(Lot)
class LotAdmin(PlainHistoryAdmin):
    list_display = [
        "__str__",
        "title",
        "min_programme_countries",
        "min_full_partners",
        "allowed_durations",
    ]
    list_filter = ["call"]
    list_select_related = ["call"]
    search_fields = ["title", "call__title"]
    filter_horizontal = ["sectors"]
    inlines = [CompositionInline, GrantCapInline]
    fieldsets = [
        (None, {"fields": ["call", "number", "title", "description", "deadline"]}),
        (
            "Rules (an empty rule is not checked)",
            {
                "fields": [
                    "allowed_durations",
                    "min_programme_countries",
                    "min_full_partners",
                    "partner_country_full_partners_count",
                    "sectors",
                ]
            },
        ),
        ("History of the composition rows and grant caps", {"fields": ["rule_history"]}),
    ]
    readonly_fields = ["rule_history"]

    @admin.display(description="Changes")
    def rule_history(self, lot: Lot) -> str:
        """The lot's own changes are under History; its rule rows' changes are listed here."""
        if lot.pk is None:
            return "-"
        records = sorted(
            [
                *CompositionRequirement.history.filter(lot_id=lot.pk).select_related(
                    "history_user"
                ),
                *GrantCap.history.filter(lot_id=lot.pk).select_related("history_user"),
            ],
            key=lambda record: record.history_date,
            reverse=True,
        )
        return render_to_string("admin/lots/lot/rule_history.html", {"records": records})


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "keywords"]

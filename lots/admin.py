"""Admin of calls, lots (with their composition rows and grant caps inline) and sectors."""

from django.contrib import admin

from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector


class LotInline(admin.TabularInline):
    model = Lot
    fields = ["number", "title", "min_programme_countries", "min_full_partners"]
    show_change_link = True
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "reference", "year", "deadline", "is_open", "is_default"]
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
class LotAdmin(admin.ModelAdmin):
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
    ]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]

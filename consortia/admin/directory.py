"""Admin of the organisation directory, with its change history."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from consortia.models import Organisation
from portal.admin import PlainHistoryAdmin, country_lookups


class CountryFilter(admin.SimpleListFilter):
    """The directory's countries (not every country in the world)."""

    title = "country"
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
    readonly_fields = ["created_by", "created_at", "updated_at"]

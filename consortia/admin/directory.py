"""Admin of the organisation directory, with its change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consortia.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "short_name", "country", "kind", "pic", "oid"]
    list_filter = ["country", "kind", "size"]
    search_fields = ["legal_name", "short_name", "pic", "oid"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

from django.contrib import admin

from outbox.models import Intent


@admin.register(Intent)
class IntentAdmin(admin.ModelAdmin):
    """Read-only: what background work is waiting, running, done or given up, and why."""

    list_display = ["pk", "task", "state", "attempts", "publishes", "created_at", "due_at"]
    list_filter = ["task", ("done_at", admin.EmptyFieldListFilter)]
    # A request id from a log line or a Sentry event finds the work that request queued.
    search_fields = ["task", "last_error", "=request_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

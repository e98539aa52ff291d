"""What every admin page shares: the site's header and layout, the Users list by email, a
change history in plain words and Brussels time, and country filters that list the countries
in use, each once. (Users are named by email everywhere: portal/apps.py.)"""

import re
from datetime import datetime
from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, HistoricalChanges, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

admin.site.site_header = _("Consortium Portal administration")
admin.site.site_title = _("Consortium Portal admin")
# The navigation sidebar repeats the home page and takes a quarter of a 1280 px screen, which
# the lists need for their columns; the breadcrumbs lead home.
admin.site.enable_nav_sidebar = False

EMPTY = "-"


class EmailAuthenticationForm(AdminAuthenticationForm):
    """Admin's sign-in asks for the email, as the portal's does: usernames are generated and
    nobody knows theirs (allauth's backend accepts the email in the username field)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _("Please enter the email and password of a staff account."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")

    def clean(self) -> dict[str, Any]:
        """Authenticate through allauth's adapter, so that failed sign-ins here count with
        the portal's and meet the same limit (ACCOUNT_RATE_LIMITS["login_failed"])."""
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


admin.site.login_form = EmailAuthenticationForm


def brussels_time(moment: datetime | None) -> str:
    """A date and time as admin shows them: Brussels time (settings.TIME_ZONE), 24-hour."""
    if moment is None:
        return EMPTY
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def breakable_email(address: str) -> str:
    """An email address that a narrow column may wrap after its @ and before its dots (a long
    address would otherwise widen the list past the screen)."""
    parts = re.split(r"(?<=@)|(?=\.)", address)
    return format_html_join(mark_safe("<wbr>"), "{}", ((part,) for part in parts))


def user_column(field: str, description: str) -> Any:
    """A list column naming the user in the foreign key `field` by a breakable email."""

    @admin.display(description=description, ordering=f"{field}__email")
    def column(model_admin: admin.ModelAdmin, obj: Any) -> str:
        user = getattr(obj, field)
        return breakable_email(str(user)) if user else EMPTY

    return column


def plain_value(field: Any, value: Any) -> str:
    """A field's value as people read it: a choice by its label, a time in Brussels time, an
    empty value as "-" (simple_history says "None" or "Deleted user (pk=None)")."""
    if isinstance(value, DeletedObject):
        return EMPTY if value.pk is None else f"a deleted {value.model._meta.verbose_name}"
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return brussels_time(value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class PlainHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):  # the related objects of a many-to-many field
            return [plain_value(field, item) for item in value]
        return plain_value(field, value)


class PlainHistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose History page names who changed what (a change without a signed-in
    user, by a task or a migration, is "system"), when in Brussels time, and the values as
    plain_value shows them."""

    object_history_template = "admin/history.html"
    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return PlainHistoryHelper(self.model, historical_record)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """simple_history saves a posted old version for anyone who may view the object; only
        who may change it now reverts it (a reviewer views organisations, nobody changes the
        members of a submitted proposal)."""
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def country_lookups(rows: QuerySet[Any], field_path: str) -> list[tuple[str, str]]:
    """A country filter's choices: the countries in `field_path` of `rows`, each once, by
    name. The rows' default ordering is cleared: DISTINCT would otherwise keep a country once
    per ordering value (once per membership)."""
    codes = rows.order_by().values_list(field_path, flat=True).distinct()
    return sorted(((str(code), countries.name(code)) for code in codes), key=lambda c: c[1])


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Accounts by the email they sign in with (the username is generated)."""

    list_display = ["email", "first_name", "last_name", "is_staff", "is_superuser", "is_active"]
    ordering = ["email"]
    search_fields = ["email", "first_name", "last_name"]

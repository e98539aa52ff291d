"""Admin of calls (with their own sectors inline), lots (with their composition rows and grant
caps inline) and sectors, with the history of every change to a call, a lot and its rule
rows."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from lots import services
from lots.models import Call, CompositionRequirement, GrantCap, Lot, Sector
from lots.presets import presets
from lots.selectors import call_sectors
from lots.signals import announce_rules_change, lots_ruled_by
from portal.admin import NamedRowsFormSet, NamedRowsInline, PlainHistoryAdmin


class AnnouncesRuleChanges(admin.ModelAdmin):
    """Saving or deleting a call, a lot (with its composition rows, grant caps and sectors)
    or a sector announces ``rules_changed`` once, in the admin's transaction, for the lots
    it ruled before the change and rules after it (inlines and sectors are saved last, in
    ``save_related``; a revert from History saves no inlines)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form.lots_before = lots_ruled_by(obj) if change else []
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        announce_rules_change([*form.lots_before, *lots_ruled_by(form.instance)])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        lot_ids = lots_ruled_by(obj)
        super().delete_model(request, obj)
        announce_rules_change(lot_ids)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        lot_ids = [pk for obj in queryset for pk in lots_ruled_by(obj)]
        super().delete_queryset(request, queryset)
        announce_rules_change(lot_ids)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """A revert saves the object, then its sectors, in one transaction with the
        announcement, so that the refresh starts after both."""
        with transaction.atomic():
            response = super().history_form_view(  # type: ignore[attr-defined]
                request, object_id, version_id, extra_context
            )
            reverted = self.get_object(request, unquote(object_id))
            if request.method == "POST" and reverted is not None:
                announce_rules_change(lots_ruled_by(reverted))
            return response  # type: ignore[no-any-return]


class LotInline(TranslationTabularInline):
    model = Lot
    formset = NamedRowsFormSet
    fields = [
        "number",
        "title",
        "allowed_durations",
        "min_programme_countries",
        "min_full_partners",
    ]
    show_change_link = True
    extra = 0


class OwnSectorFormSet(NamedRowsFormSet):
    def clean(self) -> None:
        """Two new rows with one code: the database's constraint would refuse the second."""
        super().clean()
        codes = [
            form.cleaned_data["code"]
            for form in self.forms
            if form.cleaned_data.get("code") and not self._should_delete_form(form)
        ]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise ValidationError(
                gettext("Each sector needs its own code: %(codes)s twice.")
                % {"codes": ", ".join(twice)}
            )


class OwnSectorInline(TranslationTabularInline):
    model = Sector
    fk_name = "call"
    formset = OwnSectorFormSet
    fields = ["code", "name", "keywords"]
    extra = 0
    verbose_name = _("sector the call names itself")
    verbose_name_plural = _("Sectors the call names itself (besides NACE Rev. 2, or instead)")


class CallAdminForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        """A call that leaves NACE out cannot keep lots narrowed to NACE sectors."""
        data = super().clean()
        if self.instance.pk is None or data.get("nace_sectors", True):
            return data
        lots = Lot.objects.filter(call=self.instance, sectors__call__isnull=True).distinct()
        if lots:
            names = ", ".join(gettext("Lot %(number)s") % {"number": lot.number} for lot in lots)
            self.add_error(
                "nace_sectors",
                gettext(
                    "%(lots)s of this call narrow it to NACE sectors: change their sectors first."
                )
                % {"lots": names},
            )
        return data


@admin.register(Call)
class CallAdmin(AnnouncesRuleChanges, PlainHistoryAdmin, TranslationAdmin):
    form = CallAdminForm
    list_display = [
        "title",
        "reference",
        "year",
        "deadline",
        "applicant_rule",
        "is_open",
        "is_default",
        "nace_sectors",
    ]
    list_filter = ["is_open", "year"]
    search_fields = ["title", "reference", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OwnSectorInline, LotInline]
    actions = ["copy_calls"]
    change_list_template = "admin/lots/call/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        presets_view = self.admin_site.admin_view(self.presets_view)
        return [path("presets/", presets_view, name="lots_call_presets"), *super().get_urls()]

    @admin.action(description=_("Copy the selected calls with their lots and rules (closed)"))
    def copy_calls(self, request: HttpRequest, queryset: QuerySet[Call]) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied
        copies = [services.copy_call(call) for call in queryset]
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:lots_call_change", args=[copy.pk]), copy.title) for copy in copies),
        )
        self.message_user(
            request,
            format_html(
                gettext("Copied, closed until you open them: {}. Set their years and deadlines."),
                links,
            ),
            messages.SUCCESS,
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def presets_view(self, request: HttpRequest) -> HttpResponse:
        """The shipped presets of past calls, each loaded with one button (closed, with its
        caveat); who may add calls only."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        available = presets()
        if request.method == "POST":
            preset = available.get(request.POST.get("preset", ""))
            if preset is None:
                raise Http404(gettext("No such preset."))
            try:
                call = services.load_preset(preset)
            except services.CallExists as exists:
                self.message_user(request, str(exists), messages.WARNING)
                return HttpResponseRedirect(reverse("admin:lots_call_presets"))
            self.message_user(
                request,
                gettext("Loaded %(call)s with %(lots)s lots, closed. %(caveat)s")
                % {"call": call.title, "lots": call.lots.count(), "caveat": call.caveat},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:lots_call_change", args=[call.pk]))
        loaded = set(Call.objects.filter(slug__in=available).values_list("slug", flat=True))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Load a past call"),
            "presets": [(preset, preset.slug in loaded) for preset in available.values()],
        }
        return TemplateResponse(request, "admin/lots/call/presets.html", context)


class CompositionInline(TranslationTabularInline):
    model = CompositionRequirement
    formset = NamedRowsFormSet
    extra = 0


class GrantCapInline(NamedRowsInline):
    model = GrantCap
    extra = 0


class SectorChoices(forms.ModelMultipleChoiceField):
    """Sectors named with their call when they are a call's own."""

    def label_from_instance(self, sector: Sector) -> str:
        return f"{sector} ({sector.call})" if sector.call_id else str(sector)


class LotAdminForm(forms.ModelForm):
    sectors = SectorChoices(
        queryset=Sector.objects.select_related("call"),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(_("sectors"), is_stacked=False),
        help_text=Lot._meta.get_field("sectors").help_text,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """A saved lot chooses among its call's sectors; a new one among all, those of a
        call named with it."""
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            offered = call_sectors(self.instance.call).select_related("call")
            self.fields["sectors"].queryset = offered

    def clean(self) -> dict[str, Any]:
        """Every sector is one of the call's (its own, or NACE when the call includes it)."""
        data = super().clean()
        call, sectors = data.get("call"), data.get("sectors")
        if call is not None and sectors:
            outside = sectors.exclude(pk__in=call_sectors(call))
            if outside:
                names = ", ".join(self.fields["sectors"].label_from_instance(s) for s in outside)
                self.add_error(
                    "sectors",
                    gettext("Not among the sectors of %(call)s: %(sectors)s.")
                    % {"call": call, "sectors": names},
                )
        return data


@admin.register(Lot)
class LotAdmin(AnnouncesRuleChanges, PlainHistoryAdmin, TranslationAdmin):
    form = LotAdminForm
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
    inlines = [CompositionInline, GrantCapInline]
    fieldsets = [
        (None, {"fields": ["call", "number", "title", "description", "deadline"]}),
        (
            _("Rules (an empty rule is not checked)"),
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
        (_("History of the composition rows and grant caps"), {"fields": ["rule_history"]}),
    ]
    readonly_fields = ["rule_history"]

    @admin.display(description=_("Changes"))
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


class CallFilter(admin.RelatedOnlyFieldListFilter):
    """The calls that name sectors of their own, and NACE Rev. 2 (no call)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = gettext("NACE Rev. 2")


@admin.register(Sector)
class SectorAdmin(AnnouncesRuleChanges, TranslationAdmin):
    list_display = ["code", "name", "level", "parent", "call"]
    list_filter = [("call", CallFilter), "level"]
    list_select_related = ["parent", "call"]
    search_fields = ["code", "name", "keywords"]

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.records import KeepRecordAdminMixin, KeepRecordInlineMixin
from members.models import Institution, IssuingUnit, Person


class PersonInline(KeepRecordInlineMixin, admin.TabularInline):
    model = Person
    fields = ["honorific", "full_name", "gender", "post", "email", "phone", "is_active"]
    extra = 0
    show_change_link = True


class PlacedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's search-as-you-type pickers, naming an institution with its place (names repeat across states)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Institution):
            result["text"] = obj.label_with_place()
        return result


def _placed_autocomplete_view(request):
    return PlacedAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# Every institution relation in the admin is an autocomplete, and they all ask the site's one view. The site
# reads this attribute when it builds its URLs (after the admin modules are loaded), so its own address,
# login check and name ("admin:autocomplete") stay; only the labels change.
admin.site.autocomplete_view = _placed_autocomplete_view


class IssuingUnitInline(KeepRecordInlineMixin, admin.StackedInline):
    model = IssuingUnit
    fields = ["lines", "place", "address", "phone", "web", "logo", "oficio_pattern", "standing", "archived_at"]
    extra = 0
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, desmarque «activa».")
    list_display = ["name", "short_name", "kind", "government_order", "state", "municipality", "is_active"]
    list_filter = ["kind", "government_order", "state", "is_active"]
    search_fields = ["name", "short_name", "municipality"]
    inlines = [IssuingUnitInline, PersonInline]


@admin.register(IssuingUnit)
class IssuingUnitAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, archívela desde la página de su institución.")
    list_display = ["__str__", "place", "oficio_pattern", "archived_at"]
    list_filter = ["institution__kind"]
    search_fields = ["institution__name", "institution__short_name", "lines"]
    autocomplete_fields = ["institution"]
    list_select_related = ["institution"]


@admin.register(Person)
class PersonAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, desmarque «activa»; sus asistencias y respuestas se conservan.")
    list_display = ["full_name", "post", "institution", "email", "user", "is_active"]
    list_filter = ["is_active", "institution__kind"]
    search_fields = ["full_name", "post", "email", "institution__name"]
    autocomplete_fields = ["institution", "user"]
    list_select_related = ["institution", "user"]

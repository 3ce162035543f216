from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.records import KeepRecordAdminMixin, KeepRecordInlineMixin
from members.models import Institution, Person


class PersonInline(KeepRecordInlineMixin, admin.TabularInline):
    model = Person
    fields = ["honorific", "full_name", "gender", "post", "email", "phone", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, desmarque «activa».")
    list_display = ["name", "short_name", "kind", "government_order", "is_active"]
    list_filter = ["kind", "government_order", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, desmarque «activa»; sus asistencias y respuestas se conservan.")
    list_display = ["full_name", "post", "institution", "email", "user", "is_active"]
    list_filter = ["is_active", "institution__kind"]
    search_fields = ["full_name", "post", "email", "institution__name"]
    autocomplete_fields = ["institution", "user"]
    list_select_related = ["institution", "user"]

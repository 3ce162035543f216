from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.records import KeepRecordAdminMixin, KeepRecordInlineMixin
from council.models import Council, Seat, SeatAlternate, WorkingGroup


class SeatInline(KeepRecordInlineMixin, admin.TabularInline):
    model = Seat
    fields = ["institution", "role", "has_vote", "principal", "order", "valid_from", "valid_to", "archived_at"]
    autocomplete_fields = ["institution", "principal"]
    extra = 0
    show_change_link = True


@admin.register(Council)
class CouncilAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarlo, desmarque «activo».")
    list_display = ["short_name", "name", "kind", "jurisdiction", "quorum_rule", "is_active"]
    list_filter = ["kind", "quorum_rule", "is_active"]
    search_fields = ["name", "short_name", "jurisdiction"]
    autocomplete_fields = ["presiding_institution", "secretariat_institution", "default_issuing_unit"]
    filter_horizontal = ["staff"]
    inlines = [SeatInline]


class SeatAlternateInline(admin.TabularInline):
    model = SeatAlternate
    autocomplete_fields = ["person"]
    extra = 1


@admin.register(Seat)
class SeatAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarlo, archívelo desde la página del consejo.")
    list_display = ["institution", "council", "role", "has_vote", "principal", "valid_from", "valid_to", "archived_at"]
    list_filter = ["council", "role", "has_vote"]
    search_fields = ["institution__name", "principal__full_name", "council__short_name"]
    autocomplete_fields = ["council", "institution", "principal"]
    list_select_related = ["institution", "council", "principal"]
    inlines = [SeatAlternateInline]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Cuando termine su mandato, márquelo «Concluido».")
    list_display = ["name", "council", "coordinator", "status", "formed_at"]
    list_filter = ["council", "status"]
    search_fields = ["name", "mandate"]
    autocomplete_fields = ["council", "coordinator", "formed_at"]
    filter_horizontal = ["members"]
    list_select_related = ["council", "coordinator", "formed_at"]

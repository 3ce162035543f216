from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.records import KeepRecordAdminMixin, KeepRecordInlineMixin
from sessions_app.forms.sessions import SessionAdminForm
from sessions_app.models import (
    AgendaItem,
    Agreement,
    AgreementUpdate,
    Ballot,
    Document,
    InformativeNote,
    Invitation,
    InvitationAnswer,
    Minutes,
    MinutesComment,
    Session,
    Vote,
)
from sessions_app.services.agreements import agreement_reserve_number


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["order", "title", "kind", "presenter_institution", "duration_minutes", "highlight"]
    autocomplete_fields = ["presenter_institution"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        """Items leave an agenda only while it may change, as on the agenda page: a held session keeps its own."""
        return super().has_delete_permission(request, obj) and (obj is None or obj.agenda_editable)


class InvitationInline(KeepRecordInlineMixin, admin.TabularInline):
    model = Invitation
    fields = ["institution", "role", "has_vote", "invitee", "answer", "attendee", "attended", "arrived_at", "delivery"]
    autocomplete_fields = ["institution", "invitee", "attendee"]
    extra = 0


@admin.register(Session)
class SessionAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarla, cancélela desde su página, con el motivo.")
    form = SessionAdminForm
    list_display = ["__str__", "council", "working_group", "starts_at", "city", "modality", "status"]
    list_filter = ["council", "kind", "status", "modality", "year"]
    search_fields = ["venue", "city", "council__name", "council__short_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["council", "working_group"]
    list_select_related = ["council", "working_group"]
    readonly_fields = ["year", "sequence"]
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "kind", "duration_minutes", "highlight"]
    list_filter = ["kind", "highlight"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["session", "presenter_institution", "presenter"]
    list_select_related = ["session__council"]

    def has_delete_permission(self, request, obj=None):
        """An item is deleted only from an agenda that may still change (a held session's are its record)."""
        return super().has_delete_permission(request, obj) and (obj is None or obj.session.agenda_editable)

    def get_actions(self, request):
        # The bulk delete would not ask each item's session: items are deleted one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class InvitationAnswerInline(admin.TabularInline):
    model = InvitationAnswer
    fields = ["created_at", "answer", "attendee", "proposed_name", "proposed_email", "validated", "channel"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Invitation)
class InvitationAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Un invitado al que aún no se envió la convocatoria se retira desde la página «Convocatoria».")
    list_display = ["institution", "session", "role", "has_vote", "answer", "attended", "delivery"]
    list_filter = ["role", "answer", "attended", "delivery", "session__council"]
    search_fields = ["institution__name", "invitee__full_name"]
    autocomplete_fields = ["session", "institution", "seat", "invitee", "attendee"]
    list_select_related = ["institution", "session__council"]
    inlines = [InvitationAnswerInline]


class AgreementUpdateInline(KeepRecordInlineMixin, admin.TabularInline):
    model = AgreementUpdate
    fields = ["created_at", "institution", "text", "status", "evidence"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para retirarlo, cancélelo desde su página, con el motivo.")
    list_display = ["number", "session", "status", "due_date"]
    list_filter = ["status", "session__council"]
    search_fields = ["number", "text"]
    autocomplete_fields = ["session", "agenda_item"]
    filter_horizontal = ["responsible"]
    list_select_related = ["session__council"]
    inlines = [AgreementUpdateInline]
    readonly_fields = ["number", "sequence"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Numbered like the app does it, with the session row locked (the admin's view is atomic).
            obj.sequence, obj.number = agreement_reserve_number(session=obj.session)
        super().save_model(request, obj, form, change)


@admin.register(Document)
class DocumentAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Un anexo se archiva desde el orden del día; un documento publicado se reemplaza con otra versión.")
    list_display = ["title", "session", "kind", "version", "published_at", "sha256"]
    list_filter = ["kind", "session__council"]
    search_fields = ["title", "sha256"]
    autocomplete_fields = ["session", "agenda_item"]
    list_select_related = ["session__council"]


class BallotInline(admin.TabularInline):
    model = Ballot
    extra = 0
    autocomplete_fields = ["invitation"]


@admin.register(Vote)
class VoteAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Para corregirla, regístrela de nuevo desde el punto del orden del día.")
    list_display = ["agenda_item", "method", "result", "votes_for", "votes_against", "abstentions", "recorded_at"]
    list_filter = ["method", "result", "agenda_item__session__council"]
    search_fields = ["agenda_item__title", "agenda_item__session__council__name"]
    autocomplete_fields = ["agenda_item"]
    list_select_related = ["agenda_item__session"]
    inlines = [BallotInline]


class MinutesCommentInline(KeepRecordInlineMixin, admin.TabularInline):
    model = MinutesComment
    extra = 0
    autocomplete_fields = ["institution"]
    readonly_fields = ["author", "created_at"]


@admin.register(Minutes)
class MinutesAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Mientras no esté aprobada, corrija su texto.")
    list_display = ["__str__", "status", "comments_due", "approved_at"]
    list_filter = ["status"]
    search_fields = ["session__council__name", "body"]
    autocomplete_fields = ["session", "approved_at_session", "document"]
    inlines = [MinutesCommentInline]


@admin.register(InformativeNote)
class InformativeNoteAdmin(KeepRecordAdminMixin, SimpleHistoryAdmin):
    retire_hint = _("Una versión nueva la reemplaza.")
    list_display = ["__str__", "issuing_unit", "date", "status", "version"]
    list_filter = ["status"]
    search_fields = ["body", "issuing_unit__institution__name"]
    autocomplete_fields = ["session", "issuing_unit", "document"]

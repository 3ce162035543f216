"""Convening a session (staff): the convocation page, guests, live confirmations, resending a letter."""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core import versions
from core.submissions import create_once
from core.views import add_service_errors, service_error_text
from sessions_app import tasks
from sessions_app.forms.convocation import GuestForm
from sessions_app.models import Session
from sessions_app.permissions import InvitationPermissionMixin, SessionAccessMixin
from sessions_app.selectors.convocation import (
    agenda_for_message,
    convocation_invitations,
    convocation_seats,
    convocation_states,
    convocation_status,
    convocation_summary,
    guest_invitations,
    pending_seats,
    seats_out_of_date,
    seats_preparing,
    session_day,
)
from sessions_app.services.convocation import (
    invitation_add_guest,
    invitation_resend,
    invitation_withdraw_guest,
    session_convene,
)
from sessions_app.services.reminders import reminder_state
from sessions_app.templatetags.answer_rows import answer_row, row_labels, row_options


class ConveneView(SessionAccessMixin, TemplateView):
    """Before convening: who will be convened, the guests added for this session; then convene."""

    permission = "manage"
    template_name = "sessions_app/session_convene.html"

    def get_context_data(self, **kwargs):
        is_draft = self.session.status == Session.Status.DRAFT
        context = {
            "session": self.session,
            "council": self.council,
            "seats": list(convocation_seats(session=self.session)),
            "seats_out_of_date": seats_out_of_date(session=self.session),
            "session_day": session_day(self.session),
            "pending": [] if is_draft else list(pending_seats(session=self.session)),
            "guests": list(guest_invitations(session=self.session)),
            "agenda": agenda_for_message(session=self.session),
            "is_draft": is_draft,
            "can_invite": self.session.accepts_invitations,
        }
        kwargs.setdefault("guest_form", GuestForm(session=self.session, viewer=self.request.viewer))
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            count = session_convene(session=self.session, by=request.user)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
            return redirect("sessions_app:convene", pk=self.session.pk)
        messages.success(request, _convened_message(count))
        return redirect("sessions_app:attendance_live", pk=self.session.pk)


def _convened_message(count: int) -> str:
    return ngettext(
        "Sesión convocada: %(count)s convocatoria en preparación y envío. Aquí verá quién confirma.",
        "Sesión convocada: %(count)s convocatorias en preparación y envío. Aquí verá quién confirma.",
        count,
    ) % {"count": count}


class GuestAddView(ConveneView):
    """Invite one more institution to this session only (sent at once if the session is already convened)."""

    def get(self, request, *args, **kwargs):
        return redirect("sessions_app:convene", pk=self.session.pk)

    @create_once
    def post(self, request, *args, **kwargs):
        form = GuestForm(request.POST, session=self.session, viewer=request.viewer)
        if form.is_valid():
            try:
                invitation = invitation_add_guest(
                    session=self.session,
                    institution=form.cleaned_data["institution"],
                    person=form.cleaned_data["person"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(institution)s fue invitada.") % {"institution": invitation.institution})
                return redirect("sessions_app:convene", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(guest_form=form))


class GuestWithdrawView(InvitationPermissionMixin, TemplateView):
    """Confirm, then take back a guest added by mistake before anything was sent."""

    permission = "manage"
    template_name = "sessions_app/invitation_confirm_withdraw.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, session=self.session, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            invitation_withdraw_guest(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("Se retiró la invitación a %(i)s.") % {"i": self.invitation.institution})
        return redirect("sessions_app:convene", pk=self.session.pk)


def kept_answer_rows(session: Session, summary: dict, *, content_version: str) -> dict:
    """The live view's groups with their rows written, each row kept by the state of its invitation.

    A row shows the council's and the directory's data (``content_version``) and what answers, reminders and
    deliveries change in its invitation (``LiveRowState``): after an answer only that institution's row is
    written again. Rows hold the placeholders of a kept page (CSRF token), which each response replaces.
    """
    base = [versions.release(), content_version, get_language(), summary["can_record_answers"]]
    resend = {name: name == "pending" and summary["can_resend"] for name in summary["groups"]}
    keys = {
        state.pk: "fragments:answer-row:" + hashlib.sha256(repr([*base, resend[name], *state]).encode()).hexdigest()
        for name, states in summary["groups"].items()
        if name != "not_reached"  # a table of its own, with the invitations themselves
        for state in states
    }
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        labels = row_labels()
        options = {
            flag: row_options(
                can_record_answers=summary["can_record_answers"], resend=flag, csrf_token=versions.CSRF_PLACEHOLDER
            )
            for flag in (False, True)
        }
        groups = {state.pk: name for name, states in summary["groups"].items() for state in states}
        rendered = {
            keys[invitation.pk]: answer_row(invitation, labels, options[resend[groups[invitation.pk]]])
            for invitation in convocation_invitations(session=session, pks=missing)
        }
        cache.set_many(rendered, versions.FRAGMENT_TIMEOUT)
        found.update(rendered)
    not_reached = [state.pk for state in summary["groups"]["not_reached"]]
    return {
        **{
            name: [found[keys[state.pk]] for state in states]
            for name, states in summary["groups"].items()
            if name != "not_reached"
        },
        "not_reached": convocation_invitations(session=session, pks=not_reached) if not_reached else [],
    }


# The live view's count of seats still to be convened, kept under the content version.
PREPARING_KEY = "fragments:seats-preparing:%s"


class AttendanceLiveView(SessionAccessMixin, versions.CachedPageMixin, TemplateView):
    """Who confirmed, declined, sent a suplente, has not answered or was not reached; the projected quorum.

    The page is kept whole under the content version (``core.versions.CachedPageMixin``); the reminder and the
    panel, what answers change, are its live parts, and each row of the panel is kept by the state of its
    invitation (``kept_answer_rows``). The panel refreshes itself (htmx polling of ``AttendanceLivePanelView``),
    kept under the session's full version.
    """

    permission = "manage"
    template_name = "sessions_app/session_attendance_live.html"
    page_live = True

    def page_council_id(self) -> int:
        return self.access.council_id

    def page_session_id(self) -> int:
        return self.access.session_id

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]  # when a reminder may be sent again

    def get_context_data(self, **kwargs):
        context = super().get_context_data(session=self.session, council=self.council, **kwargs)
        if not context.get("page_live"):  # not kept with marks (a flash message to show, or the panel): whole
            context.update(reminder=reminder_state(session=self.session), **self.panel_context())
        return context

    def page_kept_keys(self) -> list[str]:
        return [*super().page_kept_keys(), PREPARING_KEY % self.access.session_id]

    @cached_property
    def states(self) -> list:
        return convocation_states(session=self.session)

    def panel_context(self) -> dict:
        session = self.session
        if not self.page_placeholder:  # written with the request's own token, nothing kept
            return convocation_status(session=session)
        # The seats still to be convened change with the content version only (invitations written, seats).
        preparing = self.kept_object(PREPARING_KEY % session.pk, lambda: seats_preparing(session=session))
        summary = convocation_summary(session=session, states=self.states, preparing=preparing)
        groups = kept_answer_rows(session, summary, content_version=self.content_version)
        return {**summary, "groups": groups}

    def live_parts(self, names: list[str]) -> dict[str, str]:
        self.page_placeholder = True  # the parts are kept: written with the placeholders of a kept page
        context = {"session": self.session, "council": self.council}
        parts = {}
        if "reminder" in names:
            context["reminder"] = reminder_state(session=self.session, rows=self.states)
            parts["reminder"] = self.live_render("sessions_app/includes/_attendance_live_reminder.html", context)
        if "panel" in names:
            parts["panel"] = self.live_render(
                "sessions_app/includes/_attendance_live_panel.html", {**context, **self.panel_context()}
            )
        return parts


class AttendanceLivePanelView(AttendanceLiveView):
    template_name = "sessions_app/includes/_attendance_live_panel.html"
    page_live = False


class ReminderSendView(SessionAccessMixin, View):
    """«Enviar recordatorio»: e-mail again those reached who have not answered (not twice within the interval)."""

    permission = "manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            ids = tasks.reminders_queue_for_session(session=self.session)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Se está enviando el recordatorio a %(count)s institución sin respuesta.",
                    "Se está enviando el recordatorio a %(count)s instituciones sin respuesta.",
                    len(ids),
                )
                % {"count": len(ids)},
            )
        return redirect("sessions_app:attendance_live", pk=self.session.pk)


class InvitationResendView(InvitationPermissionMixin, View):
    """Send an invitation's convocation again ("reenviar")."""

    permission = "manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            invitation_resend(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request, _("La convocatoria de %(i)s se está enviando de nuevo.") % {"i": self.invitation.institution}
            )
        return redirect("sessions_app:attendance_live", pk=self.session.pk)

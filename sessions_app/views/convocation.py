"""Convening a session (staff): the convocation page, guests, live confirmations, resending a letter."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    convocation_seats,
    convocation_status,
    guest_invitations,
    pending_seats,
    seats_out_of_date,
    session_day,
)
from sessions_app.selectors.quorum import quorum_gauge
from sessions_app.services.convocation import (
    invitation_add_guest,
    invitation_resend,
    invitation_withdraw_guest,
    session_convene,
)
from sessions_app.services.reminders import reminder_state


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


class AttendanceLiveView(SessionAccessMixin, versions.CachedPageMixin, TemplateView):
    """Who confirmed, declined, sent a suplente, has not answered or was not reached; the projected quorum.

    The panel refreshes itself (htmx polling of ``AttendanceLivePanelView``). Page and panel are cached
    whole (``core.versions.CachedPageMixin``) under the session's version: each answer makes a new one.
    """

    permission = "manage"
    template_name = "sessions_app/session_attendance_live.html"

    def page_council_id(self) -> int:
        return self.access.council_id

    def page_session_id(self) -> int:
        return self.access.session_id

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]  # when a reminder may be sent again

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            reminder=reminder_state(session=self.session),
            gauge=quorum_gauge(session=self.session),
            **convocation_status(session=self.session),
            **kwargs,
        )


class AttendanceLivePanelView(AttendanceLiveView):
    template_name = "sessions_app/includes/_attendance_live_panel.html"


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

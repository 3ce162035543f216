"""The delegate's side of a convocation: answer it (by the e-mail's link or the dashboard), agenda, calendar."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from council.permissions import (
    InvitationPermissionMixin,
    InvitationTokenMixin,
    SessionPermissionMixin,
    can_answer_for,
)
from sessions_app import selectors
from sessions_app.documents import agenda_document
from sessions_app.emails import Purpose, invitation_ics
from sessions_app.forms import AnswerForm
from sessions_app.ics import calendar, session_event
from sessions_app.models import InvitationAnswer
from sessions_app.pdf import document_response
from sessions_app.services import rsvp


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AnswerMixin:
    """Shows an invitation with its answer form; a valid answer goes to the RSVP service."""

    template_name = "sessions_app/invitation_answer.html"
    channel = InvitationAnswer.Channel.LINK

    def get_form(self, data=None) -> AnswerForm:
        initial = {}
        if self.invitation.answer != rsvp.Answer.PENDING:
            initial["answer"] = self.invitation.answer
        if self.invitation.answer == rsvp.Answer.ALTERNATE:
            initial["alternate"] = self.invitation.attendee_id
        return AnswerForm(data, invitation=self.invitation, initial=initial)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            invitation=self.invitation,
            session=self.session,
            council=self.council,
            agenda=selectors.agenda_for_message(session=self.session),
            history=list(self.invitation.answers.select_related("attendee")[:10]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                record = rsvp.invitation_answer(
                    invitation=self.invitation, channel=self.channel, by=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.success_message(record))
                return redirect(self.request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def success_message(self, record: InvitationAnswer) -> str:
        if record.answer == rsvp.Answer.CONFIRMED:
            return _("Gracias: quedó confirmada su asistencia.")
        if record.answer == rsvp.Answer.DECLINED:
            return _("Gracias: registramos que no asistirá.")
        if record.attendee_id:
            return _("Gracias: registramos que asistirá %(p)s.") % {"p": record.attendee.display_name}
        return _("Gracias: registramos a %(p)s como suplente; la secretaría técnica validará sus datos.") % {
            "p": record.proposed_name
        }


class AnswerView(InvitationTokenMixin, AnswerMixin, TemplateView):
    """The page the e-mail's personal link opens, without login."""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("token", self.kwargs["token"])
        return super().get_context_data(**kwargs)


class AnswerCalendarView(InvitationTokenMixin, View):
    """The invitation's .ics from the personal link ("agregar a su calendario")."""

    def get(self, request, *args, **kwargs):
        invitation = selectors.invitation_for_message(invitation_id=self.invitation.pk)
        return ics_response(invitation_ics(invitation, purpose=Purpose.CONVOCATION), filename="sesion.ics")


class AnswerAgendaView(InvitationTokenMixin, View):
    """The orden del día as PDF from the personal link, no account needed."""

    def get(self, request, *args, **kwargs):
        return document_response(request, agenda_document(self.session))


class InvitationAnswerView(InvitationPermissionMixin, AnswerMixin, TemplateView):
    """The same answers for a logged-in delegate (their own institution only), or staff recording one."""

    permission = "answer"

    @property
    def channel(self):
        if can_answer_for(self.request.user, self.invitation.institution_id):
            return InvitationAnswer.Channel.DASHBOARD
        return InvitationAnswer.Channel.STAFF

    def get(self, request, *args, **kwargs):
        if self.session.status != self.session.Status.CONVENED:
            messages.info(request, _("Esta sesión ya no admite respuestas."))
            return redirect(self.session.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.session.status != self.session.Status.CONVENED:
            messages.error(request, _("Esta sesión ya no admite respuestas."))
            return redirect(self.session.get_absolute_url())
        return super().post(request, *args, **kwargs)


class SessionCalendarView(SessionPermissionMixin, View):
    """A session's .ics for anyone who may see it (same UID as the e-mails, so it is the same entry)."""

    def get(self, request, *args, **kwargs):
        cal = calendar([session_event(self.session)], method="PUBLISH")
        return ics_response(cal.to_ical(), filename=f"sesion-{self.session.pk}.ics")

"""Answers to a convocation: a delegate's (by the e-mail's personal link or logged in), and the staff's
validation of proposed suplentes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from core import versions
from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import ServiceFormMixin, add_service_errors
from sessions_app.documents.builders import agenda_document
from sessions_app.documents.responses import document_response
from sessions_app.forms.answers import AnswerForm, ProposalValidateForm, StaffAnswerForm
from sessions_app.models import InvitationAnswer
from sessions_app.permissions import InvitationPermissionMixin, InvitationTokenMixin, SessionAccessMixin, can_answer_for
from sessions_app.selectors.answers import answer_history, pending_proposals
from sessions_app.selectors.convocation import agenda_for_message
from sessions_app.services import answers as rsvp


class ProposalListView(SessionAccessMixin, TemplateView):
    """Suplentes proposed in the answers, to validate before the session."""

    permission = "manage"
    template_name = "sessions_app/invitationanswer_proposals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            proposals=list(pending_proposals(session=self.session)),
            **kwargs,
        )


class ProposalValidateView(InvitationPermissionMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """Check a proposed suplente's data and register the person."""

    permission = "manage"
    template_name = "sessions_app/invitationanswer_validate.html"
    form_class = ProposalValidateForm

    def get_invitation(self):
        self.proposal = get_object_or_404(
            InvitationAnswer.objects.select_related(
                "invitation__session__council", "invitation__institution", "invitation__seat"
            ),
            pk=self.kwargs["pk"],
        )
        return self.proposal.invitation

    def get_initial(self):
        return {
            "full_name": self.proposal.proposed_name,
            "post": self.proposal.proposed_post,
            "email": self.proposal.proposed_email,
            "add_as_alternate": bool(self.invitation.seat_id),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal, invitation=self.invitation, session=self.session, **kwargs
        )

    def perform(self, form):
        return rsvp.proposal_validate(
            proposal=self.proposal,
            person=form.new_person(),
            add_as_alternate=form.cleaned_data["add_as_alternate"],
            by=self.request.user,
        )

    def get_success_message(self) -> str:
        return _("%(p)s quedó registrada.") % {"p": self.object.display_name}

    def get_success_url(self) -> str:
        return reverse("sessions_app:proposals", args=[self.session.pk])


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
            agenda=agenda_for_message(session=self.session),
            history=answer_history(invitation=self.invitation),
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
                add_service_errors(form, error)
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


class AnswerView(InvitationTokenMixin, CreateOnceMixin, AnswerMixin, versions.CachedPageMixin, TemplateView):
    """The page the e-mail's personal link opens, without login.

    Every delegate opens it right after a convocation goes out: once the token is checked (every request), the
    whole page comes from the cache (``core.versions.CachedPageMixin``) while the council's content holds and
    this invitation's answer is the one it shows: the answers of the other institutions leave it alone.
    """

    page_follows_attendance = False

    def page_council_id(self) -> int:
        return self.session.council_id

    def page_session_id(self) -> int:
        return self.session.pk

    def page_cache_parts(self) -> list:
        # Its own answer (each answer and a validated suplente change it), and whether it still admits answers.
        return [self.invitation.pk, rsvp.invitation_answer_version(self.invitation), versions.this_minute()]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("token", self.kwargs["token"])
        return super().get_context_data(**kwargs)


class AnswerAgendaView(InvitationTokenMixin, View):
    """The orden del día as PDF from the personal link, no account needed."""

    def get(self, request, *args, **kwargs):
        return document_response(request, agenda_document(self.session))


class InvitationAnswerView(InvitationPermissionMixin, CreateOnceMixin, AnswerMixin, TemplateView):
    """The same answers for a logged-in delegate (their own institution only), or staff recording one."""

    permission = "answer"

    @property
    def channel(self):
        if can_answer_for(self.request.viewer, self.invitation.institution_id):
            return InvitationAnswer.Channel.DASHBOARD
        return InvitationAnswer.Channel.STAFF

    def get(self, request, *args, **kwargs):
        if not self.session.accepts_answers:
            messages.info(request, _("Esta sesión ya no admite respuestas."))
            return redirect(self.session.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.session.accepts_answers:
            messages.error(request, _("Esta sesión ya no admite respuestas."))
            return redirect(self.session.get_absolute_url())
        return super().post(request, *args, **kwargs)


class StaffAnswerView(ConcurrentEditMixin, InvitationPermissionMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """The staff record an institution's answer given to them (by phone, by letter), while the session admits them.

    Offered from Confirmaciones per institution; the form carries the version of the answer it was filled from.
    """

    permission = "manage"
    template_name = "sessions_app/invitation_answer_staff.html"
    form_class = StaffAnswerForm

    def get(self, request, *args, **kwargs):
        if not self.session.accepts_answers:
            return self._closed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.session.accepts_answers:
            return self._closed()
        return super().post(request, *args, **kwargs)

    def _closed(self):
        messages.error(self.request, _("Esta sesión ya no admite respuestas."))
        return redirect("sessions_app:attendance_live", pk=self.session.pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.invitation}

    def get_edited(self):
        return self.invitation

    def edited_version(self, edited) -> str:
        return rsvp.invitation_answer_version(edited)

    def get_initial(self):
        initial = super().get_initial()
        if self.invitation.answer != rsvp.Answer.PENDING:
            initial["answer"] = self.invitation.answer
        if self.invitation.answer == rsvp.Answer.ALTERNATE:
            initial["alternate"] = self.invitation.attendee_id
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            session=self.session,
            council=self.council,
            history=answer_history(invitation=self.invitation),
            **kwargs,
        )

    def perform(self, form):
        data = form.service_kwargs()
        return rsvp.invitation_answer_by_staff(invitation=self.invitation, by=self.request.user, **data)

    def get_success_message(self) -> str:
        return _("Se registró la respuesta de %(i)s: %(a)s.") % {
            "i": self.invitation.institution,
            "a": self.object.get_answer_display(),
        }

    def get_success_url(self) -> str:
        return reverse("sessions_app:attendance_live", args=[self.session.pk])

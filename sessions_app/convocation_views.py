"""The secretariat's side of a convocation: convene, add guests, watch answers live, take attendance, declare quorum."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from core.views import service_error_text
from council.permissions import InvitationPermissionMixin, SessionPermissionMixin
from sessions_app import selectors
from sessions_app.forms import CheckInForm, GuestForm, ProposalValidateForm
from sessions_app.models import InvitationAnswer, Session
from sessions_app.services import checkin, convocation, rsvp
from sessions_app.services.quorum import quorum_for, session_declare_quorum


class ConveneView(SessionPermissionMixin, TemplateView):
    """Before convening: who will be convened, the guests added for this session; then convene."""

    permission = "manage"
    template_name = "sessions_app/session_convene.html"

    def get_context_data(self, **kwargs):
        is_draft = self.session.status == Session.Status.DRAFT
        context = {
            "session": self.session,
            "council": self.council,
            "seats": list(convocation.convocation_seats(session=self.session)),
            "pending": [] if is_draft else list(convocation.pending_seats(session=self.session)),
            "guests": list(selectors.guest_invitations(session=self.session)),
            "agenda": selectors.agenda_for_message(session=self.session),
            "is_draft": is_draft,
            "can_invite": self.session.status in (Session.Status.DRAFT, Session.Status.CONVENED),
        }
        kwargs.setdefault("guest_form", GuestForm(session=self.session))
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            count = convocation.session_convene(session=self.session, by=request.user)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
            return redirect("sessions_app:convene", pk=self.session.pk)
        messages.success(
            request,
            ngettext(
                "Sesión convocada: %(count)s convocatoria en preparación y envío. Aquí verá quién confirma.",
                "Sesión convocada: %(count)s convocatorias en preparación y envío. Aquí verá quién confirma.",
                count,
            )
            % {"count": count},
        )
        return redirect("sessions_app:attendance_live", pk=self.session.pk)


class GuestAddView(ConveneView):
    """Invite one more institution to this session only (sent at once if the session is already convened)."""

    def get(self, request, *args, **kwargs):
        return redirect("sessions_app:convene", pk=self.session.pk)

    def post(self, request, *args, **kwargs):
        form = GuestForm(request.POST, session=self.session)
        if form.is_valid():
            try:
                invitation = convocation.invitation_add_guest(
                    session=self.session,
                    institution=form.cleaned_data["institution"],
                    person=form.cleaned_data["person"],
                )
            except ValidationError as error:
                form.add_error(None, error)
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
            convocation.invitation_withdraw_guest(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("Se retiró la invitación a %(i)s.") % {"i": self.invitation.institution})
        return redirect("sessions_app:convene", pk=self.session.pk)


class AttendanceLiveView(SessionPermissionMixin, TemplateView):
    """Who confirmed, declined, sent a suplente, has not answered or was not reached; the projected quorum.

    The panel refreshes itself (htmx polling of ``AttendanceLivePanelView``).
    """

    permission = "manage"
    template_name = "sessions_app/session_attendance_live.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, council=self.council, **selectors.convocation_status(session=self.session), **kwargs
        )


class AttendanceLivePanelView(AttendanceLiveView):
    template_name = "sessions_app/includes/_attendance_live_panel.html"


class InvitationResendView(InvitationPermissionMixin, View):
    """Send an invitation's convocation again ("reenviar")."""

    permission = "manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            convocation.invitation_resend(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request, _("La convocatoria de %(i)s se está enviando de nuevo.") % {"i": self.invitation.institution}
            )
        return redirect("sessions_app:attendance_live", pk=self.session.pk)


class ProposalListView(SessionPermissionMixin, TemplateView):
    """Suplentes proposed in the answers, to validate before the session."""

    permission = "manage"
    template_name = "sessions_app/invitationanswer_proposals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            proposals=list(selectors.pending_proposals(session=self.session)),
            **kwargs,
        )


class ProposalValidateView(InvitationPermissionMixin, TemplateView):
    """Check a proposed suplente's data and register the person."""

    permission = "manage"
    template_name = "sessions_app/invitationanswer_validate.html"

    def get_invitation(self):
        from django.shortcuts import get_object_or_404

        self.proposal = get_object_or_404(
            InvitationAnswer.objects.select_related(
                "invitation__session__council", "invitation__institution", "invitation__seat"
            ),
            pk=self.kwargs["pk"],
        )
        return self.proposal.invitation

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            ProposalValidateForm(
                initial={
                    "full_name": self.proposal.proposed_name,
                    "post": self.proposal.proposed_post,
                    "email": self.proposal.proposed_email,
                    "add_as_alternate": bool(self.invitation.seat_id),
                }
            ),
        )
        return super().get_context_data(
            proposal=self.proposal, invitation=self.invitation, session=self.session, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = ProposalValidateForm(request.POST)
        if form.is_valid():
            try:
                person = rsvp.proposal_validate(
                    proposal=self.proposal,
                    person=form.new_person(),
                    add_as_alternate=form.cleaned_data["add_as_alternate"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(p)s quedó registrada.") % {"p": person.display_name})
                return redirect("sessions_app:proposals", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(form=form))


def _checkin_context(session: Session) -> dict:
    return {
        "session": session,
        "council": session.council,
        "invitations": selectors.checkin_list(session=session),
        "quorum": quorum_for(session=session, second_call=session.call == Session.Call.SECOND),
        "is_open": session.status in checkin.CHECK_IN_STATUSES,
        "can_second_call": session.call == Session.Call.FIRST and session.quorum_met is False,
    }


class CheckInView(SessionPermissionMixin, TemplateView):
    """The tablet at the door: each institution with big buttons to mark who came."""

    permission = "manage"
    template_name = "sessions_app/session_checkin.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_checkin_context(self.session), **kwargs)


class InvitationCheckInView(InvitationPermissionMixin, TemplateView):
    """Mark one institution present (titular, a suplente or a new person) at a time.

    Bad input re-renders the check-in page with the errors next to that institution.
    """

    permission = "manage"
    template_name = "sessions_app/session_checkin.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST, invitation=self.invitation)
        if form.is_valid():
            try:
                invitation = checkin.invitation_check_in(invitation=self.invitation, **form.service_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                params = {"i": invitation.institution, "p": invitation.attendee.display_name}
                messages.success(request, _("%(i)s: presente (%(p)s).") % params)
                return redirect(reverse("sessions_app:checkin", args=[self.session.pk]) + f"#inv-{invitation.pk}")
        context = _checkin_context(self.session)
        context.update(error_form=form, error_invitation_id=self.invitation.pk)
        return self.render_to_response(self.get_context_data(**context))


class InvitationUndoCheckInView(InvitationPermissionMixin, TemplateView):
    """Confirm, then undo a mistaken check-in."""

    permission = "manage"
    template_name = "sessions_app/invitation_confirm_undo_checkin.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, session=self.session, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            checkin.invitation_undo_check_in(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("Se deshizo el registro de %(i)s.") % {"i": self.invitation.institution})
        return redirect(reverse("sessions_app:checkin", args=[self.session.pk]) + f"#inv-{self.invitation.pk}")


class QuorumDeclareView(SessionPermissionMixin, View):
    """Declare quorum at first call, or at second call when the first had none."""

    permission = "manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        second_call = request.POST.get("call") == Session.Call.SECOND
        if self.session.status not in checkin.CHECK_IN_STATUSES:
            messages.error(request, _("La sesión no está en curso: no se declara quórum."))
            return redirect("sessions_app:checkin", pk=self.session.pk)
        try:
            quorum = session_declare_quorum(session=self.session, second_call=second_call)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            params = {"present": quorum.present, "required": quorum.required}
            if quorum.met:
                text = _("Hay quórum: %(present)s integrantes con voto presentes de %(required)s requeridos.")
                messages.success(request, text % params)
            else:
                text = _("No hay quórum: %(present)s integrantes con voto presentes de %(required)s requeridos.")
                messages.warning(request, text % params)
        return redirect("sessions_app:checkin", pk=self.session.pk)

"""The day of the session (staff): the attendance register and each institution's check-in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.submissions import create_once
from core.views import add_service_errors, service_error_text
from sessions_app.forms.checkin import CheckInForm
from sessions_app.models import Session
from sessions_app.permissions import InvitationPermissionMixin, SessionAccessMixin
from sessions_app.selectors.checkin import checkin_list
from sessions_app.selectors.quorum import quorum_for
from sessions_app.services import checkin


def _checkin_context(session: Session) -> dict:
    return {
        "session": session,
        "council": session.council,
        "invitations": checkin_list(session=session),
        "quorum": quorum_for(session=session, second_call=session.call == Session.Call.SECOND),
        "is_open": session.check_in_open,
        "can_second_call": session.call == Session.Call.FIRST and session.quorum_met is False,
    }


class CheckInView(SessionAccessMixin, TemplateView):
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

    @create_once
    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST, invitation=self.invitation)
        if form.is_valid():
            try:
                invitation = checkin.invitation_check_in(invitation=self.invitation, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
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

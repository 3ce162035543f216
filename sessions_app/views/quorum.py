"""Declaring the quorum of a session (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import View

from core.views import service_error_text
from sessions_app.forms.checkin import QuorumTimeForm, session_day_time
from sessions_app.models import Session
from sessions_app.permissions import SessionAccessMixin
from sessions_app.services.quorum import session_declare_quorum


class QuorumDeclareView(SessionAccessMixin, View):
    """Declare quorum at first call, or at second call when the first had none."""

    permission = "manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        second_call = request.POST.get("call") == Session.Call.SECOND
        form = QuorumTimeForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["time"])
            declared_at = session_day_time(self.session, form.cleaned_data.get("time"))
            quorum = session_declare_quorum(session=self.session, second_call=second_call, declared_at=declared_at)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            _report_quorum(request, quorum)
        return redirect("sessions_app:checkin", pk=self.session.pk)


def _report_quorum(request, quorum) -> None:
    if quorum.met:
        messages.success(request, _("Hay quórum: %(count)s") % {"count": quorum.count_sentence})
    else:
        messages.warning(request, _("No hay quórum: %(count)s") % {"count": quorum.count_sentence})

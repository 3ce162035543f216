"""Calendars: the month view and each council's subscription feed (.ics)."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.uploads import safe_filename
from council.models import Council
from council.permissions import CouncilPermissionMixin
from sessions_app.emails import Purpose, invitation_ics
from sessions_app.ics import calendar, session_event
from sessions_app.permissions import InvitationTokenMixin, SessionAccessMixin
from sessions_app.selectors.calendar import calendar_month, feed_sessions
from sessions_app.selectors.convocation import invitation_for_message
from sessions_app.services.calendar import council_calendar, council_feed_rotate


class MonthCalendarView(LoginRequiredMixin, TemplateView):
    """A month of sessions: staff see their councils', delegates their institution's."""

    template_name = "sessions_app/session_calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        first = self.month(today)
        weeks = calendar_month(user=self.request.viewer, year=first.year, month=first.month)
        return super().get_context_data(
            first_day=first,
            weeks=weeks,
            weekdays=[day.day for day in weeks[0]],
            has_sessions=any(day.sessions for week in weeks for day in week),
            previous=(first - timedelta(days=1)).replace(day=1),
            following=(first + timedelta(days=32)).replace(day=1),
            is_current=(first.year, first.month) == (today.year, today.month),
        )

    def month(self, today: date) -> date:
        """The first day of the month in the URL (this month by default); 404 for a month out of range."""
        year, month = self.kwargs.get("year", today.year), self.kwargs.get("month", today.month)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404(_("Mes no válido."))
        return date(year, month, 1)


class CouncilFeedView(View):
    """A council's private calendar feed: no login, the secret in the URL is the key; a wrong one is 404."""

    def get(self, request, token):
        council = get_object_or_404(Council, feed_token=token)
        ical = council_calendar(council=council, sessions=feed_sessions(council=council))
        response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{safe_filename(council.short_name or "consejo")}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class CouncilFeedRotateView(CouncilPermissionMixin, TemplateView):
    """Confirm, then give the council's feed a new secret address."""

    permission = "manage"
    template_name = "sessions_app/feed_confirm_rotate.html"

    def get_council(self):
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)

    def post(self, request, *args, **kwargs):
        council_feed_rotate(council=self.council)
        messages.success(
            request,
            _(
                "Se generó una nueva dirección del calendario; la anterior dejó de funcionar. "
                "Comparta la nueva con quienes deban suscribirse."
            ),
        )
        return redirect(self.council)


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AnswerCalendarView(InvitationTokenMixin, View):
    """The invitation's .ics from the personal link ("agregar a su calendario")."""

    def get(self, request, *args, **kwargs):
        invitation = invitation_for_message(invitation_id=self.invitation.pk)
        return ics_response(invitation_ics(invitation, purpose=Purpose.CONVOCATION), filename="sesion.ics")


class SessionCalendarView(SessionAccessMixin, View):
    """A session's .ics for anyone who may see it (same UID as the e-mails, so it is the same entry)."""

    def get(self, request, *args, **kwargs):
        cal = calendar([session_event(self.session)], method="PUBLISH")
        return ics_response(cal.to_ical(), filename=f"sesion-{self.session.pk}.ics")

"""A council's attendance statistics (staff): per institution and per session, for a period, as pictures and CSV."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from core import charts, versions
from core.csv import csv_response
from council.views import ManageCouncilMixin
from sessions_app.forms.attendance import AttendancePeriodForm, quick_periods
from sessions_app.selectors.attendance import attendance_by_institution, attendance_statistics

TRENDS = {"up": gettext_lazy("Sube"), "down": gettext_lazy("Baja"), "steady": gettext_lazy("Estable"), "": "—"}


def _period_form(request) -> AttendancePeriodForm:
    data = {key: request.GET[key] for key in ("desde", "hasta") if request.GET.get(key)}
    return AttendancePeriodForm(data or None)


class AttendanceStatsView(ManageCouncilMixin, versions.CachedPageMixin, TemplateView):
    """Attendance per institution across the council's held sessions of a period: chart, table, trend and grid.

    Without a query string (the default period) the whole page is cached (``core.versions.CachedPageMixin``).
    It counts held sessions only: answers and check-ins before a session is held leave it in the cache (an
    invitation of a held session changes the council's whole version, ``sessions_app.fragments``).
    """

    page_follows_attendance = False

    template_name = "sessions_app/attendance_stats.html"

    def page_council_id(self) -> int:
        return self.council.pk

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]  # the default period ends today

    def get(self, request, *args, **kwargs):
        self.form = _period_form(request)
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        stats = attendance_statistics(council=self.council, period=self.form.period)
        chart = charts.percent_bars([(row.label, row.name, row.rate_percent) for row in stats.rows])
        query = urlencode(self.form.data) if self.form.is_bound and self.form.is_valid() else ""
        return super().get_context_data(
            form=self.form,
            stats=stats,
            rows=stats.rows,
            chart=chart,
            trends=TRENDS,
            query=query,
            quick_periods=[(label, urlencode(params)) for label, params in quick_periods()],
            **kwargs,
        )


class AttendanceCSVView(ManageCouncilMixin, View):
    """The attendance statistics of the chosen period as CSV."""

    header = (
        gettext_lazy("Institución"),
        gettext_lazy("Siglas"),
        gettext_lazy("Sesiones convocadas"),
        gettext_lazy("Asistencias"),
        gettext_lazy("Inasistencias"),
        gettext_lazy("Porcentaje de asistencia"),
        gettext_lazy("Veces que asistió suplente"),
        gettext_lazy("Porcentaje de suplencias"),
        gettext_lazy("Tendencia"),
    )

    def get(self, request, *args, **kwargs):
        form = _period_form(request)
        if form.is_bound and not form.is_valid():
            errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
            return HttpResponse(
                _("Periodo no válido: %(errors)s") % {"errors": errors},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        period = form.period
        rows = [
            (
                row.name,
                row.short_name,
                row.convened,
                row.attended,
                row.absences,
                f"{row.rate * 100:.1f}",
                row.alternate_attended,
                row.alternate_share_percent,
                TRENDS[row.trend],
            )
            for row in attendance_by_institution(council=self.council, period=period)
        ]
        name = slugify(self.council.short_name) or str(self.council.pk)
        dates = "_".join(day.isoformat() for day in (period.since, period.until) if day)
        filename = f"asistencia-{name}{'-' + dates if dates else ''}.csv"
        return csv_response(filename=filename, header=[str(h) for h in self.header], rows=rows)

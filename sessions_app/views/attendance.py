"""A council's attendance statistics (staff): per institution as a table, a bar chart and CSV."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from core import charts
from core.csv import csv_response
from council.views import ManageCouncilMixin
from sessions_app.selectors.attendance import attendance_by_institution


class AttendanceStatsView(ManageCouncilMixin, TemplateView):
    """Attendance per institution across the council's held sessions, as a table and a bar chart."""

    template_name = "sessions_app/attendance_stats.html"

    def get_context_data(self, **kwargs):
        rows = attendance_by_institution(council=self.council)
        chart = charts.percent_bars([(row.label, row.name, row.rate_percent) for row in rows])
        return super().get_context_data(rows=rows, chart=chart, **kwargs)


class AttendanceCSVView(ManageCouncilMixin, View):
    """The attendance statistics as CSV."""

    header = (
        _("Institución"),
        _("Siglas"),
        _("Sesiones convocadas"),
        _("Asistencias"),
        _("Inasistencias"),
        _("Porcentaje de asistencia"),
        _("Veces que asistió suplente"),
    )

    def get(self, request, *args, **kwargs):
        rows = [
            (
                row.name,
                row.short_name,
                row.convened,
                row.attended,
                row.absences,
                f"{row.rate * 100:.1f}",
                row.alternate_attended,
            )
            for row in attendance_by_institution(council=self.council)
        ]
        filename = f"asistencia-{slugify(self.council.short_name) or self.council.pk}.csv"
        return csv_response(filename=filename, header=self.header, rows=rows)

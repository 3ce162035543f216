"""A council's attendance statistics (namespace "attendance"), under /consejos/ beside the council's own pages."""

from django.urls import path

from sessions_app.views.attendance import AttendanceCSVView, AttendanceStatsView

app_name = "attendance"

urlpatterns = [
    path("<int:pk>/asistencia/", AttendanceStatsView.as_view(), name="stats"),
    path("<int:pk>/asistencia.csv", AttendanceCSVView.as_view(), name="csv"),
]

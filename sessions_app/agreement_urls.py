"""Routes about agreements (namespace "agreements"); a session's own routes are in ``sessions_app.urls``."""

from django.urls import path

from sessions_app.views import agreements as views

app_name = "agreements"

urlpatterns = [
    path("mi-institucion/", views.InstitutionAgreementsView.as_view(), name="mine"),
    path("consejo/<int:council_pk>/", views.AgreementTrackerView.as_view(), name="tracker"),
    path("consejo/<int:council_pk>/acuerdos.csv", views.AgreementTrackerCSVView.as_view(), name="tracker_csv"),
    path("consejo/<int:council_pk>/reporte.pdf", views.AgreementTrackerPDFView.as_view(), name="tracker_pdf"),
    path("sesion/<int:pk>/nuevo/", views.AgreementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/editar/", views.AgreementUpdateView.as_view(), name="edit"),
    path("<int:pk>/avance/", views.AgreementReportView.as_view(), name="report"),
    path("<int:pk>/estado/", views.AgreementStatusView.as_view(), name="status"),
    path("evidencia/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
]

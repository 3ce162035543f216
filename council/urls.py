"""Root URLs of the project, and the council app's own routes (namespace "council")."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from council import views
from council.health import health

council_patterns = (
    [
        path("", views.CouncilListView.as_view(), name="list"),
        path("nuevo/", views.CouncilCreateView.as_view(), name="create"),
        path("<int:pk>/", views.CouncilDetailView.as_view(), name="detail"),
        path("<int:pk>/editar/", views.CouncilUpdateView.as_view(), name="edit"),
        path("<int:pk>/lugares/nuevo/", views.SeatCreateView.as_view(), name="seat_create"),
        path("<int:pk>/lugares/<int:seat_pk>/editar/", views.SeatUpdateView.as_view(), name="seat_edit"),
        path("<int:pk>/lugares/<int:seat_pk>/archivar/", views.SeatArchiveView.as_view(), name="seat_archive"),
        path("<int:pk>/grupos/nuevo/", views.WorkingGroupCreateView.as_view(), name="group_create"),
        path("<int:pk>/grupos/<int:group_pk>/editar/", views.WorkingGroupUpdateView.as_view(), name="group_edit"),
        path("<int:pk>/asistencia/", views.AttendanceStatsView.as_view(), name="attendance"),
        path("<int:pk>/asistencia.csv", views.AttendanceCSVView.as_view(), name="attendance_csv"),
        path("<int:pk>/historial/", views.CouncilHistoryView.as_view(), name="history"),
    ],
    "council",
)

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("cuenta/entrar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    # The link a new account receives to set its password (members.services.account_invitation_send).
    path(
        "cuenta/contrasena/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("cuenta/contrasena/lista/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("aviso-de-privacidad/", views.PrivacyNoticeView.as_view(), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("consejos/", include(council_patterns)),
    path("sesiones/", include("sessions_app.urls")),
    path("directorio/", include("members.urls")),
    path("acuerdos/", include("sessions_app.agreement_urls")),
    path("salud/", health, name="health"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

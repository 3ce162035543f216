"""Root URLs: each app's routes under its Spanish prefix, the login pages, health and the admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import health
from config.password_reset import PasswordResetDoneView, PasswordResetRequestView
from council import views as council_views
from sessions_app.views.dashboard import DashboardView
from sessions_app.views.signatures import VerificationView

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("cuenta/entrar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    # «¿Olvidó su contraseña?»: the address of the account, then the link by e-mail.
    path("cuenta/contrasena/olvide/", PasswordResetRequestView.as_view(), name="password_reset"),
    path("cuenta/contrasena/enviado/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    # The link a new account receives to set its password (members.services.directory.account_invitation_send).
    path(
        "cuenta/contrasena/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("cuenta/contrasena/lista/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The second step of signing in and each user's two-factor settings (members.account_urls).
    path("cuenta/", include("members.account_urls")),
    # The public page of a published version: anyone checks a PDF against it (no login).
    path("verificar/<str:code>/", VerificationView.as_view(), name="verify_document"),
    path("aviso-de-privacidad/", council_views.PrivacyNoticeView.as_view(), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("consejos/", include("council.urls")),
    path("consejos/", include("sessions_app.attendance_urls")),
    path("sesiones/", include("sessions_app.urls")),
    path("directorio/", include("members.urls")),
    path("acuerdos/", include("sessions_app.agreement_urls")),
    # The JSON API at /api/v1/ and each user's token pages under /cuenta/tokens/ (api.urls).
    path("", include("api.urls")),
    path("salud/", health, name="health"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

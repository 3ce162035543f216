"""The user's own account pages, under ``/cuenta/``: the second step of signing in and two-factor settings."""

from django.urls import path

from members import views

app_name = "account"

urlpatterns = [
    path("verificacion/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("seguridad/", views.TwoFactorAccountView.as_view(), name="security"),
    path("seguridad/activar/", views.TwoFactorEnrolView.as_view(), name="two_factor_enrol"),
    path("seguridad/codigos/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("seguridad/codigos/nuevos/", views.RecoveryCodesRegenerateView.as_view(), name="recovery_codes_regenerate"),
    path("seguridad/desactivar/", views.TwoFactorDisableView.as_view(), name="two_factor_disable"),
]

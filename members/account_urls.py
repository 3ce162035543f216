"""The user's own account pages, under ``/cuenta/``: the second step of signing in and two-factor settings."""

from django.urls import path

from members.views.account import (
    RecoveryCodesRegenerateView,
    RecoveryCodesView,
    TwoFactorAccountView,
    TwoFactorDisableView,
    TwoFactorEnrolView,
    TwoFactorVerifyView,
)

app_name = "account"

urlpatterns = [
    path("verificacion/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("seguridad/", TwoFactorAccountView.as_view(), name="security"),
    path("seguridad/activar/", TwoFactorEnrolView.as_view(), name="two_factor_enrol"),
    path("seguridad/codigos/", RecoveryCodesView.as_view(), name="recovery_codes"),
    path("seguridad/codigos/nuevos/", RecoveryCodesRegenerateView.as_view(), name="recovery_codes_regenerate"),
    path("seguridad/desactivar/", TwoFactorDisableView.as_view(), name="two_factor_disable"),
]

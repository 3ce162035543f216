from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    # The label stays "sessions_app" so it never clashes with django.contrib.sessions.
    name = "sessions_app"
    label = "sessions_app"
    verbose_name = _("Sesiones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sessions_app import fragments, history  # noqa: F401 - history registers its pages

        fragments.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    # The label stays "sessions_app" so it never clashes with django.contrib.sessions.
    name = "sessions_app"
    label = "sessions_app"
    verbose_name = _("Sesiones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sessions_app import export, fragments, history  # noqa: F401 - history registers its pages
        from sessions_app.services.notes import FILENAME, session_note_document

        fragments.connect()
        export.EXTRA_BUILDERS[FILENAME] = session_note_document  # the export and the ZIP carry the nota

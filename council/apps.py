from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Consejos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from council import history  # noqa: F401 - registers the council's history page

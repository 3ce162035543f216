from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Instituciones y personas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from members import history, search  # noqa: F401 -- search gives SQLite the UNACCENT() of PostgreSQL

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Instituciones y personas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members import history, search  # noqa: F401 -- search gives SQLite the UNACCENT() of PostgreSQL
        from members.authentication import connect_signals
        from members.permissions import two_factor_forget

        user_logged_in.connect(two_factor_forget, dispatch_uid="members.two_factor_forget")
        connect_signals()

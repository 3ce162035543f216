from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Building blocks: template tags, lookups, widgets, the service-error path, creation forms that create once."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import (
            lookups,  # noqa: F401 - registers the integer ``in`` lookup
            translations,
        )

        translations.install()

"""The settings a deployment and ``manage.py`` run on: the base, and production's hardening when DEBUG is off."""

from config.settings.base import *  # noqa: F403

if not DEBUG:  # noqa: F405
    from config.settings.production import *  # noqa: F403

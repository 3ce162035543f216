"""Permission questions templates may ask, answered by ``council.permissions``."""

from django import template

from council import permissions

register = template.Library()


@register.filter
def manages_councils(user) -> bool:
    """Whether the user is a platform admin or on the staff of some council (shows the workspace menu)."""
    return permissions.is_staff_anywhere(user)

"""What templates may ask about the request's viewer (``members.permissions``)."""

from django import template

from members.permissions import viewer_of

register = template.Library()


@register.filter
def manages_councils(request) -> bool:
    """Whether the viewer is a platform admin or on the staff of some council (shows the workspace menu)."""
    return viewer_of(request).staff_anywhere

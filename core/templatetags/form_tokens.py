"""``{% form_token %}``: the hidden one-time token of a creation form (``core.submissions``)."""

from django import template
from django.utils.html import format_html

from core.submissions import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """A new token on every rendering: the form it is in creates once, however often it is sent."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())

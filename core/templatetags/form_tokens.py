"""``{% form_token %}``: the hidden one-time token of a creation form (``core.submissions``)."""

from django import template
from django.utils.html import format_html

from core.submissions import FIELD, TOKEN_PLACEHOLDER, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """A new token on every rendering: the form it is in creates once, however often it is sent.

    In a page kept whole in the cache (``core.versions.CachedPageMixin``) a placeholder, which each response
    replaces with a new token.
    """
    token = TOKEN_PLACEHOLDER if context.get("page_placeholder") else new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)

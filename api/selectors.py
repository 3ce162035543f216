"""Reads of the API's own records: a user's tokens, the token a request carries."""

from django.db.models import QuerySet

from api.models import ApiToken
from api.services import TOKEN_PREFIX, token_hash


def tokens_of(user) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, with the council of service tokens."""
    return ApiToken.objects.filter(user=user).select_related("council").order_by("-created_at", "-pk")


def token_for_key(plain: str) -> ApiToken | None:
    """The token whose hash matches ``plain`` (revoked and expired ones too: the caller says why it fails)."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=token_hash(plain)).first()

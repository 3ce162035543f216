"""Writes of the API's own records: personal tokens (create, revoke, record their use)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from council.models import Council
from members.permissions import as_viewer

TOKEN_PREFIX = "ses_"  # noqa: S105 - what every token starts with, not a secret
# A token's last use is written at most this often: a busy integration must not write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def token_hash(plain: str) -> str:
    """What the database keeps of a token: its SHA-256, never the token itself."""
    return hashlib.sha256(plain.encode()).hexdigest()


def can_issue_service_token(viewer) -> bool:
    """Only a platform admin issues a token bound to one council (for a secretariat's systems)."""
    return as_viewer(viewer).is_admin


@transaction.atomic
def token_create(
    *, user, name: str, scope: str, expires_at: datetime, council: Council | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it with its plain value, which is shown once and never again."""
    if council is not None and not can_issue_service_token(user):
        raise ValidationError(
            {"council": _("Solo quien administra la plataforma emite tokens de servicio de un consejo.")},
            code="service_token_admin_only",
        )
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("La fecha de vencimiento debe ser futura.")}, code="expired")
    if expires_at > now + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_at": _("Un token vence a más tardar en %(days)d días.")},
            code="too_long",
            params={"days": settings.API_TOKEN_MAX_DAYS},
        )
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        council=council,
        prefix=plain[:12],
        key_hash=token_hash(plain),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, plain


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token at once; it stays listed, revoked, with its history of use. Revoking twice changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def token_touch(*, token: ApiToken) -> None:
    """Record that the token was used now (at most once per ``LAST_USED_PRECISION``)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

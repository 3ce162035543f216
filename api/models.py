"""Personal API tokens: who a program acts as, with which scope, until when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Council


class ApiToken(models.Model):
    """A secret a program sends as ``Authorization: Bearer …`` to act as its user; only its SHA-256 is kept.

    A token acts with exactly its user's permissions. A service token (``council``
    set, issued by a platform admin) acts only on that council, and only while its
    user could.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Lectura")
        WRITE = "write", _("Escritura")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("usuario")
    )
    name = models.CharField(_("nombre"), max_length=100)
    scope = models.CharField(_("alcance"), max_length=5, choices=Scope.choices, default=Scope.READ)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("consejo (token de servicio)"),
    )
    prefix = models.CharField(_("inicio"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("vence"))
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        """Usable now: neither revoked nor expired."""
        return self.revoked_at is None and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

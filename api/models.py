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
    prefix = models.CharField(_("comienza con"), max_length=12, editable=False)
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


class WebhookEndpoint(models.Model):
    """An HTTPS address of a council's systems that is told of the council's events, each body signed."""

    class Event(models.TextChoices):
        SESSION_CONVENED = "session.convened", _("Sesión convocada")
        SESSION_RESCHEDULED = "session.rescheduled", _("Sesión reprogramada")
        SESSION_HELD = "session.held", _("Sesión celebrada")
        SESSION_CANCELLED = "session.cancelled", _("Sesión cancelada")
        AGREEMENT_CREATED = "agreement.created", _("Acuerdo registrado")
        AGREEMENT_OVERDUE = "agreement.overdue", _("Acuerdo vencido")
        AGREEMENT_CLOSED = "agreement.closed", _("Acuerdo cumplido o cancelado")
        DOCUMENT_PUBLISHED = "document.published", _("Documento publicado")

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="webhook_endpoints", verbose_name=_("consejo")
    )
    url = models.URLField(_("dirección"), max_length=500)
    events = models.JSONField(_("eventos"), default=list)
    # Kept to sign every body (HMAC needs it); shown to the staff once, when made or rotated.
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("activo"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    secret_rotated_at = models.DateTimeField(_("secreto cambiado"), null=True, blank=True)

    class Meta:
        ordering = ["council", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint: the signed body, each attempt's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        DELIVERED = "delivered", _("Entregado")
        FAILED = "failed", _("Falló")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("evento"), max_length=40, choices=WebhookEndpoint.Event.choices)
    body = models.TextField(_("cuerpo"))
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    response_status = models.PositiveSmallIntegerField(_("respuesta HTTP"), null=True, blank=True)
    response_body = models.TextField(_("respuesta"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("último intento"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("entregada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("entrega de webhook")
        verbose_name_plural = _("entregas de webhooks")

    def __str__(self):
        return f"{self.event} → {self.endpoint}"

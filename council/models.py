"""Councils, the seats institutions hold in them, and their working groups."""

import math
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import wording
from core.validators import validate_one_line
from members.models import Institution, IssuingUnit, Person


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Council(models.Model):
    """A collegiate body made of institutions: a consejo, comisión or comité."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Consejo")
        COMMISSION = "commission", _("Comisión")
        COMMITTEE = "committee", _("Comité")

    class Article(models.TextChoices):
        """The article the council's name takes in a sentence: the grammatical gender of its first noun."""

        INFERRED = "", _("Según la primera palabra del nombre")
        MASCULINE = "el", _("el (masculino: «el Consejo», «el Comité»)")
        FEMININE = "la", _("la (femenino: «la Comisión»)")

    class QuorumRule(models.TextChoices):
        HALF_PLUS_ONE = "half_plus_one", _("Mitad más uno de los integrantes con voto")
        TWO_THIRDS = "two_thirds", _("Dos terceras partes de los integrantes con voto")
        ONE_THIRD = "one_third", _("Una tercera parte de los integrantes con voto")
        ANY_PRESENT = "any_present", _("Con los integrantes presentes")

    name = models.CharField(_("nombre"), max_length=300, unique=True, validators=[validate_one_line])
    short_name = models.CharField(_("nombre corto"), max_length=80, validators=[validate_one_line])
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices, default=Kind.COUNCIL)
    article = models.CharField(
        _("artículo del nombre"),
        max_length=2,
        choices=Article.choices,
        default=Article.INFERRED,
        blank=True,
        help_text=_("Cómo se nombra en los documentos: «el Consejo …», «la Comisión …»."),
    )
    installed_on = models.DateField(
        _("fecha de instalación"),
        null=True,
        blank=True,
        help_text=_("Los lugares nuevos son vigentes desde esta fecha; sin ella, desde siempre."),
    )
    jurisdiction = models.CharField(
        _("ámbito"), max_length=120, blank=True, help_text=_("p. ej. «Nuevo León»"), validators=[validate_one_line]
    )
    legal_basis = models.TextField(_("fundamento legal"), blank=True)
    purpose = models.TextField(_("objeto"), blank=True)
    presiding_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="presided_councils",
        verbose_name=_("institución que preside"),
    )
    secretariat_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="secretariat_councils",
        verbose_name=_("secretaría técnica"),
    )
    secretariat_email = models.EmailField(
        _("correo de la secretaría técnica"),
        blank=True,
        help_text=_(
            "Organizador de las invitaciones de calendario y dirección de respuesta de las convocatorias: "
            "ahí llegan los «Aceptar» y «Rechazar» de los calendarios. Vacío: el remitente general del sistema."
        ),
    )
    default_issuing_unit = models.ForeignKey(
        IssuingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="default_for_councils",
        verbose_name=_("unidad emisora predeterminada"),
        help_text=_(
            "Membrete de la convocatoria, el orden del día, la lista, el acta y el reporte de acuerdos. "
            "Vacía: la primera unidad de la secretaría técnica."
        ),
    )
    quorum_rule = models.CharField(
        _("regla de quórum (primera convocatoria)"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.HALF_PLUS_ONE,
    )
    second_call_rule = models.CharField(
        _("regla de quórum (segunda convocatoria)"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.ANY_PRESENT,
    )
    casting_vote = models.BooleanField(
        _("voto de calidad de la presidencia"), default=True, help_text=_("Decide los empates.")
    )
    agreement_prefix = models.CharField(
        _("prefijo de acuerdos"),
        max_length=20,
        help_text=_("p. ej. «CINL» para CINL/01-ORD/2022/03"),
        validators=[validate_one_line],
    )
    reminder_days = models.PositiveSmallIntegerField(_("días de anticipación del recordatorio"), default=3)
    default_city = models.CharField(_("ciudad sede"), max_length=120, blank=True, validators=[validate_one_line])
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staffed_councils",
        verbose_name=_("personal de la secretaría técnica"),
    )
    feed_token = models.CharField(_("clave del calendario"), max_length=64, default=new_feed_token, unique=True)
    is_active = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords(excluded_fields=["feed_token"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("consejo")
        verbose_name_plural = _("consejos")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("council:detail", args=[self.pk])

    @property
    def definite_article(self) -> str:
        """ "el" or "la": the one chosen, else the one the name's first word takes, else the kind's."""
        inferred = wording.first_word_article(self.name)
        if self.article:
            return self.article
        if inferred in ("el", "la"):
            return inferred
        return "la" if self.kind == self.Kind.COMMISSION else "el"

    @property
    def name_with_article(self) -> str:
        """ "la Comisión Intersecretarial …", "el Consejo Interinstitucional …": the name as a sentence says it."""
        return wording.with_article(self.name, article=self.definite_article)

    @property
    def body_phrase(self) -> str:
        """ "el Consejo", "la Comisión", "el Comité": how a text refers to the council after naming it."""
        noun = str(self.get_kind_display())
        return wording.with_article(noun, article="la" if self.kind == self.Kind.COMMISSION else "el")

    def quorum_required(self, voting_seats: int, *, second_call: bool = False) -> int:
        """How many voting seats must be present for quorum under this council's rule."""
        rule = self.second_call_rule if second_call else self.quorum_rule
        if rule == self.QuorumRule.HALF_PLUS_ONE:
            return voting_seats // 2 + 1
        if rule == self.QuorumRule.TWO_THIRDS:
            return math.ceil(voting_seats * 2 / 3)
        if rule == self.QuorumRule.ONE_THIRD:
            return math.ceil(voting_seats / 3)
        return 1  # ANY_PRESENT: the session opens with whoever came


class SeatQuerySet(models.QuerySet):
    def active(self, on=None):
        """Seats not archived and valid on ``on`` (today by default); no start date means valid since always."""
        on = on or timezone.localdate()
        return self.filter(archived_at__isnull=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def not_valid_on(self, on):
        """Seats not archived that start after ``on`` or ended before it."""
        return self.filter(archived_at__isnull=True).filter(Q(valid_from__gt=on) | Q(valid_to__lt=on))


class Seat(models.Model):
    """An institution's place in a council: its role, vote, titular and suplentes."""

    class Role(models.TextChoices):
        PRESIDENCY = "presidency", _("Presidencia")
        SECRETARIAT = "secretariat", _("Secretaría Técnica")
        MEMBER = "member", _("Integrante")
        GUEST = "guest", _("Invitado permanente")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="seats", verbose_name=_("consejo"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="seats", verbose_name=_("institución")
    )
    role = models.CharField(_("carácter"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    has_vote = models.BooleanField(_("con voto"), default=True)
    principal = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="principal_seats",
        verbose_name=_("titular"),
    )
    alternates = models.ManyToManyField(
        Person,
        through="SeatAlternate",
        blank=True,
        related_name="alternate_seats",
        verbose_name=_("suplentes"),
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=100)
    # No start date: valid since always (the council's installation when it has one fills it in).
    valid_from = models.DateField(_("vigente desde"), null=True, blank=True)
    valid_to = models.DateField(_("vigente hasta"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archivado"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "order", "institution__name"]
        verbose_name = _("lugar")
        verbose_name_plural = _("lugares")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "institution"],
                condition=Q(archived_at__isnull=True),
                name="seat_one_active_per_institution",
                violation_error_message=_("Esta institución ya tiene un lugar vigente en el consejo."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="seat_valid_to_after_valid_from",
                violation_error_message=_("La vigencia debe terminar después de empezar."),
            ),
            models.CheckConstraint(
                condition=~Q(role="guest") | Q(has_vote=False),
                name="seat_guest_without_vote",
                violation_error_message=_("Un invitado permanente tiene voz pero no voto."),
            ),
        ]

    def __str__(self):
        return f"{self.institution} — {self.council}"

    def clean(self):
        if self.principal_id and self.institution_id and self.principal.institution_id != self.institution_id:
            raise ValidationError(
                {"principal": _("La persona titular debe pertenecer a la institución del lugar.")},
                code="principal_other_institution",
            )

    @property
    def is_voting(self) -> bool:
        return self.has_vote and self.role != self.Role.GUEST


class SeatAlternate(models.Model):
    """A suplente who may attend instead of the seat's titular."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="alternate_links")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="alternate_links", verbose_name=_("suplente")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("suplente")
        verbose_name_plural = _("suplentes")
        constraints = [models.UniqueConstraint(fields=["seat", "person"], name="seat_alternate_unique")]

    def __str__(self):
        return str(self.person)

    def clean(self):
        if self.person_id and self.seat_id and self.person.institution_id != self.seat.institution_id:
            raise ValidationError(
                {"person": _("La persona suplente debe pertenecer a la institución del lugar.")},
                code="alternate_other_institution",
            )


class WorkingGroup(models.Model):
    """A council's specialised group; holds sessions of its own and reports to the plenary."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Activo")
        CONCLUDED = "concluded", _("Concluido")

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("consejo")
    )
    name = models.CharField(_("nombre"), max_length=255, validators=[validate_one_line])
    mandate = models.TextField(_("tema y mandato"), blank=True)
    coordinator = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="coordinated_groups",
        verbose_name=_("institución coordinadora"),
    )
    members = models.ManyToManyField(
        Institution, blank=True, related_name="working_groups", verbose_name=_("instituciones integrantes")
    )
    formed_at = models.ForeignKey(
        "sessions_app.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formed_groups",
        verbose_name=_("sesión en que se conformó"),
    )
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        verbose_name = _("grupo de trabajo")
        verbose_name_plural = _("grupos de trabajo")
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="working_group_unique_name")]

    def __str__(self):
        return self.name

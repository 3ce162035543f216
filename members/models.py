"""Institutions and the people who represent them, independent of any council."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import validate_one_line


class Institution(models.Model):
    """A ministry, municipality, court, autonomous body or organisation."""

    class Kind(models.TextChoices):
        STATE_MINISTRY = "state_ministry", _("Dependencia estatal")
        MUNICIPALITY = "municipality", _("Municipio")
        PROSECUTOR = "prosecutor", _("Fiscalía")
        JUDICIARY = "judiciary", _("Poder Judicial")
        LEGISLATURE = "legislature", _("Poder Legislativo")
        AUTONOMOUS = "autonomous", _("Organismo autónomo")
        DECENTRALISED = "decentralised", _("Organismo descentralizado")
        FEDERAL_AGENCY = "federal_agency", _("Dependencia federal")
        CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
        BUSINESS = "business", _("Sector empresarial")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Otra")

    class GovernmentOrder(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        STATE = "state", _("Estatal")
        MUNICIPAL = "municipal", _("Municipal")
        NONE = "none", _("No gubernamental")

    name = models.CharField(_("nombre"), max_length=255, unique=True, validators=[validate_one_line])
    short_name = models.CharField(_("siglas o nombre corto"), max_length=60, blank=True, validators=[validate_one_line])
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.STATE_MINISTRY)
    government_order = models.CharField(
        _("orden de gobierno"), max_length=10, choices=GovernmentOrder.choices, default=GovernmentOrder.STATE
    )
    address = models.TextField(_("domicilio"), blank=True)
    is_active = models.BooleanField(_("activa"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone who may attend sessions for an institution; only institutional contact data."""

    honorific = models.CharField(
        _("tratamiento"),
        max_length=30,
        blank=True,
        help_text=_("Lic., Mtra., Dr., Ing.…"),
        validators=[validate_one_line],
    )
    full_name = models.CharField(_("nombre completo"), max_length=200, validators=[validate_one_line])
    post = models.CharField(_("cargo"), max_length=255, blank=True, validators=[validate_one_line])
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="people", verbose_name=_("institución")
    )
    email = models.EmailField(_("correo institucional"), blank=True)
    phone = models.CharField(_("teléfono institucional"), max_length=40, blank=True, validators=[validate_one_line])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("cuenta de acceso"),
    )
    is_active = models.BooleanField(_("activa"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()


OFICIO_FIELDS = ("year", "n")


def validate_oficio_pattern(value: str) -> None:
    """Refuse an oficio-number pattern that is not text around ``{n}`` (the number) and ``{year}``.

    ``{n}`` may carry a width (``{n:03d}`` prints 007); nothing else may be substituted, so the
    pattern can never reach anything but these two numbers.
    """
    if not value:
        return
    refused = ValidationError(
        _("El patrón no es válido; escríbalo como «SII/{year}/{n:03d}»."), code="oficio_pattern_format"
    )
    try:
        fields = [(name, spec) for _text, name, spec, _conv in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise refused from exc
    # Checked before formatting: "{n.__class__}" or "{user}" never reaches str.format.
    if any(name not in OFICIO_FIELDS or "{" in (spec or "") for name, spec in fields):
        raise ValidationError(
            _("El patrón solo admite {year} (el año) y {n} (el número); p. ej. «SII/{year}/{n:03d}»."),
            code="oficio_pattern_field",
        )
    names = [name for name, _spec in fields]
    try:
        value.format(year=2026, n=7)
    except (ValueError, IndexError, KeyError) as exc:
        raise refused from exc
    if "n" not in names:
        raise ValidationError(
            _("El patrón debe incluir {n}, el número del oficio; p. ej. «SII/{year}/{n:03d}»."),
            code="oficio_pattern_number",
        )


class IssuingUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class IssuingUnit(models.Model):
    """A unit of an institution that issues documents: its letterhead, footer, logo and oficio numbers."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="issuing_units", verbose_name=_("institución")
    )
    lines = models.TextField(
        _("líneas del membrete"),
        blank=True,
        help_text=_("Una línea por unidad (subsecretaría, dirección general…), como aparecen en el membrete."),
    )
    place = models.CharField(
        _("lugar"),
        max_length=120,
        blank=True,
        help_text=_("Lugar que encabeza sus documentos, p. ej. «Monterrey, Nuevo León»."),
        validators=[validate_one_line],
    )
    address = models.TextField(_("domicilio"), blank=True, help_text=_("Aparece al pie de página."))
    phone = models.CharField(_("teléfono"), max_length=60, blank=True, validators=[validate_one_line])
    web = models.CharField(
        _("sitio web"),
        max_length=200,
        blank=True,
        help_text=_("p. ej. «www.gob.mx/segob»"),
        validators=[validate_one_line],
    )
    logo = models.ImageField(_("logotipo"), upload_to="logos/", blank=True)
    oficio_pattern = models.CharField(
        _("patrón del número de oficio"),
        max_length=60,
        blank=True,
        help_text=_("{year} es el año y {n} el número consecutivo; p. ej. «SII/{year}/{n:03d}» da SII/2026/007."),
        validators=[validate_one_line, validate_oficio_pattern],
    )
    archived_at = models.DateTimeField(_("archivada"), null=True, blank=True)

    objects = IssuingUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution__name", "pk"]
        verbose_name = _("unidad emisora")
        verbose_name_plural = _("unidades emisoras")

    def __str__(self):
        lines = self.unit_lines
        return f"{self.institution} — {lines[-1]}" if lines else str(self.institution)

    @property
    def unit_lines(self) -> list[str]:
        return [line.strip() for line in self.lines.splitlines() if line.strip()]

    @property
    def footer_line(self) -> str:
        """The address as one line, as documents print it at the foot."""
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())

    @property
    def footer(self) -> str:
        """The whole foot of its documents on one line: address, phone, web (those it has)."""
        phone = _("Tel. %(phone)s") % {"phone": self.phone} if self.phone else ""
        return " · ".join(part for part in (self.footer_line, phone, self.web) if part)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def oficio_number(self, *, year: int, n: int) -> str:
        """The number the pattern gives the ``n``-th oficio of ``year`` (numbering itself is not kept here)."""
        return self.oficio_pattern.format(year=year, n=n) if self.oficio_pattern else ""

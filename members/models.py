"""Institutions and the people who represent them, independent of any council."""

from django.conf import settings
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
    city = models.CharField(
        _("ciudad"),
        max_length=120,
        blank=True,
        help_text=_("Lugar que encabeza sus documentos, p. ej. «Ciudad de México»."),
        validators=[validate_one_line],
    )
    letterhead_units = models.TextField(
        _("unidades emisoras"),
        blank=True,
        help_text=_("Una línea por unidad (subsecretaría, dirección general…), como aparecen en el membrete."),
    )
    footer_address = models.CharField(
        _("domicilio al pie de página"), max_length=255, blank=True, validators=[validate_one_line]
    )
    logo = models.ImageField(_("logotipo"), upload_to="logos/", blank=True)
    is_active = models.BooleanField(_("activa"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")

    def __str__(self):
        return self.name

    @property
    def unit_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead_units.splitlines() if line.strip()]

    @property
    def footer_line(self) -> str:
        """The address as one line, as documents print it at the foot: the one given for that, else the address."""
        return self.footer_address or ", ".join(line.strip() for line in self.address.splitlines() if line.strip())


class Person(models.Model):
    """Someone who may attend sessions for an institution; only institutional contact data."""

    class Gender(models.TextChoices):
        """For agreement in documents ("invitada", "Secretaria Técnica"); unstated gets neutral wording."""

        NOT_STATED = "", _("No indicado")
        FEMININE = "f", _("Femenino")
        MASCULINE = "m", _("Masculino")

    honorific = models.CharField(
        _("tratamiento"),
        max_length=30,
        blank=True,
        help_text=_("Lic., Mtra., Dr., Ing.…"),
        validators=[validate_one_line],
    )
    full_name = models.CharField(_("nombre completo"), max_length=200, validators=[validate_one_line])
    gender = models.CharField(
        _("género para la concordancia"),
        max_length=1,
        choices=Gender.choices,
        default=Gender.NOT_STATED,
        blank=True,
        help_text=_("Para escribir «invitada» o «invitado»; sin indicarlo, los documentos usan formas neutras."),
    )
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

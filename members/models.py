"""Institutions and the people who represent them, independent of any council."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import validate_one_line


class Unaccented(models.Func):
    """Text without its accents, fit for an index: a SQL function that PostgreSQL's ``unaccent`` is not (it is
    only STABLE), so migration 0003 wraps it as IMMUTABLE; ``members.search`` gives SQLite the same function."""

    function = "IMMUTABLE_UNACCENT"
    output_field = models.CharField()


class State(models.TextChoices):
    """The 32 entidades federativas, keyed by INEGI's two-digit code and named as INEGI's catalogue names them."""

    # Proper names: the same in every language, so not marked for translation.
    AGUASCALIENTES = "01", "Aguascalientes"
    BAJA_CALIFORNIA = "02", "Baja California"
    BAJA_CALIFORNIA_SUR = "03", "Baja California Sur"
    CAMPECHE = "04", "Campeche"
    COAHUILA = "05", "Coahuila de Zaragoza"
    COLIMA = "06", "Colima"
    CHIAPAS = "07", "Chiapas"
    CHIHUAHUA = "08", "Chihuahua"
    CIUDAD_DE_MEXICO = "09", "Ciudad de México"
    DURANGO = "10", "Durango"
    GUANAJUATO = "11", "Guanajuato"
    GUERRERO = "12", "Guerrero"
    HIDALGO = "13", "Hidalgo"
    JALISCO = "14", "Jalisco"
    MEXICO = "15", "México"
    MICHOACAN = "16", "Michoacán de Ocampo"
    MORELOS = "17", "Morelos"
    NAYARIT = "18", "Nayarit"
    NUEVO_LEON = "19", "Nuevo León"
    OAXACA = "20", "Oaxaca"
    PUEBLA = "21", "Puebla"
    QUERETARO = "22", "Querétaro"
    QUINTANA_ROO = "23", "Quintana Roo"
    SAN_LUIS_POTOSI = "24", "San Luis Potosí"
    SINALOA = "25", "Sinaloa"
    SONORA = "26", "Sonora"
    TABASCO = "27", "Tabasco"
    TAMAULIPAS = "28", "Tamaulipas"
    TLAXCALA = "29", "Tlaxcala"
    VERACRUZ = "30", "Veracruz de Ignacio de la Llave"
    YUCATAN = "31", "Yucatán"
    ZACATECAS = "32", "Zacatecas"


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
        """Where the body stands in the country's public life; ``kind`` says what sort of body it is."""

        FEDERAL = "federal", _("Federal")
        STATE = "state", _("Estatal")
        MUNICIPAL = "municipal", _("Municipal")
        AUTONOMOUS = "autonomous", _("Autónomo")
        JUDICIARY = "judiciary", _("Poder Judicial")
        LEGISLATURE = "legislature", _("Poder Legislativo")
        CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
        PRIVATE_SECTOR = "private_sector", _("Sector privado")
        ACADEMIA = "academia", _("Academia")
        INTERNATIONAL = "international", _("Organismo internacional")

    # Orders whose bodies always sit in a state (and, if municipal, in a municipality) and those that never do;
    # the rest (autonomous bodies, the judiciary, legislatures, society) are national or of one state.
    ORDERS_IN_A_STATE = frozenset({GovernmentOrder.STATE, GovernmentOrder.MUNICIPAL})
    ORDERS_WITHOUT_STATE = frozenset({GovernmentOrder.FEDERAL, GovernmentOrder.INTERNATIONAL})

    name = models.CharField(_("nombre"), max_length=255, validators=[validate_one_line])
    short_name = models.CharField(_("siglas o nombre corto"), max_length=60, blank=True, validators=[validate_one_line])
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.STATE_MINISTRY)
    government_order = models.CharField(
        _("orden de gobierno"), max_length=20, choices=GovernmentOrder.choices, default=GovernmentOrder.STATE
    )
    state = models.CharField(
        _("entidad federativa"),
        max_length=2,
        choices=State.choices,
        blank=True,
        help_text=_("Vacía para las instituciones nacionales: federales, internacionales y autónomas del país."),
    )
    municipality = models.CharField(
        _("municipio"),
        max_length=120,
        blank=True,
        help_text=_("Solo para las instituciones municipales."),
        validators=[validate_one_line],
    )
    address = models.TextField(_("domicilio"), blank=True)
    is_active = models.BooleanField(_("activa"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")
        constraints = [
            # Names repeat across the country ("Secretaría de Salud" in every state): unique within a place only,
            # ignoring case and accents. Accents go first: SQLite's LOWER() only knows ASCII letters.
            models.UniqueConstraint(
                Lower(Unaccented("name")),
                "state",
                Lower(Unaccented("municipality")),
                name="members_institution_unique_name_in_place",
                violation_error_message=_("Ya existe una institución con ese nombre en esa entidad y municipio."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """A state for state and municipal bodies, none for federal and international ones; a municipality
        for municipal bodies only."""
        super().clean()
        self.municipality = self.municipality.strip()
        errors = {}
        if self.government_order in self.ORDERS_IN_A_STATE and not self.state:
            errors["state"] = ValidationError(
                _("Indique la entidad federativa: una institución estatal o municipal pertenece a una."),
                code="state_required",
            )
        if self.government_order in self.ORDERS_WITHOUT_STATE and self.state:
            errors["state"] = ValidationError(
                _("Las instituciones federales e internacionales no llevan entidad federativa; deje el campo vacío."),
                code="state_not_allowed",
            )
        if self.government_order == self.GovernmentOrder.MUNICIPAL and not self.municipality:
            errors["municipality"] = ValidationError(
                _("Indique el municipio de una institución municipal."), code="municipality_required"
            )
        if self.government_order != self.GovernmentOrder.MUNICIPAL and self.municipality:
            errors["municipality"] = ValidationError(
                _("Solo las instituciones municipales llevan municipio; deje el campo vacío."),
                code="municipality_not_allowed",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        """Where it sits, as pickers show it: "Monterrey, Nuevo León", "Jalisco", "Nacional"; empty if unknown."""
        if self.state:
            state = self.get_state_display()
            return f"{self.municipality}, {state}" if self.municipality else state
        if self.government_order == self.GovernmentOrder.INTERNATIONAL:
            return str(_("Internacional"))
        if self.government_order in self.ORDERS_IN_A_STATE:
            return ""  # a state or municipal body whose state is not known yet
        return str(_("Nacional"))

    def label_with_place(self, *, short: bool = False) -> str:
        """The name with its acronym and place, "Secretaría de Salud (SSJ) · Jalisco", for every picker and list
        where names repeat; ``short`` gives the acronym alone (or the name, without one) for people's labels."""
        if short:
            label = self.short_name or self.name
        else:
            label = f"{self.name} ({self.short_name})" if self.short_name else self.name
        place = self.place
        return f"{label} · {place}" if place else label


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
    standing = models.CharField(
        _("calidad que ostenta"),
        max_length=300,
        blank=True,
        help_text=_(
            "Lo que la institución es fuera del consejo sobre el que escribe, como lo dicen sus notas informativas: "
            "«en su calidad de …»; p. ej. «Secretaría Técnica de la Comisión Intersecretarial». Vacía: solo su "
            "carácter en la sesión (invitada, integrante, secretaría técnica)."
        ),
        validators=[validate_one_line],
    )
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

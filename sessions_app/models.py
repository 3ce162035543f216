"""What happens in time: sessions, their agenda, invitations, agreements and documents."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import validate_one_line
from council.models import Council, Seat, WorkingGroup
from members.models import Institution, IssuingUnit, Person

from .numbering import session_title


class Session(models.Model):
    """A sitting of a council (or of one of its working groups)."""

    class Kind(models.TextChoices):
        INSTALLATION = "installation", _("Instalación")
        ORDINARY = "ordinary", _("Ordinaria")
        EXTRAORDINARY = "extraordinary", _("Extraordinaria")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        CONVENED = "convened", _("Convocada")
        HELD = "held", _("Celebrada")
        CLOSED = "closed", _("Concluida (acta aprobada)")
        CANCELLED = "cancelled", _("Cancelada")
        POSTPONED = "postponed", _("Pospuesta")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("Presencial")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Híbrida")

    class Call(models.TextChoices):
        FIRST = "first", _("Primera convocatoria")
        SECOND = "second", _("Segunda convocatoria")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("consejo"))
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("grupo de trabajo"),
    )
    kind = models.CharField(_("tipo"), max_length=15, choices=Kind.choices, default=Kind.ORDINARY)
    number = models.PositiveSmallIntegerField(_("número"))  # assigned by the service, never typed in the app
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    venue = models.CharField(_("sede"), max_length=255, blank=True, validators=[validate_one_line])
    city = models.CharField(_("ciudad"), max_length=120, blank=True, validators=[validate_one_line])
    state = models.CharField(_("entidad federativa"), max_length=80, blank=True, validators=[validate_one_line])
    modality = models.CharField(_("modalidad"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON)
    video_url = models.URLField(_("enlace de videoconferencia"), blank=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(_("motivo del cambio de estado"), blank=True)
    agenda_shows_times = models.BooleanField(
        _("horario de cada punto en el orden del día"),
        default=False,
        help_text=_("El orden del día impreso da la hora de inicio de cada punto."),
    )
    call = models.CharField(_("convocatoria en que sesionó"), max_length=6, choices=Call.choices, blank=True)
    quorum_met = models.BooleanField(_("hubo quórum"), null=True, blank=True)
    quorum_present = models.PositiveSmallIntegerField(_("integrantes con voto presentes"), null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(_("integrantes con voto requeridos"), null=True, blank=True)
    quorum_declared_at = models.DateTimeField(_("quórum declarado"), null=True, blank=True)
    convened_on = models.DateField(
        _("fecha de la convocatoria"),
        null=True,
        blank=True,
        help_text=_("El día en que se emitió la convocatoria; los documentos la usan, nunca la fecha de hoy."),
    )
    presiding_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presided_sessions",
        verbose_name=_("presidió"),
    )
    secretariat_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariat_sessions",
        verbose_name=_("fungió como secretaría técnica"),
    )
    recorded_afterwards = models.BooleanField(
        _("registrada después de celebrarse"),
        default=False,
        editable=False,
        help_text=_("Sesión celebrada que se registró después, sin convocarse en la aplicación."),
    )
    closing_remarks = models.TextField(
        _("lo que siguió a la sesión"),
        blank=True,
        help_text=_("Encuentros o acuerdos informales al final de la sesión, para la nota informativa."),
    )
    sequence = models.PositiveIntegerField(_("versión del evento de calendario"), default=0, editable=False)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        indexes = [models.Index(fields=["council", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("La sesión debe terminar después de empezar."),
            ),
            # A cancelled session keeps its number, which the next session of its series may take.
            models.UniqueConstraint(
                fields=["council", "kind", "year", "number"],
                condition=Q(working_group__isnull=True) & ~Q(status="cancelled"),
                name="session_unique_number_per_council",
                violation_error_message=_("Ya existe una sesión con ese número, tipo y año en el consejo."),
            ),
            models.UniqueConstraint(
                fields=["working_group", "kind", "year", "number"],
                condition=Q(working_group__isnull=False) & ~Q(status="cancelled"),
                name="session_unique_number_per_group",
                violation_error_message=_("Ya existe una sesión con ese número, tipo y año en el grupo de trabajo."),
            ),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def history_label(record) -> str:
        """The title of a historical row of a session (``core.history``), without a query.

        A working group's session is named here without its group: the history page is the session's own.
        """
        return session_title(record.kind, record.number, record.year)

    def get_absolute_url(self):
        return reverse("sessions_app:detail", args=[self.pk])

    @property
    def title(self) -> str:
        """ "Primera Sesión Ordinaria 2022", derived from kind, number and year.

        A working group's session is named after the group: "Primera Sesión Ordinaria 2026 del Grupo de
        Trabajo de …" (lists select the group with the session, so this costs no query there).
        """
        group = self.working_group.name if self.working_group_id else ""
        return session_title(self.kind, self.number, self.year, group)

    @property
    def full_title(self) -> str:
        """The title and the council: a working group's title already names its group."""
        return f"{self.title} — {self.council.name}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_virtual(self) -> bool:
        return self.modality in (self.Modality.VIRTUAL, self.Modality.HYBRID)

    # What may be done with the session now. Each rule is written once, here: the page asks it to decide
    # whether to offer an action, and the service asks it again (on the locked row) to enforce it.

    @property
    def is_editable(self) -> bool:
        """Its logistics are edited, and it is convened, while it is a draft or convened."""
        return self.status in (self.Status.DRAFT, self.Status.CONVENED)

    @property
    def accepts_invitations(self) -> bool:
        """Institutions are convened (a guest added, a letter sent) while it is editable and has not started."""
        return self.is_editable and not self.has_started

    @property
    def accepts_answers(self) -> bool:
        """Delegates answer the convocation (by the e-mail's link, logged in, or through the staff) while convened."""
        return self.status == self.Status.CONVENED

    @property
    def resends_convocations(self) -> bool:
        """An invitation's convocation is sent again (to one not reached, or who lost it) while it is convened."""
        return self.status == self.Status.CONVENED

    @property
    def agenda_editable(self) -> bool:
        """The orden del día changes until the session is held (a postponed session keeps its agenda open);
        a session recorded after it was held has its agenda written afterwards, until it is closed."""
        if self.status == self.Status.HELD:
            return self.recorded_afterwards
        return self.status in (self.Status.DRAFT, self.Status.CONVENED, self.Status.POSTPONED)

    @property
    def is_convened_or_held(self) -> bool:
        """Convened (going to happen, or under way) or held: the statuses in which the day's records are kept."""
        return self.status in (self.Status.CONVENED, self.Status.HELD)

    @property
    def check_in_opens_at(self) -> dt.datetime:
        """When attendance opens: ``CHECK_IN_OPENS_BEFORE_MINUTES`` before the start (for a session just after
        midnight, the evening before: the door opens a fixed time ahead, whatever the calendar says)."""
        return self.starts_at - dt.timedelta(minutes=settings.CHECK_IN_OPENS_BEFORE_MINUTES)

    @property
    def check_in_open(self) -> bool:
        """Attendance is taken and quorum declared on a convened session from shortly before it starts on its day,
        and corrected once it is held (a past session recorded as held included)."""
        if self.status == self.Status.HELD:
            return True
        return self.status == self.Status.CONVENED and timezone.now() >= self.check_in_opens_at

    @property
    def quorum_declared(self) -> bool:
        """A quorum was declared when it could be: while attendance was open (never weeks before the day)."""
        return self.quorum_declared_at is not None and self.quorum_declared_at >= self.check_in_opens_at

    @property
    def can_be_marked_held(self) -> bool:
        """A convened session is marked held once it has started; marked before its scheduled end, it ended then
        (``services.status``), so that a held session never ends in the future."""
        return self.status == self.Status.CONVENED and self.starts_at < timezone.now()

    @property
    def times_correctable(self) -> bool:
        """A held session's times (start, end, quorum, arrivals) are corrected until it is closed.

        They are all past (a session is recorded held once over, and marked held at the latest when it ends),
        so the correction form, which shows them, is never refused for a time to come.
        """
        return self.status == self.Status.HELD

    @property
    def records_outcomes(self) -> bool:
        """Votes, agreements and approvals are recorded once a convened or held session has started."""
        return self.is_convened_or_held and self.has_started

    @property
    def reports_agreements(self) -> bool:
        """Its agreements report is offered once it has started and records outcomes, or has been held:
        before, the report could only be an empty page with a signature."""
        return self.records_outcomes or self.has_been_held

    @property
    def has_been_held(self) -> bool:
        """It took place (held, or closed with its acta approved): a nota informativa may tell of it."""
        return self.status in (self.Status.HELD, self.Status.CLOSED)


class AgendaItem(models.Model):
    """An ordered point of a session's orden del día."""

    class Kind(models.TextChoices):
        ROLL_CALL = "roll_call", _("Lista de asistencia y declaración de quórum")
        AGENDA_APPROVAL = "agenda_approval", _("Lectura y aprobación del orden del día")
        MINUTES_APPROVAL = "minutes_approval", _("Aprobación del acta anterior")
        FOLLOW_UP = "follow_up", _("Seguimiento de acuerdos")
        PRESENTATION = "presentation", _("Presentación")
        FOR_AGREEMENT = "for_agreement", _("Asunto para acuerdo")
        INFORMATION = "information", _("Asunto informativo")
        GROUP_REPORT = "group_report", _("Informe del grupo de trabajo")
        GENERAL_MATTERS = "general_matters", _("Asuntos generales")
        CLOSING = "closing", _("Clausura")

    # What the body decides by vote: items for agreement, and the approval of the agenda and of the last acta.
    VOTABLE_KINDS = (Kind.FOR_AGREEMENT, Kind.AGENDA_APPROVAL, Kind.MINUTES_APPROVAL)

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("sesión")
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("título"), max_length=300, validators=[validate_one_line])
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.PRESENTATION)
    description = models.TextField(_("descripción"), blank=True)
    presenter_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("institución que presenta"),
    )
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("persona que presenta"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("grupo de trabajo que informa"),
        help_text=_("En un informe de grupo de trabajo al pleno: el grupo que informa."),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duración (minutos)"), default=10)
    highlight = models.BooleanField(
        _("destacar"), default=False, help_text=_("Los puntos destacados se mencionan en la nota informativa.")
    )
    notes = models.TextField(_("desarrollo del punto"), blank=True, help_text=_("Lo tratado, para el acta."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("punto del orden del día")
        verbose_name_plural = _("puntos del orden del día")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "order"],
                name="agenda_item_unique_order",
                violation_error_message=_("Ya hay un punto con ese número en el orden del día."),
            ),
            # A group's report names its group; no other item does.
            models.CheckConstraint(
                condition=Q(kind="group_report", working_group__isnull=False)
                | (~Q(kind="group_report") & Q(working_group__isnull=True)),
                name="agenda_item_group_report_has_group",
                violation_error_message=_("Un informe de grupo de trabajo indica el grupo que informa."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def is_votable(self) -> bool:
        return self.kind in self.VOTABLE_KINDS

    @property
    def removable(self) -> bool:
        """An item is removed only while nothing is recorded under it: agreements, documents or a vote.

        Otherwise it is kept with its history (its title may change, it may move). Three light queries.
        """
        return not (
            self.agreements.exists() or self.documents.exists() or Vote.objects.filter(agenda_item=self).exists()
        )


def new_token_key() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """One institution's convocation to one session, its answer and its attendance."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Integrante")
        GUEST = "guest", _("Invitado")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Sin respuesta")
        CONFIRMED = "confirmed", _("Confirmó")
        DECLINED = "declined", _("No asistirá")
        ALTERNATE = "alternate", _("Envía suplente")

    class Delivery(models.TextChoices):
        NOT_SENT = "not_sent", _("No enviada")
        QUEUED = "queued", _("En cola")
        SENT = "sent", _("Enviada")
        FAILED = "failed", _("Falló el envío")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("sesión"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("institución")
    )
    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations", verbose_name=_("lugar")
    )
    role = models.CharField(_("carácter"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    has_vote = models.BooleanField(_("con voto"), default=False)
    invitee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_received",
        verbose_name=_("persona convocada"),
    )
    answer = models.CharField(_("respuesta"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(_("respondió"), null=True, blank=True)
    attendee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("persona que asiste"),
    )
    attended = models.BooleanField(_("asistió"), default=False)
    arrived_at = models.DateTimeField(_("hora de llegada"), null=True, blank=True)
    token_key = models.CharField(max_length=32, default=new_token_key, unique=True, editable=False)
    delivery = models.CharField(_("envío"), max_length=10, choices=Delivery.choices, default=Delivery.NOT_SENT)
    delivery_error = models.TextField(_("error de envío"), blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(_("intentos de envío"), default=0)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("recordatorio enviado"), null=True, blank=True)
    # Given once, when the letter is first issued (convening, a guest added), and printed on it ever after.
    oficio_number = models.CharField(_("número de oficio"), max_length=80, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["token_key"])

    class Meta:
        ordering = ["session", "-has_vote", "institution__name"]
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "institution"],
                name="invitation_one_per_institution",
                violation_error_message=_("La institución ya está convocada a esta sesión."),
            )
        ]
        indexes = [models.Index(fields=["institution", "session"])]

    def __str__(self):
        return f"{self.institution} — {self.session}"


class InvitationAnswer(models.Model):
    """One answer given to an invitation; answering again adds a row, so the history is kept."""

    class Channel(models.TextChoices):
        LINK = "link", _("Enlace personal")
        DASHBOARD = "dashboard", _("Tablero")
        STAFF = "staff", _("Secretaría técnica")

    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("respuesta"), max_length=10, choices=Invitation.Answer.choices)
    attendee = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("asistirá")
    )
    proposed_name = models.CharField(
        _("nombre del suplente propuesto"), max_length=200, blank=True, validators=[validate_one_line]
    )
    proposed_post = models.CharField(
        _("cargo del suplente propuesto"), max_length=255, blank=True, validators=[validate_one_line]
    )
    proposed_email = models.EmailField(_("correo del suplente propuesto"), blank=True)
    validated = models.BooleanField(_("validado por la secretaría"), default=False)
    comment = models.TextField(_("comentario"), blank=True)
    channel = models.CharField(_("medio"), max_length=10, choices=Channel.choices, default=Channel.LINK)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("respuesta a invitación")
        verbose_name_plural = _("respuestas a invitaciones")

    def __str__(self):
        return f"{self.invitation}: {self.get_answer_display()}"


class Agreement(models.Model):
    """An acuerdo: a decision with institutions responsible for fulfilling it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        IN_PROGRESS = "in_progress", _("En proceso")
        FULFILLED = "fulfilled", _("Cumplido")
        CANCELLED = "cancelled", _("Cancelado")

    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("sesión"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("punto del orden del día"),
    )
    sequence = models.PositiveSmallIntegerField(_("consecutivo"), editable=False)
    number = models.CharField(_("número"), max_length=60, unique=True, editable=False)
    text = models.TextField(_("acuerdo"))
    responsible = models.ManyToManyField(
        Institution, blank=True, related_name="agreements", verbose_name=_("instituciones responsables")
    )
    due_date = models.DateField(_("fecha compromiso"), null=True, blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.PENDING)
    status_reason = models.TextField(_("motivo"), blank=True)
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificado"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session__starts_at", "sequence"]
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        constraints = [models.UniqueConstraint(fields=["session", "sequence"], name="agreement_unique_sequence")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class AgreementUpdate(models.Model):
    """A dated progress report on an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="updates")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("avance"))
    evidence = models.FileField(_("evidencia"), upload_to="evidence/%Y/%m/", blank=True)
    status = models.CharField(_("estado resultante"), max_length=12, choices=Agreement.Status.choices, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("avance de acuerdo")
        verbose_name_plural = _("avances de acuerdos")

    def __str__(self):
        return f"{self.agreement} — {self.created_at:%Y-%m-%d}"


class Vote(models.Model):
    """The result of the vote on an agenda item: by unanimity, or by majority with each voting seat's ballot."""

    class Method(models.TextChoices):
        UNANIMITY = "unanimity", _("Unanimidad")
        MAJORITY = "majority", _("Mayoría")

    class Result(models.TextChoices):
        APPROVED = "approved", _("Aprobado")
        REJECTED = "rejected", _("No aprobado")

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="vote", verbose_name=_("punto del orden del día")
    )
    method = models.CharField(_("forma de votación"), max_length=10, choices=Method.choices)
    result = models.CharField(_("resultado"), max_length=10, choices=Result.choices)
    votes_for = models.PositiveSmallIntegerField(_("votos a favor"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votos en contra"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstenciones"), default=0)
    casting_vote_used = models.BooleanField(_("decidido por voto de calidad"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registrada"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("votación")
        verbose_name_plural = _("votaciones")
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="unanimity") | Q(votes_against=0, abstentions=0, result="approved"),
                name="vote_unanimity_all_for",
                violation_error_message=_("Una votación por unanimidad no tiene votos en contra ni abstenciones."),
            )
        ]

    def __str__(self):
        return f"{self.agenda_item}: {self.get_result_display()}"


class Ballot(models.Model):
    """The vote of one voting seat present at the session."""

    class Choice(models.TextChoices):
        FOR = "for", _("A favor")
        AGAINST = "against", _("En contra")
        ABSTENTION = "abstention", _("Abstención")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("votación"))
    invitation = models.ForeignKey(
        Invitation, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("institución con voto")
    )
    choice = models.CharField(_("voto"), max_length=10, choices=Choice.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "invitation__institution__name"]
        verbose_name = _("voto")
        verbose_name_plural = _("votos")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "invitation"],
                name="ballot_one_per_seat",
                violation_error_message=_("Cada institución vota una sola vez."),
            )
        ]

    def __str__(self):
        return f"{self.invitation.institution}: {self.get_choice_display()}"


class Document(models.Model):
    """An uploaded annex or a published (frozen) PDF of a session."""

    class Kind(models.TextChoices):
        ANNEX = "annex", _("Anexo")
        CONVOCATION = "convocation", _("Convocatoria")
        AGENDA = "agenda", _("Orden del día")
        ATTENDANCE = "attendance", _("Lista de asistencia")
        MINUTES = "minutes", _("Acta")
        NOTE = "note", _("Nota informativa")
        AGREEMENTS = "agreements", _("Reporte de acuerdos")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="documents", verbose_name=_("sesión"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("punto del orden del día"),
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices, default=Kind.ANNEX)
    title = models.CharField(_("título"), max_length=255, validators=[validate_one_line])
    file = models.FileField(_("archivo"), upload_to="documents/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveIntegerField(_("tamaño (bytes)"), default=0, editable=False)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    published_at = models.DateTimeField(_("publicado"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(_("archivado"), null=True, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    # The short code of a published version: its public page /verificar/<code>/ (sessions_app.services.signatures).
    verification_code = models.CharField(
        _("código de verificación"), max_length=12, unique=True, null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "kind", "-version", "pk"]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

    def __str__(self):
        return self.title


class DocumentSignature(models.Model):
    """One e.firma signature put on a published document; its result is the ``signed`` version.

    Only what the certificate says publicly is kept: never the key nor its password.
    """

    class Role(models.TextChoices):
        """For whom the signer signed: the presidency signs first, the technical secretariat after it."""

        PRESIDENCY = "presidency", _("Presidencia")
        SECRETARIAT = "secretariat", _("Secretaría Técnica")

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="signatures_made", verbose_name=_("versión firmada")
    )
    signed = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="signature", verbose_name=_("versión con la firma")
    )
    signer_name = models.CharField(_("firmante"), max_length=255, validators=[validate_one_line])
    post = models.CharField(_("cargo"), max_length=255, blank=True, validators=[validate_one_line])
    certificate_serial = models.CharField(
        _("número de serie del certificado"), max_length=80, validators=[validate_one_line]
    )
    certificate_subject = models.CharField(_("titular del certificado"), max_length=500, validators=[validate_one_line])
    certificate_issuer = models.CharField(_("emisor del certificado"), max_length=500, validators=[validate_one_line])
    certificate_not_after = models.DateTimeField(_("vigencia del certificado"))
    signed_at = models.DateTimeField(_("firmado"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("usuario")
    )
    role = models.CharField(_("firma por"), max_length=12, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("firma electrónica")
        verbose_name_plural = _("firmas electrónicas")

    def __str__(self):
        return f"{self.signer_name} — {self.document}"

    @staticmethod
    def history_label(record) -> str:
        """How the history page names a signature: who signed (core.history)."""
        return record.signer_name


def _nobody(**kwargs):
    """A verification's history names nobody: who checks a document on the public page is not recorded."""
    return None


class SigningFailure(models.Model):
    """An attempt to sign a published version that did not sign it: who, when, which version, why (in Spanish).

    Never the key, its password nor the certificate: the reason is one of the service's own messages.
    """

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="signing_failures", verbose_name=_("versión")
    )
    version = models.PositiveIntegerField(_("número de versión"))
    document_title = models.CharField(_("documento"), max_length=255, validators=[validate_one_line])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("usuario")
    )
    reason = models.CharField(_("motivo"), max_length=500, validators=[validate_one_line])
    attempted_at = models.DateTimeField(_("intentado"), auto_now_add=True)

    history = HistoricalRecords()
    history_action = _("Intentó firmar")

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name = _("intento de firma fallido")
        verbose_name_plural = _("intentos de firma fallidos")

    def __str__(self):
        return f"{self.document_title}: {self.reason}"

    @staticmethod
    def history_label(record) -> str:
        """How the history page names a failed attempt: the version and why it did not sign (core.history)."""
        return _("%(title)s, versión %(version)s — %(reason)s") % {
            "title": record.document_title,
            "version": record.version,
            "reason": record.reason,
        }


class VerificationAttempt(models.Model):
    """A PDF someone uploaded to /verificar/: what was found (the file itself is not kept, nor who sent it)."""

    # The published version whose page the file was uploaded on (its session's history shows the check).
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verification_attempts",
        verbose_name=_("página de la versión"),
    )
    code = models.CharField(_("código consultado"), max_length=12, blank=True, validators=[validate_one_line])
    sha256 = models.CharField(_("SHA-256 del archivo"), max_length=64, validators=[validate_one_line])
    matched = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("coincide con")
    )
    signatures = models.PositiveSmallIntegerField(_("firmas encontradas"), default=0)
    intact = models.BooleanField(_("firmas íntegras"), default=False)
    # Each signature found: signer (from the certificate), date, intact, valid, trusted, covers the whole file.
    findings = models.JSONField(_("firmas revisadas"), default=list, blank=True)
    result = models.CharField(_("resultado"), max_length=255, validators=[validate_one_line])
    # The page shows the result after a redirect (/verificar/<code>/?comprobacion=<token>): not guessable.
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("consultado"), auto_now_add=True)

    # On the session's history, without who checked (not even a logged-in user) nor the result page's token.
    history = HistoricalRecords(get_user=_nobody, excluded_fields=["token"])
    history_action = _("Comprobó")
    history_anonymous = _("Página pública de verificación")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verificación")
        verbose_name_plural = _("verificaciones")

    def __str__(self):
        return f"{self.sha256[:12]} {self.result}"

    @staticmethod
    def history_label(record) -> str:
        """How the history page names a check: its result and the signatures found intact (core.history)."""
        if not record.signatures:
            return _("%(result)s Sin firmas.") % {"result": record.result}
        return _("%(result)s Firmas: %(count)s, %(state)s.") % {
            "result": record.result,
            "count": record.signatures,
            "state": _("íntegras") if record.intact else _("alguna alterada o inválida"),
        }


class Minutes(models.Model):
    """The acta of a session: drafted, circulated for comments, approved at the next session, locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        CIRCULATED = "circulated", _("En revisión de integrantes")
        APPROVED = "approved", _("Aprobada")

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("sesión"))
    body = models.TextField(_("texto"), blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    comments_due = models.DateField(_("plazo para comentarios"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulada"), null=True, blank=True)
    approved_at_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("aprobada en la sesión"),
    )
    approved_at = models.DateTimeField(_("aprobada"), null=True, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("PDF publicado")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acta")
        verbose_name_plural = _("actas")

    def __str__(self):
        return _("Acta de la %(session)s") % {"session": self.session}

    def get_absolute_url(self):
        return reverse("sessions_app:minutes", args=[self.session_id])

    @property
    def is_locked(self) -> bool:
        """An approved acta is final: its text, and the session's agreements and votes, no longer change."""
        return self.status == self.Status.APPROVED

    @property
    def comments_open(self) -> bool:
        """Members comment on a circulated acta until its deadline (the whole day of the deadline included)."""
        return self.status == self.Status.CIRCULATED and (
            self.comments_due is None or timezone.localdate() <= self.comments_due
        )

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class MinutesComment(models.Model):
    """A member's comment on a circulated acta, made in the app before the deadline."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="comments", verbose_name=_("acta"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="minutes_comments", verbose_name=_("institución")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comentario"))
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comentario al acta")
        verbose_name_plural = _("comentarios al acta")

    def __str__(self):
        return f"{self.institution} — {self.created_at:%Y-%m-%d}"


class InformativeNote(models.Model):
    """A nota informativa about one session, issued by one unit of an institution on its letterhead."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        FINAL = "final", _("Final")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="informative_notes", verbose_name=_("sesión")
    )
    issuing_unit = models.ForeignKey(
        IssuingUnit, on_delete=models.PROTECT, related_name="informative_notes", verbose_name=_("unidad emisora")
    )
    place = models.CharField(_("lugar"), max_length=120, validators=[validate_one_line])
    date = models.DateField(_("fecha"))
    unit_lines = models.TextField(_("unidades emisoras"), blank=True, help_text=_("Una línea por unidad."))
    body = models.TextField(
        _("texto"), blank=True, help_text=_("Un párrafo por bloque, separados por una línea en blanco.")
    )
    footer_address = models.CharField(_("domicilio al pie"), max_length=255, blank=True, validators=[validate_one_line])
    status = models.CharField(_("estado"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("PDF publicado")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-version"]
        verbose_name = _("nota informativa")
        verbose_name_plural = _("notas informativas")

    def __str__(self):
        return _("Nota informativa sobre la %(session)s") % {"session": self.session}

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def units(self) -> list[str]:
        return [line.strip() for line in self.unit_lines.splitlines() if line.strip()]

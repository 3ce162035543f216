"""The shapes the API answers with: what each resource shows, described in Spanish for the docs page."""

from datetime import date, datetime

from ninja import Field, Schema


class Page(Schema):
    count: int = Field(description="Total de elementos que cumplen los filtros.")
    limit: int
    offset: int


# --- The directory ---


class InstitutionRef(Schema):
    id: int
    name: str = Field(description="Nombre de la institución.")
    short_name: str = Field(description="Siglas o nombre corto.")
    state: str = Field(description="Entidad federativa (los nombres se repiten entre entidades).")


class InstitutionOut(InstitutionRef):
    kind: str
    government_order: str
    municipality: str
    is_active: bool


class PersonRef(Schema):
    id: int
    name: str = Field(description="Tratamiento y nombre completo.")
    post: str = Field(description="Cargo.")

    @staticmethod
    def resolve_name(person) -> str:
        return person.display_name


class PersonOut(PersonRef):
    institution_id: int
    email: str = Field(description="Correo institucional.")
    phone: str = Field(description="Teléfono institucional.")
    is_active: bool


class InstitutionPage(Page):
    items: list[InstitutionOut]


class PersonPage(Page):
    items: list[PersonOut]


# --- Councils ---


class CouncilRef(Schema):
    id: int
    name: str
    short_name: str


class SeatOut(Schema):
    id: int
    institution: InstitutionRef
    role: str = Field(description="presidency, secretariat, member o guest.")
    has_vote: bool
    principal: PersonRef | None = Field(description="Titular.")
    alternates: list[PersonRef] = Field(description="Suplentes, en su orden.")

    @staticmethod
    def resolve_alternates(seat) -> list:
        return [link.person for link in seat.alternate_list]


class WorkingGroupOut(Schema):
    id: int
    name: str
    mandate: str
    status: str
    coordinator: InstitutionRef | None
    members: list[InstitutionRef]

    @staticmethod
    def resolve_members(group) -> list:
        return list(group.members.all())


class CouncilOut(CouncilRef):
    kind: str
    jurisdiction: str
    purpose: str
    quorum_rule: str
    is_active: bool
    presiding_institution: InstitutionRef | None
    secretariat_institution: InstitutionRef | None


class CouncilDetailOut(CouncilOut):
    seats: list[SeatOut] = Field(description="Lugares vigentes: con voto primero.")
    working_groups: list[WorkingGroupOut]


class CouncilPage(Page):
    items: list[CouncilOut]


# --- Sessions ---


class SessionOut(Schema):
    id: int
    title: str = Field(description="«Primera Sesión Ordinaria 2024».")
    council: CouncilRef
    working_group_id: int | None
    kind: str = Field(description="installation, ordinary o extraordinary.")
    status: str = Field(description="draft, convened, held, closed, cancelled o postponed.")
    starts_at: datetime
    ends_at: datetime
    modality: str
    venue: str
    city: str
    state: str
    url: str = Field(description="La página de la sesión en la aplicación.")

    @staticmethod
    def resolve_url(session, context) -> str:
        return context["request"].build_absolute_uri(session.get_absolute_url())


class SessionRow(SessionOut):
    invited: int = Field(description="Instituciones convocadas.")
    confirmed: int = Field(description="Confirmaron o envían suplente.")


class SessionPage(Page):
    items: list[SessionRow]


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    kind: str
    description: str
    presenter_institution: InstitutionRef | None
    presenter: PersonRef | None
    duration_minutes: int
    highlight: bool
    version: str = Field(description="Versión leída: envíela al editar el punto.")


class InvitationOut(Schema):
    id: int
    institution: InstitutionRef
    role: str = Field(description="member o guest.")
    has_vote: bool
    invitee: PersonRef | None = Field(description="Persona convocada.")
    answer: str = Field(description="pending, confirmed, declined o alternate.")
    answered_at: datetime | None
    attendee: PersonRef | None = Field(description="Quién asiste (titular o suplente).")
    attended: bool
    arrived_at: datetime | None


class QuorumOut(Schema):
    voting_seats: int
    present: int
    required: int
    met: bool


class DeclaredQuorumOut(Schema):
    present: int = Field(description="Integrantes con voto presentes.")
    required: int
    met: bool
    call: str = Field(description="first o second (primera o segunda convocatoria).")
    declared_at: datetime


class SessionDetailOut(SessionOut):
    quorum_declared: DeclaredQuorumOut | None = Field(description="El quórum declarado el día de la sesión.")
    quorum_projected: QuorumOut | None = Field(
        description="Personal del consejo: el quórum que dan las respuestas recibidas."
    )
    quorum_present: QuorumOut | None = Field(description="Personal del consejo: el quórum según la asistencia.")
    agenda: list[AgendaItemOut]
    invitations: list[InvitationOut] = Field(description="Las del personal: todas; las de un delegado: la suya.")
    calendar_url: str = Field(description="El evento de la sesión (.ics).")


# --- Agreements ---


class AgreementUpdateOut(Schema):
    id: int
    institution: InstitutionRef | None
    text: str
    status: str = Field(description="Estado al que pasó el acuerdo con este avance (vacío si no cambió).")
    created_at: datetime


class AgreementOut(Schema):
    id: int
    number: str
    session_id: int
    council_id: int
    text: str
    status: str = Field(description="pending, in_progress, fulfilled o cancelled.")
    due_date: date | None
    overdue: bool
    responsible: list[InstitutionRef]
    last_update_at: datetime | None

    @staticmethod
    def resolve_council_id(agreement) -> int:
        return agreement.session.council_id

    @staticmethod
    def resolve_overdue(agreement) -> bool:
        return agreement.is_overdue

    @staticmethod
    def resolve_responsible(agreement) -> list:
        responsible = agreement.responsible
        return responsible if isinstance(responsible, list) else list(responsible.all())


class AgreementDetailOut(AgreementOut):
    updates: list[AgreementUpdateOut] = Field(description="Avances, el más reciente primero.")


class AgreementPage(Page):
    items: list[AgreementOut]


# --- Documents and calendars ---


class DocumentOut(Schema):
    kind: str = Field(description="annex, minutes, note, attendance… o el documento generado.")
    title: str
    url: str = Field(description="Dirección de descarga (con el mismo token).")
    published_at: datetime | None = None
    sha256: str | None = Field(None, description="SHA-256 del PDF publicado (no cambia nunca).")
    version: int | None = None


class FeedOut(Schema):
    council_id: int
    council: str
    url: str = Field(description="Dirección privada de suscripción (.ics).")


class DocumentPage(Page):
    items: list[DocumentOut]


class FeedPage(Page):
    items: list[FeedOut] = Field(description="Una por cada consejo que administra.")

"""The shapes the API answers with: what each resource shows, described and exemplified in Spanish for the docs page.

The examples (``example(...)``) are what Swagger UI shows for a schema; a test validates each against its schema.
"""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict


def example(value: dict) -> ConfigDict:
    """A schema's example in the OpenAPI document (the docs page shows it as the sample answer or body)."""
    return ConfigDict(json_schema_extra={"examples": [value]})


# Pieces the examples share: a session of a state council of Nuevo León, its institutions and people.
COUNCIL_EXAMPLE = {"id": 3, "name": "Consejo Estatal de Seguridad Pública de Nuevo León", "short_name": "CESP"}
PRESIDENCY_EXAMPLE = {
    "id": 14,
    "name": "Secretaría General de Gobierno",
    "short_name": "SGG",
    "state": "19",
}
SECRETARIAT_EXAMPLE = {
    "id": 27,
    "name": "Secretariado Ejecutivo del Sistema Estatal de Seguridad Pública",
    "short_name": "SESESP",
    "state": "19",
}
COUNCIL_OUT_EXAMPLE = {
    **COUNCIL_EXAMPLE,
    "kind": "council",
    "jurisdiction": "Nuevo León",
    "purpose": "Coordinar, planear e implementar el Sistema Estatal de Seguridad Pública.",
    "quorum_rule": "half_plus_one",
    "is_active": True,
    "presiding_institution": PRESIDENCY_EXAMPLE,
    "secretariat_institution": SECRETARIAT_EXAMPLE,
}
PERSON_EXAMPLE = {"id": 311, "name": "Mtra. Laura Treviño Garza", "post": "Directora de Planeación y Evaluación"}
SESSION_EXAMPLE = {
    "id": 128,
    "title": "Segunda Sesión Ordinaria 2025",
    "council": COUNCIL_EXAMPLE,
    "working_group_id": None,
    "kind": "ordinary",
    "status": "convened",
    "starts_at": "2025-06-12T10:00:00-06:00",
    "ends_at": "2025-06-12T12:00:00-06:00",
    "modality": "hybrid",
    "venue": "Palacio de Gobierno, Salón Benito Juárez",
    "city": "Monterrey",
    "state": "Nuevo León",
    "url": "https://sesiones.nl.gob.mx/sesiones/128/",
}
AGREEMENT_EXAMPLE = {
    "id": 902,
    "number": "CESP/02-ORD/2025/03",
    "session_id": 128,
    "council_id": 3,
    "text": "La SGG presentará al pleno el diagnóstico de las policías municipales del área metropolitana.",
    "status": "in_progress",
    "due_date": "2025-09-30",
    "overdue": False,
    "responsible": [PRESIDENCY_EXAMPLE],
    "last_update_at": "2025-07-21T13:45:00-06:00",
}
UPDATE_EXAMPLE = {
    "id": 4410,
    "institution": PRESIDENCY_EXAMPLE,
    "text": "Se concluyó el levantamiento en 9 de los 12 municipios; el informe se entrega en septiembre.",
    "status": "in_progress",
    "created_at": "2025-07-21T13:45:00-06:00",
}
AGENDA_ITEM_EXAMPLE = {
    "id": 5120,
    "order": 4,
    "title": "Presentación del Programa Estatal de Prevención del Delito 2025",
    "kind": "presentation",
    "description": "La Secretaría General de Gobierno expone las metas y el presupuesto del programa.",
    "presenter_institution": PRESIDENCY_EXAMPLE,
    "presenter": PERSON_EXAMPLE,
    "duration_minutes": 20,
    "highlight": True,
    "version": "3f9a1c27b4e0d6a8",
}
INVITATION_EXAMPLE = {
    "id": 7731,
    "institution": PRESIDENCY_EXAMPLE,
    "role": "member",
    "has_vote": True,
    "invitee": {"id": 288, "name": "Lic. Javier Navarro Cantú", "post": "Secretario General de Gobierno"},
    "answer": "alternate",
    "answered_at": "2025-06-05T17:20:00-06:00",
    "attendee": PERSON_EXAMPLE,
    "attended": False,
    "arrived_at": None,
}


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
    model_config = example(COUNCIL_OUT_EXAMPLE)

    kind: str
    jurisdiction: str
    purpose: str
    quorum_rule: str
    is_active: bool
    presiding_institution: InstitutionRef | None
    secretariat_institution: InstitutionRef | None


class CouncilDetailOut(CouncilOut):
    model_config = example(
        {
            **COUNCIL_OUT_EXAMPLE,
            "seats": [
                {
                    "id": 41,
                    "institution": PRESIDENCY_EXAMPLE,
                    "role": "presidency",
                    "has_vote": True,
                    "principal": {
                        "id": 288,
                        "name": "Lic. Javier Navarro Cantú",
                        "post": "Secretario General de Gobierno",
                    },
                    "alternates": [PERSON_EXAMPLE],
                }
            ],
            "working_groups": [
                {
                    "id": 6,
                    "name": "Grupo de Trabajo de Prevención Social",
                    "mandate": "Dar seguimiento al Programa Estatal de Prevención del Delito.",
                    "status": "active",
                    "coordinator": SECRETARIAT_EXAMPLE,
                    "members": [PRESIDENCY_EXAMPLE, SECRETARIAT_EXAMPLE],
                }
            ],
        }
    )
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
    model_config = example({**SESSION_EXAMPLE, "invited": 24, "confirmed": 19})

    invited: int = Field(description="Instituciones convocadas.")
    confirmed: int = Field(description="Confirmaron o envían suplente.")


class SessionPage(Page):
    items: list[SessionRow]


class AgendaItemOut(Schema):
    model_config = example(AGENDA_ITEM_EXAMPLE)

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
    model_config = example(INVITATION_EXAMPLE)

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
    model_config = example(
        {
            **SESSION_EXAMPLE,
            "quorum_declared": None,
            "quorum_projected": {"voting_seats": 24, "present": 19, "required": 13, "met": True},
            "quorum_present": {"voting_seats": 24, "present": 0, "required": 13, "met": False},
            "agenda": [AGENDA_ITEM_EXAMPLE],
            "invitations": [INVITATION_EXAMPLE],
            "calendar_url": "https://sesiones.nl.gob.mx/sesiones/128/calendario.ics",
        }
    )

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
    model_config = example(UPDATE_EXAMPLE)

    id: int
    institution: InstitutionRef | None
    text: str
    status: str = Field(description="Estado al que pasó el acuerdo con este avance (vacío si no cambió).")
    created_at: datetime


class AgreementOut(Schema):
    model_config = example(AGREEMENT_EXAMPLE)

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
    model_config = example({**AGREEMENT_EXAMPLE, "updates": [UPDATE_EXAMPLE]})

    updates: list[AgreementUpdateOut] = Field(description="Avances, el más reciente primero.")


class AgreementPage(Page):
    items: list[AgreementOut]


# --- Documents and calendars ---


class DocumentOut(Schema):
    model_config = example(
        {
            "kind": "minutes",
            "title": "Acta de la Primera Sesión Ordinaria 2025",
            "url": "https://sesiones.nl.gob.mx/api/v1/sessions/97/published/431",
            "published_at": "2025-06-12T12:40:00-06:00",
            "sha256": "9c1185a5c5e9fc54612808977ee8f548b2258d31f2d1e1b0a4a6f7e3c1a9b2d4",
            "version": 2,
        }
    )

    kind: str = Field(description="annex, minutes, note, attendance… o el documento generado.")
    title: str
    url: str = Field(description="Dirección de descarga (con el mismo token).")
    published_at: datetime | None = None
    sha256: str | None = Field(None, description="SHA-256 del PDF publicado (no cambia nunca).")
    version: int | None = None


class FeedOut(Schema):
    model_config = example(
        {
            "council_id": 3,
            "council": "CESP",
            "url": "https://sesiones.nl.gob.mx/sesiones/calendario/Xq3v9LrT2mWk8sYd.ics",
        }
    )

    council_id: int
    council: str
    url: str = Field(description="Dirección privada de suscripción (.ics).")


class DocumentPage(Page):
    items: list[DocumentOut]


class FeedPage(Page):
    items: list[FeedOut] = Field(description="Una por cada consejo que administra.")

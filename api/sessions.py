"""Sessions: the list (with the staff list's filters), one session with its agenda, invitations and quorum;
its agenda items created, edited and reordered through the orden del día's services."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from api.access import session_for, viewer_session_access
from api.conventions import REFUSALS, WRITE_REFUSALS, Extended, Id, PageParams, SearchText, cached_json, paginate
from api.forms import valid_form
from api.schemas import AgendaItemOut, SessionDetailOut, SessionPage, example
from council.permissions import visible_councils
from sessions_app.filters import search_sessions
from sessions_app.forms.agenda import AgendaItemForm
from sessions_app.models import AgendaItem, Session
from sessions_app.selectors.quorum import projected_quorum, quorum_for
from sessions_app.selectors.sessions import session_detail, sessions_for_list
from sessions_app.services.agenda import (
    CONTENT_FIELDS,
    agenda_item_create,
    agenda_item_update,
    agenda_item_version,
    agenda_reorder,
)

router = Router(tags=["Sesiones"])


class SessionFilters(Schema):
    council: Id | None = Field(None, description="Solo las de este consejo.")
    status: Session.Status | None = None
    kind: Session.Kind | None = None
    starts_from: date | None = Field(None, description="Que empiezan este día o después.")
    starts_until: date | None = Field(None, description="Que empiezan este día o antes.")
    q: SearchText | None = Field(None, description="Título, sede o ciudad: «segunda ordinaria 2024», «Monterrey».")


@router.get("/sessions", response={200: SessionPage, **REFUSALS}, summary="Sesiones a su alcance")
def session_list(request, page: Query[PageParams], filters: Query[SessionFilters]):
    """Las sesiones de los consejos que administra, o a las que convocaron a su institución; la más reciente primero."""
    viewer = request.viewer
    viewer.read_standing()  # both facts below, in one light query
    # Kept whole while nothing of the councils it may show changes; the key says who may see what.
    if viewer.institution_id is None and not viewer.is_admin:
        councils = sorted(viewer.staff_council_ids)  # what visible_councils holds for them, without asking again
    else:
        councils = sorted(visible_councils(viewer).values_list("pk", flat=True))
    scope = ["admin"] if viewer.is_admin else [sorted(viewer.staff_council_ids), viewer.institution_id]
    return cached_json(
        request,
        council_ids=councils,
        parts=["sessions", *scope, councils],
        schema=SessionPage,
        build=lambda: _session_rows(viewer, page, filters),
    )


def _session_rows(viewer, page: PageParams, filters: SessionFilters) -> dict:
    rows = sessions_for_list(viewer)
    if filters.council is not None:
        rows = rows.filter(council_id=filters.council)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.starts_from:
        rows = rows.filter(starts_at__date__gte=filters.starts_from)
    if filters.starts_until:
        rows = rows.filter(starts_at__date__lte=filters.starts_until)
    if filters.q:
        rows = search_sessions(rows, filters.q)
    return paginate(rows.order_by("-starts_at", "-pk"), page)


def _quorum(quorum) -> dict:
    return {
        "voting_seats": quorum.voting_seats,
        "present": quorum.present,
        "required": quorum.required,
        "met": quorum.met,
    }


def _declared(session: Session) -> dict | None:
    if session.quorum_declared_at is None:
        return None
    return {
        "present": session.quorum_present or 0,
        "required": session.quorum_required or 0,
        "met": bool(session.quorum_met),
        "call": session.call,
        "declared_at": session.quorum_declared_at,
    }


def _with_versions(items: list[AgendaItem]) -> list[AgendaItem]:
    for item in items:
        item.version = agenda_item_version(item)
    return items


@router.get("/sessions/{int:session_id}", response={200: SessionDetailOut, **REFUSALS}, summary="Una sesión")
def session_get(request, session_id: Path[Id]):
    """La sesión con su orden del día, las invitaciones y respuestas (un delegado ve solo la de su institución),
    la asistencia y el quórum: el declarado, y para el personal el que dan la asistencia y las respuestas."""
    access = viewer_session_access(request.viewer, session_id)
    if not access.can_view:
        raise PermissionDenied
    institution_id = None if access.manages else access.institution_id

    def build():
        session = Session.objects.select_related("council", "working_group").get(pk=access.session_id)
        detail = session_detail(session=session, institution_id=institution_id)
        return Extended(
            session,
            agenda=_with_versions(detail["agenda"]),
            invitations=detail["invitations"],
            quorum_declared=_declared(session),
            quorum_present=_quorum(quorum_for(session=session)) if access.manages else None,
            quorum_projected=_quorum(projected_quorum(session=session)) if access.manages else None,
            calendar_url=request.build_absolute_uri(reverse("sessions_app:calendar", args=[session.pk])),
        )

    # Kept whole while nothing of the council changes, as the session page is; what the viewer may see is the key.
    scope = "staff" if access.manages else f"institution-{institution_id}"
    return cached_json(
        request, council_ids=[access.council_id], parts=[access.session_id, scope], schema=SessionDetailOut, build=build
    )


# --- The orden del día (the council's staff, with a write token) ---


class AgendaItemIn(Schema):
    model_config = example(
        {
            "title": "Presentación del Programa Estatal de Prevención del Delito 2025",
            "kind": "presentation",
            "description": "La Secretaría General de Gobierno expone las metas y el presupuesto del programa.",
            "presenter_institution": 14,
            "presenter": 311,
            "duration_minutes": 20,
            "highlight": True,
        }
    )

    title: str = Field(min_length=1, max_length=300, description="Título del punto.")
    kind: AgendaItem.Kind = AgendaItem.Kind.PRESENTATION
    description: str = Field("", max_length=20_000)
    presenter_institution: Id | None = Field(None, description="Institución que presenta (id del directorio).")
    presenter: Id | None = Field(None, description="Persona que presenta (id del directorio).")
    duration_minutes: int = Field(10, ge=1, le=480)
    highlight: bool = False


class AgendaItemPatch(Schema):
    model_config = example(
        {"version": "3f9a1c27b4e0d6a8", "title": "Informe de avance del Programa", "duration_minutes": 15}
    )

    version: str = Field(max_length=64, description="La versión del punto como lo leyó (campo `version`).")
    title: str | None = Field(None, min_length=1, max_length=300)
    kind: AgendaItem.Kind | None = None
    description: str | None = Field(None, max_length=20_000)
    presenter_institution: Id | None = None
    presenter: Id | None = None
    duration_minutes: int | None = Field(None, ge=1, le=480)
    highlight: bool | None = None


class AgendaOrderIn(Schema):
    model_config = example(
        {"order": [5117, 5118, 5120, 5119, 5121, 5122], "seen": [5117, 5118, 5119, 5120, 5121, 5122]}
    )

    order: list[Id] = Field(max_length=500, description="Los ids de los puntos en el orden nuevo.")
    seen: list[Id] | None = Field(
        None, max_length=500, description="Los puntos que usted conocía; los agregados después van al final."
    )


def _form_data(values: dict) -> dict:
    return {name: ("" if value is None else value) for name, value in values.items()}


@router.post(
    "/sessions/{int:session_id}/agenda",
    response={201: AgendaItemOut, **WRITE_REFUSALS},
    summary="Agregar un punto al orden del día",
)
def agenda_item_add(request, session_id: Path[Id], payload: AgendaItemIn):
    """Agrega un punto; va antes de «Asuntos generales» y «Clausura». Solo el personal del consejo."""
    session, _access = session_for(request, session_id, manage=True)
    form = valid_form(AgendaItemForm(_form_data(payload.model_dump()), session=session, viewer=request.viewer))
    item = agenda_item_create(session=session, **form.item_fields())
    return Status(201, _with_versions([item])[0])


@router.patch(
    "/sessions/{int:session_id}/agenda/{int:item_id}",
    response={200: AgendaItemOut, **WRITE_REFUSALS},
    summary="Editar un punto del orden del día",
)
def agenda_item_edit(request, session_id: Path[Id], item_id: Path[Id], payload: AgendaItemPatch):
    """Cambia los campos enviados; si alguien lo cambió después de su lectura (`version`), responde 409."""
    session, _access = session_for(request, session_id, manage=True)
    item = AgendaItem.objects.select_related("session").get(pk=item_id, session=session)
    current = {name.removesuffix("_id"): getattr(item, name) for name in CONTENT_FIELDS}
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    form = valid_form(
        AgendaItemForm(_form_data({**current, **changes}), instance=item, session=session, viewer=request.viewer)
    )
    fields = form.item_fields()
    item = agenda_item_update(item=AgendaItem.objects.get(pk=item.pk), version=version, **fields)
    return _with_versions([item])[0]


@router.put(
    "/sessions/{int:session_id}/agenda/order",
    response={200: list[AgendaItemOut], **WRITE_REFUSALS},
    summary="Reordenar el orden del día",
)
def agenda_order(request, session_id: Path[Id], payload: AgendaOrderIn):
    """Pone los puntos en el orden enviado, combinado con lo que otras personas agregaron o quitaron mientras tanto."""
    session, _access = session_for(request, session_id, manage=True)
    seen = payload.order if payload.seen is None else payload.seen
    result = agenda_reorder(session=session, order=list(payload.order), seen=list(seen))
    return _with_versions(result.items)

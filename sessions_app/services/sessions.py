"""Scheduling sessions: numbering within the year and the agenda template."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Council, WorkingGroup
from sessions_app.models import AgendaItem, Session

Kind = AgendaItem.Kind

# The standard order of a Mexican collegiate body's session.
ORDINARY_TEMPLATE = [
    (Kind.ROLL_CALL, _("Lista de asistencia y declaración de quórum"), 10),
    (Kind.AGENDA_APPROVAL, _("Lectura y, en su caso, aprobación del orden del día"), 5),
    (Kind.MINUTES_APPROVAL, _("Lectura y, en su caso, aprobación del acta de la sesión anterior"), 10),
    (Kind.FOLLOW_UP, _("Seguimiento de acuerdos"), 15),
    (Kind.GENERAL_MATTERS, _("Asuntos generales"), 15),
    (Kind.CLOSING, _("Clausura de la sesión"), 5),
]
EXTRAORDINARY_TEMPLATE = [
    (Kind.ROLL_CALL, _("Lista de asistencia y declaración de quórum"), 10),
    (Kind.AGENDA_APPROVAL, _("Lectura y, en su caso, aprobación del orden del día"), 5),
    (Kind.CLOSING, _("Clausura de la sesión"), 5),
]
INSTALLATION_TEMPLATE = [
    (Kind.ROLL_CALL, _("Lista de asistencia y declaración de quórum"), 10),
    (Kind.AGENDA_APPROVAL, _("Lectura y, en su caso, aprobación del orden del día"), 5),
    (Kind.FOR_AGREEMENT, _("Declaratoria de instalación"), 10),
    (Kind.CLOSING, _("Clausura de la sesión"), 5),
]
TEMPLATES = {
    Session.Kind.ORDINARY: ORDINARY_TEMPLATE,
    Session.Kind.EXTRAORDINARY: EXTRAORDINARY_TEMPLATE,
    Session.Kind.INSTALLATION: INSTALLATION_TEMPLATE,
}


def session_year(starts_at: datetime) -> int:
    return timezone.localtime(starts_at).year


def next_session_number(*, council: Council, working_group: WorkingGroup | None, kind: str, year: int) -> int:
    """The next number within the year; ordinary and extraordinary are numbered separately."""
    sessions = Session.objects.filter(council=council, kind=kind, year=year, working_group=working_group)
    return (sessions.aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def session_create(
    *,
    council: Council,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    working_group: WorkingGroup | None = None,
    venue: str = "",
    city: str = "",
    state: str = "",
    modality: str = Session.Modality.IN_PERSON,
    video_url: str = "",
    with_template: bool = True,
) -> Session:
    """Schedule a session; its number is assigned here, never typed."""
    # Lock the council row so two sessions scheduled at once get distinct numbers.
    Council.objects.select_for_update().get(pk=council.pk)
    year = session_year(starts_at)
    session = Session(
        council=council,
        working_group=working_group,
        kind=kind,
        year=year,
        number=next_session_number(council=council, working_group=working_group, kind=kind, year=year),
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        city=city or council.default_city,
        state=state,
        modality=modality,
        video_url=video_url,
    )
    session.full_clean()
    session.save()
    if with_template:
        agenda_apply_template(session=session)
    return session


def agenda_apply_template(*, session: Session) -> list[AgendaItem]:
    """Fill an empty agenda with the standard order for the session's kind."""
    template = TEMPLATES[session.kind]
    items = [
        AgendaItem(session=session, order=position, kind=kind, title=str(title), duration_minutes=minutes)
        for position, (kind, title, minutes) in enumerate(template, start=1)
    ]
    return AgendaItem.objects.bulk_create(items)

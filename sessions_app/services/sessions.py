"""Scheduling sessions: numbering within the year, logistics, and the agenda template."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from council.models import Council, WorkingGroup
from sessions_app.models import AgendaItem, Session
from sessions_app.services import numbering
from sessions_app.services.convocation import session_notify_change

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
    """The number after the year's last (the admin's default); the app numbers by date (``services.numbering``)."""
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
    """Schedule a session (or record one held before); its number is assigned here by its date, never typed.

    The number follows the dates of the year's sessions of its series (``services.numbering``): a
    session scheduled, or recorded after the fact, before others takes its place among them and the
    drafts after it move up one. Refused when a session already convened or held would change its name.
    """
    # Lock the council row so two sessions scheduled at once are numbered one after the other.
    numbering.lock_council(council.pk)
    year = session_year(starts_at)
    session = Session(
        council=council,
        working_group=working_group,
        kind=kind,
        year=year,
        number=None,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        city=city or council.default_city,
        state=state,
        modality=modality,
        video_url=video_url,
    )
    session_validate_logistics(session)
    numbering.session_place(session)
    session.full_clean()
    session.save()
    if with_template:
        agenda_apply_template(session=session)
    return session


# What a delegate's calendar shows of a session: a change to any of these is a new version of the event.
EVENT_FIELDS = ("starts_at", "ends_at", "venue", "city", "state", "modality", "video_url")


def session_version(session: Session) -> str:
    """The version of a session's logistics as read (``core.concurrency``): what its edit form changes."""
    return version_of(session, EVENT_FIELDS)


def session_validate_logistics(session: Session) -> None:
    """Rules on where and how a session meets that the model's fields alone cannot say."""
    errors = {}
    if session.is_virtual and not session.video_url:
        errors["video_url"] = ValidationError(
            _("Una sesión virtual o híbrida necesita el enlace de videoconferencia."), code="video_url_required"
        )
    if session.working_group_id and session.working_group.council_id != session.council_id:
        errors["working_group"] = ValidationError(
            _("El grupo de trabajo no pertenece a este consejo."), code="working_group_other_council"
        )
    if errors:
        raise ValidationError(errors)


def session_apply_dates(session: Session, *, starts_at: datetime, ends_at: datetime) -> None:
    """Move a (locked, unsaved) session to new dates, keeping its number consistent with the calendar.

    The number belongs to the year ("Cuarta Sesión Ordinaria 2024") and follows
    the dates of its series (``services.numbering``): a draft moved across
    another swaps numbers with it; one moved to another year takes its place
    in the new year, and the old year closes the gap. A session that is
    convened (or was, and is being convened again) has had its title sent to
    every institution: changing its year is refused, so that no invitation ever
    names a session that does not exist (it can be postponed back to draft, or
    cancelled and scheduled anew), and so is a new date that would put it out
    of order with the others.

    The caller holds the council's lock (``numbering.lock_council``) taken before the session's row.
    """
    year = session_year(starts_at)
    previous = numbering.SeriesKey.of(session)
    if year != session.year:
        if session.status != Session.Status.DRAFT:
            raise ValidationError(
                _(
                    "La %(title)s ya fue convocada con ese número y no puede pasar al año %(year)s. "
                    "Pospóngala y reprográmela como borrador, o cancélela y programe una nueva."
                ),
                code="year_change_convened",
                params={"title": session.title, "year": year},
            )
        session.year = year
    session.starts_at = starts_at
    session.ends_at = ends_at
    numbering.session_place(session, previous=previous)


@transaction.atomic
def session_update(
    *,
    session: Session,
    starts_at: datetime,
    ends_at: datetime,
    venue: str = "",
    city: str = "",
    state: str = "",
    modality: str = Session.Modality.IN_PERSON,
    video_url: str = "",
    version: str | None = None,
) -> Session:
    """Change a draft or convened session's date, times, place and modality.

    Refused (code ``stale``) when ``version`` is not the session's any more: someone saved since it was read.

    A convened session's calendar event gets a new SEQUENCE when any of its
    fields change, and everyone convened is e-mailed the new data with an
    .ics that replaces the entry in their calendar.
    """
    numbering.lock_council(session.council_id)  # before the session's row, as every renumbering does
    locked = (
        Session.objects.select_for_update(of=("self",)).select_related("council", "working_group").get(pk=session.pk)
    )
    if not locked.is_editable:
        raise ValidationError(
            _("Solo se modifica la logística de una sesión en borrador o convocada; esta sesión está «%(status)s»."),
            code="not_editable",
            params={"status": locked.get_status_display()},
        )
    version_check(locked, EVENT_FIELDS, version)
    new = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue,
        "city": city,
        "state": state,
        "modality": modality,
        "video_url": video_url,
    }
    changed = [field for field in EVENT_FIELDS if getattr(locked, field) != new[field]]
    if not changed:
        return locked
    if starts_at != locked.starts_at or ends_at != locked.ends_at:
        session_apply_dates(locked, starts_at=starts_at, ends_at=ends_at)
    for field in ("venue", "city", "state", "modality", "video_url"):
        setattr(locked, field, new[field])
    convened = locked.status == Session.Status.CONVENED
    if convened:
        locked.sequence += 1
    session_validate_logistics(locked)
    locked.full_clean()
    locked.save()
    if convened:
        session_notify_change(session=locked)
    return locked


def agenda_apply_template(*, session: Session) -> list[AgendaItem]:
    """Fill an empty agenda with the standard order for the session's kind."""
    template = TEMPLATES[session.kind]
    items = [
        AgendaItem(session=session, order=position, kind=kind, title=str(title), duration_minutes=minutes)
        for position, (kind, title, minutes) in enumerate(template, start=1)
    ]
    return AgendaItem.objects.bulk_create(items)

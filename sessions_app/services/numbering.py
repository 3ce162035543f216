"""Numbering by date: the ordinal of a session follows the dates of its year's sessions of the same series.

A *series* is the sessions of one body (the council's plenary, or one working
group), of one kind (ordinary, extraordinary, installation) and one year. In a
series the numbers follow the dates: the "Primera Sesión Ordinaria 2026" is the
year's first ordinary session in the calendar, whatever order they were
scheduled or recorded in. Whenever a session is scheduled, recorded after the
fact, moved to another date or year, or cancelled, the series is numbered again.

Two rules keep that honest:

- **A name once sent out does not change.** A session that is convened, held or
  closed — or that was ever convened (its convocatoria went out, then it was
  postponed) — keeps its number: that title is on the convocatoria, the
  e-mails, the delegates' calendars and the acta. Only the other sessions (drafts,
  postponed drafts never convened) take their number from their date, and they
  skip the numbers the fixed ones hold. A change that would make a fixed session
  stand out of order (a new draft dated before the convened "Primera", the
  convened "Primera" moved after the "Segunda") is refused, saying which session
  would have to change its name.
- **A cancelled session is out of the count.** In Mexican practice a cancelled
  session never took place: the next one held takes its ordinal. A cancelled
  session keeps the number it had (its title is in its history and the e-mails
  that announced it), but that number is free again for the others of its
  series; the database's unique number ignores cancelled sessions.

Numbers that are already out of order (data from before this rule, or typed in
the admin) are tolerated as they are: a change is refused only for the disorder
it would create.

Writes run with the council row locked (``session_create``, and the callers of
``session_place`` / ``series_renumber``), so two changes of one council are
numbered one after the other. Numbers move in two passes (first to free
numbers above any real one, then to their final ones), because PostgreSQL
checks the unique number row by row; only the final numbers go to the history.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.wording import long_date
from council.models import Council
from sessions_app.models import Invitation, Session
from sessions_app.numbering import session_title

Status = Session.Status

# Statuses whose title has gone out to the institutions: the number stays.
FIXED_STATUSES = (Status.CONVENED, Status.HELD, Status.CLOSED)
# Numbers used only between the two passes of a renumbering (a small integer column: at most 32767).
_TEMPORARY_BASE = 30000


@dataclass(frozen=True)
class SeriesKey:
    council_id: int
    working_group_id: int | None
    kind: str
    year: int

    @classmethod
    def of(cls, session: Session) -> "SeriesKey":
        return cls(session.council_id, session.working_group_id, session.kind, session.year)


def lock_council(council_id: int) -> None:
    """Take the council's row lock: every renumbering of its sessions happens under it, one at a time."""
    Council.objects.select_for_update().get(pk=council_id)


def _series(key: SeriesKey, *, exclude_pk: int | None) -> list[Session]:
    """The series' sessions that count (not cancelled), in date order, each marked ``reached`` if ever convened."""
    reached = Invitation.objects.filter(session=OuterRef("pk")).exclude(delivery=Invitation.Delivery.NOT_SENT)
    sessions = (
        Session.objects.filter(
            council_id=key.council_id, working_group_id=key.working_group_id, kind=key.kind, year=key.year
        )
        .exclude(status=Status.CANCELLED)
        .select_related("working_group")
        .annotate(reached=Exists(reached))
        .order_by("starts_at", "pk")
    )
    if exclude_pk is not None:
        sessions = sessions.exclude(pk=exclude_pk)
    return list(sessions)


def _is_fixed(session: Session) -> bool:
    return session.status in FIXED_STATUSES or bool(getattr(session, "reached", False))


def _sort_key(session: Session) -> tuple[datetime, float]:
    return (session.starts_at, session.pk if session.pk is not None else float("inf"))


def _walk(ordered: list[Session], *, tolerated: set[int]) -> tuple[dict[int, int], list[tuple[Session, int]]]:
    """Numbers for the free sessions of a date-ordered series, and the fixed sessions out of order.

    Returns ``({position: number} for free sessions, [(fixed session, the number its date gives it)]``.
    """
    fixed_numbers = {session.number for session in ordered if _is_fixed(session)}
    numbers: dict[int, int] = {}
    disorder: list[tuple[Session, int]] = []
    counter = 0
    for position, session in enumerate(ordered):
        if _is_fixed(session):
            if session.number <= counter and session.pk not in tolerated:
                disorder.append((session, position + 1))
            counter = max(counter, session.number)
            continue
        counter += 1
        while counter in fixed_numbers:
            counter += 1
        numbers[position] = counter
    return numbers, disorder


def _plan(key: SeriesKey, *, moving: Session | None, exclude_pk: int | None) -> list[tuple[Session, int]]:
    """The (session, number) pairs of the series with ``moving`` placed at its date; refuses a fixed name's change.

    ``moving`` is the session being scheduled or moved (unsaved changes), or None when one leaves the series.
    """
    stored = _series(key, exclude_pk=None)
    tolerated = {session.pk for session, _position in _walk(stored, tolerated=set())[1]}
    others = [session for session in stored if session.pk != exclude_pk]
    ordered = sorted([*others, moving], key=_sort_key) if moving is not None else others
    numbers, disorder = _walk(ordered, tolerated=tolerated)
    if disorder:
        session, would_be = disorder[0]
        group = session.working_group.name if session.working_group_id else ""
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _(
                        "Con esa fecha, la %(title)s (%(date)s) tendría que llamarse %(would_be)s, porque los "
                        "números siguen las fechas de las sesiones del año. Ya fue convocada o celebrada con su "
                        "nombre, que no cambia: elija una fecha que respete el orden de las sesiones convocadas "
                        "o celebradas."
                    ),
                    code="number_order",
                    params={
                        "title": session.title,
                        "date": long_date(session.starts_at),
                        "would_be": session_title(session.kind, would_be, session.year, group),
                    },
                )
            }
        )
    return [(session, numbers[position]) for position, session in enumerate(ordered) if position in numbers]


def _write(plan: list[tuple[Session, int]], *, moving: Session | None) -> None:
    """Give each session of the plan its number; ``moving`` only in memory (its caller saves it)."""
    changing = [(session, number) for session, number in plan if session is not moving and session.number != number]
    if moving is not None and moving.pk is not None:
        # Free the moving session's stored number: another may take it before the caller saves it.
        Session.objects.filter(pk=moving.pk).update(number=_TEMPORARY_BASE + 2767)
    for offset, (session, _number) in enumerate(changing):
        Session.objects.filter(pk=session.pk).update(number=_TEMPORARY_BASE + offset)
    for session, number in changing:
        session.number = number
        session.save(update_fields=["number", "updated_at"])  # one history record, with the final number
    for session, number in plan:
        if session is moving:
            moving.number = number


def session_place(session: Session, *, previous: SeriesKey | None = None) -> None:
    """Number ``session`` by its date within its series, and renumber the others that follow from it.

    ``session`` is unsaved (a new one, or a locked one with new dates, kind or year); the caller holds
    the council's lock and saves it afterwards. ``previous`` is the series it leaves, when it moves
    to another year. Refused (``number_order``) when a session already convened or held would have
    to change its name.
    """
    key = SeriesKey.of(session)
    # A session that changes year takes its place in the new year (only a draft may); in its own series
    # one whose convocatoria went out keeps its number.
    changes_series = previous is not None and previous != key
    session.reached = not changes_series and session.pk is not None and session_was_convened(session)
    plans = [_plan(key, moving=session, exclude_pk=session.pk)]
    if changes_series:
        plans.append(_plan(previous, moving=None, exclude_pk=session.pk))
    for plan in plans:
        _write(plan, moving=session)


def session_was_convened(session: Session) -> bool:
    """Whether its convocatoria ever went out (or is on its way): then its title is known to the institutions."""
    return Invitation.objects.filter(session=session).exclude(delivery=Invitation.Delivery.NOT_SENT).exists()


def series_renumber(session: Session) -> None:
    """Number again the series ``session`` belongs to, after it left the count (cancelled); council locked."""
    key = SeriesKey.of(session)
    _write(_plan(key, moving=None, exclude_pk=session.pk), moving=None)

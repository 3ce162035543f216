"""Reads for a council's attendance statistics: per institution, across its held plenary sessions of a period.

Three pictures of the same invitations: the table (one aggregate query, with the
trend between the earlier and the later half of the period's sessions and the
share of suplentes), and the grid of institutions × the period's latest sessions
(one more query). All counts are over held or closed plenary sessions.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from council.models import Council
from sessions_app.models import Invitation, Session
from sessions_app.numbering import session_title

GRID_SESSIONS = 12  # the grid's columns: the period's latest sessions
TREND_STEP = 0.10  # a change of attendance rate smaller than this is "steady"


@dataclass(frozen=True)
class Period:
    """The dates the statistics cover, both included; None leaves that side open."""

    since: dt.date | None = None
    until: dt.date | None = None

    def sessions(self, council: Council):
        held = Session.objects.filter(
            council=council,
            working_group__isnull=True,
            status__in=[Session.Status.HELD, Session.Status.CLOSED],
        )
        if self.since:
            held = held.filter(starts_at__gte=_day_start(self.since))
        if self.until:
            held = held.filter(starts_at__lt=_day_start(self.until + dt.timedelta(days=1)))
        return held


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class AttendanceRow:
    """One institution's attendance across a council's held sessions of the period."""

    institution_id: int
    name: str
    short_name: str
    convened: int
    attended: int
    alternate_attended: int
    earlier_convened: int = 0
    earlier_attended: int = 0

    @property
    def absences(self) -> int:
        return self.convened - self.attended

    @property
    def rate(self) -> float:
        """Share of the sessions it was convened to that it attended, from 0 to 1."""
        return self.attended / self.convened if self.convened else 0.0

    @property
    def rate_percent(self) -> int:
        return round(self.rate * 100)

    @property
    def alternate_share_percent(self) -> int:
        """Of the sessions it attended, the share at which a suplente came instead of the titular."""
        return round(100 * self.alternate_attended / self.attended) if self.attended else 0

    @property
    def trend(self) -> str:
        """ "up", "down" or "steady" from the earlier half of the period to the later; "" with too few sessions."""
        later_convened = self.convened - self.earlier_convened
        if not self.earlier_convened or not later_convened:
            return ""
        earlier = self.earlier_attended / self.earlier_convened
        later = (self.attended - self.earlier_attended) / later_convened
        if later - earlier >= TREND_STEP:
            return "up"
        if earlier - later >= TREND_STEP:
            return "down"
        return "steady"

    @property
    def label(self) -> str:
        return self.short_name or self.name


def _came_instead() -> Q:
    """A suplente "came instead" when the invitation was answered by sending the suplente, or when the person
    who attended is not the titular (the seat's titular, or, invited without a seat, the person convened)."""
    return Q(attended=True) & (
        Q(answer=Invitation.Answer.ALTERNATE)
        | (Q(attendee__isnull=False) & Q(titular__isnull=False) & ~Q(attendee_id=F("titular")))
    )


def _invitations(sessions):
    return Invitation.objects.filter(session__in=sessions).alias(titular=Coalesce("seat__principal_id", "invitee_id"))


@dataclass(frozen=True)
class SessionColumn:
    pk: int
    starts_at: dt.datetime
    title: str


@dataclass
class GridRow:
    """One institution across the grid's sessions: per session "titular", "suplente", "absent" or "" (not convened)."""

    name: str
    label: str
    cells: list[str] = field(default_factory=list)
    columns: list[SessionColumn] = field(default_factory=list)

    @property
    def sessions(self) -> list[tuple[SessionColumn, str]]:
        """Each of the grid's sessions with this institution's cell: a phone lists them under its name."""
        return list(zip(self.columns, self.cells, strict=True))


@dataclass(frozen=True)
class AttendanceStatistics:
    period: Period
    sessions: list[SessionColumn]  # every held session of the period, oldest first
    rows: list[AttendanceRow]
    grid_sessions: list[SessionColumn]  # the latest GRID_SESSIONS of them
    grid: list[GridRow]

    @property
    def grid_is_partial(self) -> bool:
        return len(self.grid_sessions) < len(self.sessions)


def _columns(council: Council, period: Period) -> list[SessionColumn]:
    fields = ("pk", "starts_at", "kind", "number", "year")
    rows = period.sessions(council).order_by("starts_at", "pk").values_list(*fields)
    return [
        SessionColumn(pk, starts_at, session_title(kind, number, year)) for pk, starts_at, kind, number, year in rows
    ]


def _rows(sessions: list[SessionColumn]) -> list[AttendanceRow]:
    """The table: one aggregate query over the given sessions (the trend splits them at the middle one)."""
    if not sessions:
        return []
    ids = [column.pk for column in sessions]
    earlier_ids = ids[: len(ids) // 2]
    attended = Q(attended=True)
    before = Q(session_id__in=earlier_ids) if earlier_ids else Q(pk__in=[])
    rows = (
        _invitations(ids)
        .values("institution_id", "institution__name", "institution__short_name")
        .annotate(
            convened=Count("pk"),
            attended_count=Count("pk", filter=attended),
            alternate_count=Count("pk", filter=_came_instead()),
            earlier_convened=Count("pk", filter=before),
            earlier_attended=Count("pk", filter=before & attended),
        )
        .order_by("institution__name")
    )
    return [
        AttendanceRow(
            institution_id=row["institution_id"],
            name=row["institution__name"],
            short_name=row["institution__short_name"],
            convened=row["convened"],
            attended=row["attended_count"],
            alternate_attended=row["alternate_count"],
            earlier_convened=row["earlier_convened"],
            earlier_attended=row["earlier_attended"],
        )
        for row in rows
    ]


def _grid(columns: list[SessionColumn], rows: list[AttendanceRow]) -> list[GridRow]:
    """Institutions × sessions: who came for each (one query over the grid's sessions)."""
    if not columns:
        return []
    position = {column.pk: index for index, column in enumerate(columns)}
    grid = {row.institution_id: GridRow(row.name, row.label, [""] * len(columns), columns) for row in rows}
    cells = (
        _invitations([column.pk for column in columns])
        .annotate(instead=ExpressionWrapper(_came_instead(), output_field=BooleanField()))
        .values_list("session_id", "institution_id", "attended", "instead")
    )
    for session_id, institution_id, came, instead in cells:
        row = grid.get(institution_id)
        if row is not None:
            row.cells[position[session_id]] = ("suplente" if instead else "titular") if came else "absent"
    return [grid[row.institution_id] for row in rows if any(grid[row.institution_id].cells)]


def attendance_statistics(*, council: Council, period: Period | None = None) -> AttendanceStatistics:
    """The table, the trend and the grid of the period: three queries whatever the council's history."""
    period = period or Period()
    sessions = _columns(council, period)
    rows = _rows(sessions)
    grid_sessions = sessions[-GRID_SESSIONS:]
    return AttendanceStatistics(period, sessions, rows, grid_sessions, _grid(grid_sessions, rows))


def attendance_by_institution(*, council: Council, period: Period | None = None) -> list[AttendanceRow]:
    """Per institution, across the council's plenary sessions held in the period (two queries)."""
    return _rows(_columns(council, period or Period()))

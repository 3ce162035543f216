"""Reads for the start page: upcoming and recent sessions, the secretariat's tasks, answers awaited."""

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import wording
from core.queries import CompiledQuery
from council.models import Seat
from council.permissions import managed_councils, visible_councils
from members.permissions import as_viewer
from sessions_app.models import (
    Agreement,
    Invitation,
    Minutes,
    Session,
)
from sessions_app.permissions import visible_sessions
from sessions_app.selectors.answers import proposals_to_validate
from sessions_app.selectors.sessions import sessions_with_counts

# Drafts starting within this time are among the secretariat's tasks ("convene it").
SOON = timedelta(days=15)


def dashboard_council_ids(viewer) -> list[int]:
    """The councils whose versions the start page follows: those the user sees (``visible_councils``), and those
    where their institution answers for agreements. Every request of the page asks it: the staff of councils who
    answer for no institution see their own councils, known with the viewer; for the others one plain query
    (``_councils_of_institution``): the ORM's union of subqueries cost ~2 ms to plan and compile, for 0.6 of work.
    """
    if viewer.is_admin:
        return sorted(visible_councils(viewer).values_list("pk", flat=True))
    if not viewer.institution_id:
        return sorted(viewer.staff_council_ids)
    with connection.cursor() as cursor:
        cursor.execute(_councils_of_institution_sql(), [viewer.institution_id] * 3)
        return sorted(viewer.staff_council_ids | {row[0] for row in cursor.fetchall()})


@functools.cache
def _councils_of_institution_sql() -> str:
    """The councils where an institution sits (a seat not archived), was convened, or answers for an agreement."""
    q = connection.ops.quote_name
    seat, session, invitation, agreement = (q(m._meta.db_table) for m in (Seat, Session, Invitation, Agreement))
    responsible = Agreement._meta.get_field("responsible")
    through = q(responsible.m2m_db_table())
    by_agreement, by_institution = q(responsible.m2m_column_name()), q(responsible.m2m_reverse_name())
    # Only quoted table and column names of our models are interpolated; every value is a parameter.
    return (
        f"SELECT {q('council_id')} FROM {seat} "  # noqa: S608
        f"WHERE {q('institution_id')} = %s AND {q('archived_at')} IS NULL "
        f"UNION SELECT s.{q('council_id')} FROM {invitation} i JOIN {session} s ON s.{q('id')} = i.{q('session_id')} "
        f"WHERE i.{q('institution_id')} = %s "
        f"UNION SELECT s.{q('council_id')} FROM {through} r JOIN {agreement} a ON a.{q('id')} = r.{by_agreement} "
        f"JOIN {session} s ON s.{q('id')} = a.{q('session_id')} WHERE r.{by_institution} = %s"
    )


def dashboard(*, user, limit: int = 10) -> dict:
    """Upcoming and recent sessions the user may see."""
    now = timezone.now()
    sessions = visible_sessions(user)
    upcoming = sessions.filter(ends_at__gte=now).exclude(status=Session.Status.CANCELLED).order_by("starts_at")
    recent = sessions.filter(ends_at__lt=now).order_by("-starts_at")
    # The ten sessions first, then their counts: counting the invitations of every session a council ever held
    # before keeping ten took 11 ms at national scale, and grew with the history.
    return {
        "upcoming": _counted(upcoming, limit, "starts_at"),
        "recent": _counted(recent, limit, "-starts_at"),
    }


def _counted(sessions, limit: int, order: str) -> list[Session]:
    ids = list(sessions.values_list("pk", flat=True)[:limit])
    return list(sessions_with_counts(Session.objects.filter(pk__in=ids)).order_by(order, "pk"))


@dataclass(frozen=True)
class Task:
    """Something the secretariat has to do: what, how many, where, and how urgent."""

    text: str
    count: int
    url: str
    urgent: bool = False


def proposal_tasks(*, user) -> list[Task]:
    """Suplentes proposed by the institutions, to validate before the upcoming sessions of the user's councils.

    The first of the secretariat's tasks on the start page, and the only ones answers change; the
    ``standing_tasks`` follow.
    """
    viewer = as_viewer(user)
    now = timezone.now()
    tasks: list[Task] = []
    if viewer.is_admin:
        proposals = _PROPOSALS.rows(now)  # no council named: any council
    else:
        proposals = _PROPOSALS.rows(now, *sorted(viewer.staff_council_ids)) if viewer.staff_council_ids else []
    for session_id, starts_at, n in proposals:
        date = wording.long_date(timezone.localtime(starts_at))
        tasks.append(
            Task(
                ngettext(
                    "%(n)d suplente por validar para la sesión del %(date)s",
                    "%(n)d suplentes por validar para la sesión del %(date)s",
                    n,
                )
                % {"n": n, "date": date},
                n,
                reverse("sessions_app:proposals", args=[session_id]),
                urgent=True,
            )
        )
    return tasks


def _proposals_by_session(now, *council_ids) -> QuerySet:
    """The suplentes to validate of upcoming convened sessions (of ``council_ids``, or of any council), by
    session: its id, start and how many, the soonest first (``managed_councils``' councils)."""
    proposals = proposals_to_validate().filter(
        invitation__session__status=Session.Status.CONVENED, invitation__session__ends_at__gte=now
    )
    if council_ids:
        proposals = proposals.filter(invitation__session__council_id__in=council_ids)
    return (
        proposals.values("invitation__session", "invitation__session__starts_at")
        .annotate(n=Count("pk"))
        .order_by("invitation__session__starts_at")
        .values_list("invitation__session", "invitation__session__starts_at", "n")
    )


# Compiled once per number of councils (``core.queries``): asked after every answer by each staff's start page.
_PROPOSALS = CompiledQuery(_proposals_by_session, moment=True)


def standing_tasks(*, user) -> list[Task]:
    """What awaits the secretariat that answers and check-ins do not change, most urgent first."""
    councils = managed_councils(user)
    now = timezone.now()
    tasks: list[Task] = []

    overdue = (
        Agreement.objects.filter(
            session__council__in=councils,
            status__in=Agreement.OPEN_STATUSES,
            due_date__lt=timezone.localdate(),
        )
        .values("session__council", "session__council__short_name")
        .annotate(n=Count("pk"))
        .order_by("session__council__short_name")
    )
    for row in overdue:
        tasks.append(
            Task(
                ngettext(
                    "%(n)d acuerdo vencido en %(council)s",
                    "%(n)d acuerdos vencidos en %(council)s",
                    row["n"],
                )
                % {"n": row["n"], "council": row["session__council__short_name"]},
                row["n"],
                reverse("agreements:tracker", args=[row["session__council"]]) + "?overdue=on",
                urgent=True,
            )
        )

    held = (
        Session.objects.filter(council__in=councils, status=Session.Status.HELD)
        .select_related("council", "working_group", "minutes")
        .order_by("starts_at")
    )
    for session in held:
        minutes = getattr(session, "minutes", None)
        if minutes is None:
            text, url = _("Redactar el acta de la %(title)s"), reverse("sessions_app:minutes_draft", args=[session.pk])
        elif minutes.status == Minutes.Status.DRAFT:
            text, url = _("Circular el acta de la %(title)s"), reverse("sessions_app:minutes", args=[session.pk])
        else:
            text, url = (
                _("Someter a aprobación el acta de la %(title)s en la siguiente sesión"),
                reverse("sessions_app:minutes", args=[session.pk]),
            )
        tasks.append(Task(text % {"title": f"{session.title} ({session.council.short_name})"}, 1, url))

    drafts = (
        Session.objects.filter(council__in=councils, status=Session.Status.DRAFT, starts_at__range=(now, now + SOON))
        .select_related("council", "working_group")
        .order_by("starts_at")
    )
    for session in drafts:
        tasks.append(
            Task(
                _("Convocar la %(title)s (%(council)s), que se celebra el %(date)s")
                % {
                    "title": session.title,
                    "council": session.council.short_name,
                    "date": wording.long_date(session.starts_at),
                },
                1,
                reverse("sessions_app:convene", args=[session.pk]),
                urgent=session.starts_at < now + timedelta(days=5),
            )
        )
    return tasks


def _pending(now, institution_id) -> QuerySet:
    return Invitation.objects.filter(
        institution_id=institution_id,
        answer=Invitation.Answer.PENDING,
        session__status=Session.Status.CONVENED,
        session__ends_at__gte=now,
    ).order_by("session__starts_at", "pk")


_PENDING_IDS = CompiledQuery(lambda now, institution_id: _pending(now, institution_id).values_list("pk"), moment=True)


def pending_invitation_ids(*, institution_id: int | None) -> list[int]:
    """Which invitations of the delegate's institution are still to be answered, soonest first (compiled once:
    ``core.queries``; asked after every answer by each delegate's start page)."""
    if not institution_id:
        return []
    return [pk for (pk,) in _PENDING_IDS.rows(timezone.now(), institution_id)]


def pending_invitations(*, institution_id: int | None) -> list[Invitation]:
    """Invitations of the delegate's institution still to be answered, with their sessions, soonest first."""
    if not institution_id:
        return []
    return list(_pending(timezone.now(), institution_id).select_related("session__council", "session__working_group"))

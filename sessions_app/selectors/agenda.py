"""Reads about the orden del día: its schedule, annexes and the agreements it follows up."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

from core.wording import with_article, with_preposition
from council.models import WorkingGroup
from sessions_app.models import (
    AgendaItem,
    Agreement,
    AgreementUpdate,
    Document,
    Session,
)


def follow_up_agreements(session: Session) -> QuerySet[Agreement]:
    """The open agreements of the same body's earlier sessions: the "Seguimiento de acuerdos" item's content.

    The same body means the council's plenary for a plenary session, the
    working group for one of its sessions. Open means pending or in progress
    today; they are listed oldest first, each with its session, its
    responsible institutions and its latest reported progress.
    """
    return (
        Agreement.objects.filter(
            session__council_id=session.council_id,
            session__working_group_id=session.working_group_id,
            session__starts_at__lt=session.starts_at,
            status__in=Agreement.OPEN_STATUSES,
        )
        .select_related("session__working_group", "agenda_item")
        .prefetch_related(
            "responsible",
            Prefetch(
                "updates",
                queryset=AgreementUpdate.objects.select_related("institution").order_by("-created_at", "-pk"),
                to_attr="update_list",
            ),
        )
        .order_by("session__starts_at", "sequence")
    )


@dataclass(frozen=True)
class GroupReport:
    """What a working group reports to the plenary: its sessions held, and their agreements, since its last report.

    ``previous`` is the earlier plenary session where the group last reported (None: it never did, and the
    report covers everything since the group was formed).
    """

    group: WorkingGroup
    previous: Session | None
    sessions: list[Session]
    agreements: list[Agreement]

    @property
    def of_group(self) -> str:
        """ "del Grupo de Trabajo de …", "de la Mesa de …": the group's name after "Informe"."""
        return with_preposition("de", with_article(self.group.name))

    @property
    def rows(self) -> list[tuple[Session, list[Agreement]]]:
        """Each session of the group with its own agreements."""
        return [
            (session, [agreement for agreement in self.agreements if agreement.session_id == session.pk])
            for session in self.sessions
        ]


def attach_group_reports(session: Session, items: list[AgendaItem]) -> None:
    """Give each group-report item of ``session`` its ``group_report`` (``GroupReport``), in four queries at most.

    The report lists the group's held (or closed) sessions dated before this one and after the last
    plenary session (not cancelled) where an item reported that group, and the agreements of those
    sessions, oldest first.
    """
    reports = [item for item in items if item.kind == AgendaItem.Kind.GROUP_REPORT and item.working_group_id]
    if not reports:
        return
    group_ids = {item.working_group_id for item in reports}
    groups = {group.pk: group for group in WorkingGroup.objects.filter(pk__in=group_ids)}
    previous: dict[int, Session] = {}
    earlier = (
        AgendaItem.objects.filter(
            kind=AgendaItem.Kind.GROUP_REPORT,
            working_group_id__in=group_ids,
            session__council_id=session.council_id,
            session__working_group__isnull=True,
            session__starts_at__lt=session.starts_at,
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session")
        .order_by("-session__starts_at")
    )
    for item in earlier:
        previous.setdefault(item.working_group_id, item.session)
    held = list(
        Session.objects.filter(
            working_group_id__in=group_ids,
            starts_at__lt=session.starts_at,
            status__in=(Session.Status.HELD, Session.Status.CLOSED),
        )
        .select_related("working_group")
        .order_by("starts_at", "pk")
    )
    held = [
        each
        for each in held
        if each.working_group_id not in previous or each.starts_at > previous[each.working_group_id].starts_at
    ]
    agreements = list(Agreement.objects.filter(session__in=held).order_by("session__starts_at", "sequence"))
    for item in reports:
        group_id = item.working_group_id
        sessions = [each for each in held if each.working_group_id == group_id]
        session_ids = {each.pk for each in sessions}
        item.group_report = GroupReport(
            group=groups[group_id],
            previous=previous.get(group_id),
            sessions=sessions,
            agreements=[agreement for agreement in agreements if agreement.session_id in session_ids],
        )


@dataclass(frozen=True)
class AgendaSchedule:
    """The agenda with each item's projected start and end, from the session's start and the durations."""

    items: list[AgendaItem]
    projected_end: datetime
    scheduled_end: datetime

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the agenda runs past the session's scheduled end (0 when it fits)."""
        return max(int((self.projected_end - self.scheduled_end).total_seconds() // 60), 0)


def agenda_schedule(*, session: Session) -> AgendaSchedule:
    """The agenda editor's items: presenters, how many agreements and active annexes each has, projected times."""
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("presenter_institution", "presenter")
        .annotate(
            agreement_count=Count("agreements", distinct=True),
            document_count=Count("documents", distinct=True),
            annex_count=Count(
                "documents",
                filter=Q(documents__kind=Document.Kind.ANNEX, documents__archived_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("order")
    )
    attach_group_reports(session, items)
    clock = session.starts_at
    for item in items:
        item.projected_start = clock
        clock = clock + timedelta(minutes=item.duration_minutes)
        item.projected_end = clock
    return AgendaSchedule(items=items, projected_end=clock, scheduled_end=session.ends_at)


def item_annexes(*, item: AgendaItem) -> dict:
    """An agenda item's annexes: the current ones, and the archived ones kept for the record."""
    documents = list(
        Document.objects.filter(agenda_item=item, kind=Document.Kind.ANNEX)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )
    return {
        "annexes": [document for document in documents if document.archived_at is None],
        "archived": [document for document in documents if document.archived_at is not None],
    }

"""Reads about the orden del día: its schedule, annexes and the agreements it follows up."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

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
        .select_related("session", "agenda_item")
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

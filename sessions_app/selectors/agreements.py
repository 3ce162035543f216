"""Reads about agreements: the tracker, its summary, an institution's agreements, one agreement."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sessions_app.models import (
    Agreement,
    AgreementUpdate,
)


def last_update_at_subquery():
    latest = AgreementUpdate.objects.filter(agreement=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values("created_at")[:1])


def agreements_for_tracker(*, council) -> QuerySet[Agreement]:
    """Every agreement of a council (plenary and working groups), newest session first, for the tracker and its CSV."""
    return (
        Agreement.objects.filter(session__council=council)
        .select_related("session__working_group", "agenda_item")
        .prefetch_related("responsible")
        .annotate(last_update_at=last_update_at_subquery())
        .order_by("-session__starts_at", "sequence")
    )


def tracker_summary(*, council) -> dict:
    """How many agreements the council has in each state, and how many open ones are overdue."""
    today = timezone.localdate()
    counts = Agreement.objects.filter(session__council=council).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Agreement.OPEN_STATUSES)),
        pending=Count("pk", filter=Q(status=Agreement.Status.PENDING)),
        in_progress=Count("pk", filter=Q(status=Agreement.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(status__in=Agreement.OPEN_STATUSES, due_date__lt=today)),
        fulfilled=Count("pk", filter=Q(status=Agreement.Status.FULFILLED)),
        cancelled=Count("pk", filter=Q(status=Agreement.Status.CANCELLED)),
    )
    return counts


def overdue_by_institution(*, council, limit: int = 10) -> list[dict]:
    """The institutions with the most overdue agreements of the council (one aggregate query): id, name, count."""
    today = timezone.localdate()
    rows = (
        Agreement.responsible.through.objects.filter(
            agreement__session__council=council,
            agreement__status__in=Agreement.OPEN_STATUSES,
            agreement__due_date__lt=today,
        )
        .values("institution_id", "institution__name", "institution__short_name")
        .annotate(overdue=Count("agreement_id"))
        .order_by("-overdue", "institution__name")[:limit]
    )
    return [
        {
            "id": row["institution_id"],
            "name": row["institution__name"],
            "label": row["institution__short_name"] or row["institution__name"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def status_bar(summary: dict) -> list[dict]:
    """The tracker's stacked bar: each status's share of the council's agreements, overdue apart from the open."""
    total = summary["total"] or 0
    parts = [
        ("overdue", summary["overdue"]),
        ("open", summary["open"] - summary["overdue"]),
        ("fulfilled", summary["fulfilled"]),
        ("cancelled", summary["cancelled"]),
    ]
    bar, start = [], 0.0
    for key, count in parts:
        share = 100 * count / total if total else 0
        if count:
            bar.append({"key": key, "count": count, "x": round(start, 2), "width": round(share, 2)})
        start += share
    return bar


def institution_agreements(*, institution_id: int, open_only: bool = False) -> QuerySet[Agreement]:
    """The agreements an institution is responsible for, the nearest due date first."""
    agreements = Agreement.objects.filter(responsible=institution_id)
    if open_only:
        agreements = agreements.filter(status__in=Agreement.OPEN_STATUSES)
    return (
        agreements.select_related("session__council", "session__working_group")
        .prefetch_related("responsible")
        .annotate(last_update_at=last_update_at_subquery())
        .order_by(F("due_date").asc(nulls_last=True), "session__starts_at", "sequence")
    )


def institution_agreement_councils(*, institution_id: int | None) -> list[int]:
    """The councils in which an institution answers for agreements (whose versions its pages follow)."""
    if not institution_id:
        return []
    councils = (
        Agreement.objects.filter(responsible=institution_id).order_by().values_list("session__council_id", flat=True)
    )
    return sorted(set(councils.distinct()))


def institution_agreements_panel(*, institution_id: int | None, limit: int = 10) -> dict:
    """The dashboard's "Acuerdos de mi institución": the first open ones and how many there are."""
    if not institution_id:
        return {"my_agreements": [], "my_agreements_open": 0}
    agreements = institution_agreements(institution_id=institution_id, open_only=True)
    return {"my_agreements": list(agreements[:limit]), "my_agreements_open": agreements.count()}


def agreement_detail(*, agreement: Agreement) -> dict:
    """An agreement's page: its responsible institutions and its dated history of progress and status changes."""
    updates = AgreementUpdate.objects.filter(agreement=agreement).select_related("institution", "author")
    return {"responsible": list(agreement.responsible.order_by("name")), "updates": list(updates)}

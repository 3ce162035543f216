"""Reads for a council's attendance statistics: per institution, across its held plenary sessions."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from council.models import Council
from sessions_app.models import Invitation, Session


@dataclass(frozen=True)
class AttendanceRow:
    """One institution's attendance across a council's held sessions."""

    institution_id: int
    name: str
    short_name: str
    convened: int
    attended: int
    alternate_attended: int

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
    def label(self) -> str:
        return self.short_name or self.name


def attendance_by_institution(*, council: Council) -> list[AttendanceRow]:
    """Per institution, across the council's plenary sessions that were held (or closed): one aggregate query.

    A suplente "came instead" when the invitation was answered by sending the
    suplente, or when the person who attended is not the titular (the seat's
    titular, or for an institution invited without a seat, the person convened).
    """
    attended = Q(attended=True)
    came_instead = attended & (
        Q(answer=Invitation.Answer.ALTERNATE)
        | (Q(attendee__isnull=False) & Q(titular__isnull=False) & ~Q(attendee_id=F("titular")))
    )
    rows = (
        Invitation.objects.filter(
            session__council=council,
            session__working_group__isnull=True,
            session__status__in=[Session.Status.HELD, Session.Status.CLOSED],
        )
        .alias(titular=Coalesce("seat__principal_id", "invitee_id"))
        .values("institution_id", "institution__name", "institution__short_name")
        .annotate(
            convened=Count("pk"),
            attended_count=Count("pk", filter=attended),
            alternate_count=Count("pk", filter=came_instead),
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
        )
        for row in rows
    ]

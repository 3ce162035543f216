"""Reads for the day of the session: the attendance register."""

from core.queries import CompiledQuery
from sessions_app.models import (
    Invitation,
    Session,
)
from sessions_app.selectors.convocation import alternates_prefetch

# What an answer or a check-in changes in a row of the register (the rest follows the council and the directory).
ROW_STATE_FIELDS = ("answer", "attended", "arrived_at", "attendee_id", "invitee_id", "seat_id", "has_vote", "role")


def checkin_order(invitations):
    return invitations.order_by("-has_vote", "institution__name", "pk")


_STATES = CompiledQuery(
    lambda session_id: checkin_order(Invitation.objects.filter(session_id=session_id)).values_list(
        "pk", *ROW_STATE_FIELDS
    )
)


def checkin_states(*, session: Session) -> list[tuple]:
    """Each invitation's primary key and what answers and check-ins change in its row, in the register's order
    (compiled once: ``core.queries``)."""
    return _STATES.rows(session.pk)


def checkin_list(*, session: Session, pks: list[int] | None = None) -> list[Invitation]:
    """Every invitation (or those of ``pks``) with the people who may come for it: titular, suplentes, whoever the
    answer named."""
    invitations = Invitation.objects.filter(session=session)
    if pks is not None:
        invitations = invitations.filter(pk__in=pks)
    invitations = list(
        checkin_order(invitations)
        .select_related("institution", "invitee", "attendee", "seat")
        .prefetch_related(alternates_prefetch())
    )
    for invitation in invitations:
        alternates = [link.person for link in invitation.seat.alternate_list] if invitation.seat_id else []
        invitation.alternate_people = [p for p in alternates if p.is_active and p.pk != invitation.invitee_id]
    return invitations

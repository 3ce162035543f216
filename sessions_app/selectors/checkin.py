"""Reads for the day of the session: the attendance register."""

from sessions_app.models import (
    Invitation,
    Session,
)
from sessions_app.selectors.convocation import alternates_prefetch


def checkin_list(*, session: Session) -> list[Invitation]:
    """Every invitation with the people who may come for it: titular, suplentes, whoever the answer named."""
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "invitee", "attendee", "seat")
        .prefetch_related(alternates_prefetch())
        .order_by("-has_vote", "institution__name")
    )
    for invitation in invitations:
        alternates = [link.person for link in invitation.seat.alternate_list] if invitation.seat_id else []
        invitation.alternate_people = [p for p in alternates if p.is_active and p.pk != invitation.invitee_id]
    return invitations

"""Reads about the acta: what it is drafted from, earlier versions, its page."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from council.models import Seat
from sessions_app.models import (
    AgendaItem,
    Agreement,
    Ballot,
    Invitation,
    Minutes,
    MinutesComment,
    Session,
)

# One order of the institutions in every document that lists them (the acta's text, its signatures, the
# lista de asistencia, the convocatoria): those with vote first, then the council's seat order.
ATTENDANCE_ORDER = ("-has_vote", "seat__order", "institution__name")


def attendance_standing(invitation: Invitation, person) -> str:
    """In what capacity ``person`` sits for the invitation's seat: "titular", "alternate" or "representative".

    From the seat as the council registered it (its titular, its suplentes): whoever came is a suplente
    only if registered as one, and a person the seat does not know represents the institution. A guest
    convened for this session only has no seat: the person convened is its titular. Needs
    ``seat__alternates`` prefetched.
    """
    seat = invitation.seat
    if person is None:
        return ""
    if seat is None:
        return "titular" if person.pk == invitation.invitee_id else "representative"
    if person.pk == seat.principal_id:
        return "titular"
    if any(alternate.pk == person.pk for alternate in seat.alternates.all()):
        return "alternate"
    return "representative"


CAPACITIES = {"titular": _("Titular"), "alternate": _("Suplente"), "representative": _("Representante")}


def attendance_capacity(invitation: Invitation, person) -> str:
    """The capacity as documents print it: "Titular", "Suplente" or "Representante" (``attendance_standing``)."""
    return CAPACITIES.get(attendance_standing(invitation, person), "")


def minutes_source(*, session: Session) -> dict:
    """Everything the acta's draft tells: attendance and quorum, each item with its notes, vote and agreements."""
    session = Session.objects.select_related("council", "working_group").get(pk=session.pk)
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "attendee", "invitee", "seat")
        .prefetch_related("seat__alternates")
        .order_by(*ATTENDANCE_ORDER)
    )
    for invitation in invitations:
        invitation.is_presidency = (
            invitation.seat_id and invitation.seat.role == Seat.Role.PRESIDENCY
        ) or invitation.institution_id == session.council.presiding_institution_id
        invitation.standing = attendance_standing(invitation, invitation.attendee) if invitation.attended else ""
    ballots = Prefetch(
        "vote__ballots",
        queryset=Ballot.objects.select_related("invitation__institution").order_by("invitation__institution__name"),
    )
    agreements = Prefetch("agreements", queryset=Agreement.objects.prefetch_related("responsible").order_by("sequence"))
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("vote", "presenter_institution", "presenter")
        .prefetch_related(ballots, agreements)
        .order_by("order")
    )
    for item in items:
        item.outcome = item.vote if hasattr(item, "vote") else None
        if item.outcome is not None:
            groups = {choice: [] for choice in Ballot.Choice.values}
            for ballot in item.outcome.ballots.all():
                groups[ballot.choice].append(ballot.invitation.institution.name)
            item.outcome.names_for = groups[Ballot.Choice.FOR]
            item.outcome.names_against = groups[Ballot.Choice.AGAINST]
            item.outcome.names_abstaining = groups[Ballot.Choice.ABSTENTION]
    loose = list(
        Agreement.objects.filter(session=session, agenda_item__isnull=True)
        .prefetch_related("responsible")
        .order_by("sequence")
    )
    return {
        "session": session,
        "council": session.council,
        "voting_present": [i for i in invitations if i.has_vote and i.attended],
        "voting_absent": [i for i in invitations if i.has_vote and not i.attended],
        "others_present": [i for i in invitations if not i.has_vote and i.attended],
        "agenda": items,
        "loose_agreements": loose,
    }


def previous_minutes(*, session: Session) -> list[Minutes]:
    """The actas the session may approve, or approved: earlier sessions of the same body, not yet approved elsewhere."""
    return list(
        Minutes.objects.filter(
            session__council_id=session.council_id,
            session__working_group_id=session.working_group_id,
            session__starts_at__lt=session.starts_at,
        )
        .filter(Q(approved_at_session=session) | ~Q(status=Minutes.Status.APPROVED))
        .select_related("session__working_group")
        .order_by("-session__starts_at")
    )


def minutes_page(*, session: Session, institution_id: int | None = None) -> dict:
    """The acta's page: the acta (if drafted), its comments (a delegate sees their institution's) and approval."""
    minutes = Minutes.objects.filter(session=session).select_related("approved_at_session").first()
    comments = []
    if minutes is not None:
        comments = MinutesComment.objects.filter(minutes=minutes).select_related("institution", "author")
        if institution_id is not None:
            comments = comments.filter(institution_id=institution_id)
        comments = list(comments)
    return {"minutes": minutes, "comments": comments}

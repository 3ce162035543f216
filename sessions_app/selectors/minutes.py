"""Reads about the acta: what it is drafted from, earlier versions, its page."""

from django.core.exceptions import ValidationError
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
    Vote,
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
    session = Session.objects.select_related(
        "council", "working_group", "presiding_person__institution", "secretariat_person__institution"
    ).get(pk=session.pk)
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
    minutes = list(
        Minutes.objects.filter(
            session__council_id=session.council_id,
            session__working_group_id=session.working_group_id,
            session__starts_at__lt=session.starts_at,
        )
        .filter(Q(approved_at_session=session) | ~Q(status=Minutes.Status.APPROVED))
        .select_related("session__working_group")
        .order_by("-session__starts_at")
    )
    # Each carries whether its approval may be recorded at this session now (the page offers it only then).
    facts = approval_facts(session) if any(not m.is_locked for m in minutes) else {}
    for one in minutes:
        refusal = None if one.is_locked else minutes_approval_refusal(minutes=one, at_session=session, **facts)
        one.approvable = not one.is_locked and refusal is None
    return minutes


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


def approval_item(session: Session) -> AgendaItem | None:
    """The session's "Aprobación del acta anterior" item, if its agenda has one."""
    return session.agenda_items.filter(kind=AgendaItem.Kind.MINUTES_APPROVAL).order_by("order").first()


def approval_facts(at_session: Session) -> dict:
    """What the approval of an acta at ``at_session`` depends on there: its approval item and that item's vote."""
    item = approval_item(at_session)
    vote = Vote.objects.filter(agenda_item=item).first() if item is not None else None
    return {"item": item, "vote": vote}


def minutes_approval_refusal(
    *, minutes: Minutes, at_session: Session, item: AgendaItem | None, vote: Vote | None
) -> ValidationError | None:
    """Why the acta cannot be recorded as approved at ``at_session`` now, or None if it can.

    The one rule of the approval: the session page offers "Registrar su aprobación" only when this is None,
    and ``services.minutes.minutes_approve`` raises what it returns. ``item`` and ``vote`` come from
    ``approval_facts(at_session)``; nothing here queries.
    """
    session = minutes.session
    if minutes.is_locked:
        return ValidationError(_("El acta ya fue aprobada: no se modifica."), code="minutes_locked")
    if minutes.status != Minutes.Status.CIRCULATED:
        return ValidationError(
            _("Circule el acta entre los integrantes antes de someterla a aprobación."), code="not_circulated"
        )
    same_body = at_session.council_id == session.council_id and at_session.working_group_id == session.working_group_id
    if not same_body or at_session.starts_at <= session.starts_at:
        return ValidationError(
            _("El acta se aprueba en una sesión posterior del mismo órgano."), code="not_a_later_session"
        )
    if item is None:
        return ValidationError(
            _("La %(title)s no tiene en su orden del día el punto «Aprobación del acta anterior»."),
            code="no_approval_item",
            params={"title": at_session.title},
        )
    if not at_session.records_outcomes:
        return ValidationError(
            _("La aprobación se registra durante o después de la %(title)s."),
            code="approving_session_not_started",
            params={"title": at_session.title},
        )
    if not at_session.quorum_met:
        return ValidationError(
            _("Sin quórum declarado en la %(title)s no se aprueba el acta."),
            code="no_quorum",
            params={"title": at_session.title},
        )
    if vote is not None and vote.result != Vote.Result.APPROVED:
        return ValidationError(
            _("La votación del punto «%(item)s» no aprobó el acta."), code="vote_rejected", params={"item": item.title}
        )
    return None

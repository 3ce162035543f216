"""Reads for the convocation: its status page, the guests, the letters and messages sent."""

import datetime as dt
import unicodedata
from typing import NamedTuple

from django.db.models import Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import wording
from core.queries import CompiledQuery
from council.models import Council, Seat, SeatAlternate, WorkingGroup
from members.models import Institution
from sessions_app.models import (
    AgendaItem,
    Invitation,
    InvitationAnswer,
    Session,
)
from sessions_app.selectors.quorum import quorum_and_gauge


def alternates_prefetch() -> Prefetch:
    return Prefetch(
        "seat__alternate_links",
        queryset=SeatAlternate.objects.select_related("person").order_by("order", "pk"),
        to_attr="alternate_list",
    )


def invitation_for_message(*, invitation_id: int) -> Invitation:
    """One invitation with everything its e-mail shows: session, council, people, the seat's suplentes."""
    invitation = (
        Invitation.objects.select_related(
            "session__council__secretariat_institution",
            "session__working_group",
            "institution",
            "invitee",
            "attendee",
            "seat",
        )
        .prefetch_related(alternates_prefetch())
        .get(pk=invitation_id)
    )
    invitation.alternate_list = invitation.seat.alternate_list if invitation.seat_id else []
    return invitation


def signer_seat(council: Council) -> Seat | None:
    """The technical secretariat's seat, whose titular signs the convocation (and never receives a letter)."""
    return (
        Seat.objects.active()
        .filter(council=council, institution_id=council.secretariat_institution_id)
        .select_related("principal", "institution")
        .first()
    )


def letter_invitations(*, session: Session) -> QuerySet[Invitation]:
    """The invitations that get a convocation letter, in the letters' order: every one but the signer's own.

    The technical secretariat convenes; it does not write to itself.
    """
    return (
        Invitation.objects.filter(session=session)
        .exclude(institution_id=session.council.secretariat_institution_id)
        .order_by("-has_vote", "role", "seat__order", "institution__name", "pk")
    )


def convocation_date(session: Session, *, sent: list[dt.datetime] | None = None) -> dt.date:
    """The convocation's own date: the day its first letter went out; for one not sent yet, today, but never
    after the session (a past session recorded without sending is dated its own day, not the day it is printed).

    ``sent`` (the invitations' ``sent_at``, when the caller has them) spares the query. The one place
    that says it. The date the session records (``Session.convened_on``: set when it is convened, or typed
    when a past session is recorded) comes first.
    """
    if session.convened_on:
        return session.convened_on
    if sent is None:
        first = Invitation.objects.filter(session=session).aggregate(first=Min("sent_at"))["first"]
    else:
        first = min((moment for moment in sent if moment), default=None)
    if first:
        return timezone.localtime(first).date()
    return min(timezone.localdate(), timezone.localtime(session.starts_at).date())


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _post_names(post: str, name: str) -> bool:
    """Whether a post names its institution already: "Secretaria de Salud" for "Secretaría de Salud",
    "Secretario General de Gobierno" for "Secretaría General de Gobierno" (the head's title from the office's)."""
    words = _plain(name).split()
    if not post or len(words) < 2:
        return False
    stem, rest = words[0][:-1], " ".join(words[1:])
    plain = _plain(post)
    return plain.startswith(stem) and f" {rest}" in plain


def addressee(invitation: Invitation) -> dict:
    """Whom a letter is addressed to, line by line: the person with their title, their post, their institution.

    A person without a title is "C." (as an office writes to any citizen). A sector ("Sociedad civil",
    "Alcaldes y alcaldesas de la zona norte") is not an institution: its representative's post says whom
    they speak for, and without a person the letter goes to the sector's representation. A municipal
    body carries its municipality ("Presidencia Municipal de San Pedro Garza García"). A post that names
    the institution ("Secretaria de Salud") is not followed by the same name again.
    """
    institution = invitation.institution
    person = invitation.invitee
    name = f"{person.honorific or _('C.')} {person.full_name}" if person else ""
    post = person.post if person else ""
    line = institution.name
    if wording.is_collective(institution.name):
        words = institution.name.split()
        sector = wording.lower_first(institution.name)
        article = wording.article_for(words[0])
        line = "" if person else _("Representación de %(sector)s") % {"sector": f"{article} {sector}".strip()}
    elif _post_names(post, institution.name):
        line = ""  # "Secretaria de Salud" already says "Secretaría de Salud"
    elif (
        institution.government_order == Institution.GovernmentOrder.MUNICIPAL
        and institution.municipality
        and institution.municipality.lower() not in institution.name.lower()
    ):
        line = _("%(name)s de %(municipality)s") % {"name": institution.name, "municipality": institution.municipality}
    return {"name": name, "post": post, "institution": line, "gender": person.gender if person else ""}


def agenda_for_message(*, session: Session) -> list[AgendaItem]:
    """The orden del día as the e-mails and the answer page list it."""
    return list(AgendaItem.objects.filter(session=session).select_related("presenter_institution").order_by("order"))


def guest_invitations(*, session: Session) -> QuerySet[Invitation]:
    """The institutions invited to this session only (no seat in the council)."""
    return (
        Invitation.objects.filter(session=session, seat__isnull=True)
        .select_related("institution", "invitee")
        .order_by("institution__name")
    )


def _answers_newest_first() -> QuerySet[InvitationAnswer]:
    return InvitationAnswer.objects.order_by("-created_at", "-pk")


def convocation_status(*, session: Session) -> dict:
    """The live view of a convocation: invitations grouped by answer and delivery, and the quorum with its gauge.

    Before the session, the quorum is projected from the answers; once it is held, it is the attendance taken.
    Each invitation carries its current answer (``current_answer``: its comment, who recorded it) and, when a
    suplente proposed by name awaits validation, that proposal (``proposal``).
    """
    return _status(session, convocation_invitations(session=session))


def convocation_invitations(*, session: Session, pks: list[int] | None = None) -> list[Invitation]:
    """The invitations of the live view (or those of ``pks``), each with ``current_answer`` and ``proposal``."""
    answers = Prefetch("answers", queryset=_answers_newest_first().select_related("answered_by"), to_attr="answer_list")
    invitations = Invitation.objects.filter(session=session)
    if pks is not None:
        invitations = invitations.filter(pk__in=pks)
    invitations = list(
        invitations.select_related("institution", "invitee", "attendee")
        .prefetch_related(answers)
        .order_by("-has_vote", "institution__name", "pk")
    )
    for invitation in invitations:
        invitation.current_answer = invitation.answer_list[0] if invitation.answer_list else None
        awaiting = invitation.answer == Invitation.Answer.ALTERNATE and not invitation.attendee_id
        open_proposals = [a for a in invitation.answer_list if _is_open_proposal(a)]
        invitation.proposal = open_proposals[0] if awaiting and open_proposals else None
    return invitations


class LiveRowState(NamedTuple):
    """What answers, reminders and deliveries change in a row of the live view (the rest of the row is the
    council's and the directory's: the content version), and what groups and counts it."""

    pk: int
    answer: str
    answered_at: dt.datetime | None
    delivery: str
    delivery_error: str
    reminded_at: dt.datetime | None
    attendee_id: int | None
    invitee_id: int | None
    has_vote: bool
    attended: bool
    current_answer_id: int | None
    open_proposal_id: int | None

    @property
    def proposal(self) -> int | None:
        """The suplente proposed by name to validate (``convocation_invitations``' ``proposal``), by its id."""
        awaiting = self.answer == Invitation.Answer.ALTERNATE and not self.attendee_id
        return self.open_proposal_id if awaiting else None


def _states(session_id: int) -> QuerySet:
    answers = _answers_newest_first().filter(invitation=OuterRef("pk")).values("pk")
    open_proposals = answers.filter(~Q(proposed_name=""), validated=False, attendee__isnull=True)
    return (
        Invitation.objects.filter(session_id=session_id)
        .annotate(current_answer_id=Subquery(answers[:1]), open_proposal_id=Subquery(open_proposals[:1]))
        .order_by("-has_vote", "institution__name", "pk")
        .values_list(*LiveRowState._fields)
    )


_STATES = CompiledQuery(_states)


def convocation_states(*, session: Session) -> list[LiveRowState]:
    """Each invitation's row state, in the live view's order: one query (compiled once: ``core.queries``), no
    model instances."""
    return [LiveRowState(*row) for row in _STATES.rows(session.pk)]


def convocation_summary(*, session: Session, states: list[LiveRowState], preparing: int | None = None) -> dict:
    """``convocation_status`` from the rows' states: the groups hold states, the counts and quorum are the same.

    ``preparing``: ``seats_preparing`` when it was read already (it follows the content version only)."""
    return _status(session, states, preparing=preparing)


def seats_preparing(*, session: Session) -> int:
    """How many seats of a convened session still wait for their invitation (the worker is writing them)."""
    return pending_seats(session=session).count() if session.status == Session.Status.CONVENED else 0


def _status(session: Session, rows: list, *, preparing: int | None = None) -> dict:
    groups = {key: [] for key in ("confirmed", "alternate", "declined", "pending", "not_reached")}
    for row in rows:
        groups[answer_group(row)].append(row)
    held = session.has_been_held
    projected, gauge = quorum_and_gauge(session=session, projected=not held)
    return {
        "groups": groups,
        "total": len(rows),
        "queued": sum(1 for row in rows if row.delivery == Invitation.Delivery.QUEUED),
        "sent": sum(1 for row in rows if row.delivery == Invitation.Delivery.SENT),
        "held": held,
        "attended": sum(1 for row in rows if row.attended),
        "projected": projected,
        "gauge": gauge,
        "preparing": seats_preparing(session=session) if preparing is None else preparing,
        "proposals_pending": sum(1 for row in rows if row.proposal),
        "can_record_answers": session.accepts_answers,
        "can_resend": session.resends_convocations,
    }


def answer_group(row) -> str:
    """The live view's group of an invitation (or of its row state): its answer, or pending and not reached."""
    if row.answer == Invitation.Answer.PENDING:
        return "not_reached" if _not_reached(row) else "pending"
    return row.answer


def _is_open_proposal(answer: InvitationAnswer) -> bool:
    """A suplente proposed by name and not yet validated (``pending_proposals``' rule, on a loaded answer)."""
    return bool(answer.proposed_name) and not answer.validated and answer.attendee_id is None


def _not_reached(row) -> bool:
    """Its convocation failed, is failing, or was never sent: the institution does not know of the session."""
    delivery = row.delivery
    return (
        delivery in (Invitation.Delivery.FAILED, Invitation.Delivery.NOT_SENT)
        or delivery == Invitation.Delivery.QUEUED
        and bool(row.delivery_error)
    )


def session_day(session: Session):
    """The session's date in Mexico: the day its seats must be valid on."""
    return timezone.localtime(session.starts_at).date()


def _of_the_body(seats: QuerySet[Seat], *, council_id: int, working_group: WorkingGroup | None) -> QuerySet[Seat]:
    """The council's seats, or a working group's: those of its member and coordinating institutions."""
    seats = seats.filter(council_id=council_id)
    if working_group is not None:
        members = WorkingGroup.members.through.objects.filter(workinggroup_id=working_group.pk).values("institution_id")
        seats = seats.filter(Q(institution_id__in=members) | Q(institution_id=working_group.coordinator_id))
    return seats.select_related("institution", "principal").order_by("order", "institution__name")


def _body(session: Session) -> dict:
    return {
        "council_id": session.council_id,
        "working_group": session.working_group if session.working_group_id else None,
    }


def body_seats(*, council_id: int, working_group: WorkingGroup | None, day: dt.date) -> QuerySet[Seat]:
    """The seats a session of the council (or of ``working_group``) on ``day`` convenes: those valid that day.

    The one rule of who is convened: the convocation asks it of a session, and the record of a held session
    asks it before the session exists, to offer in its form only the seats its service accepts.
    """
    return _of_the_body(Seat.objects.active(on=day), council_id=council_id, working_group=working_group)


def convocation_seats(*, session: Session) -> QuerySet[Seat]:
    """The seats a session convenes: those valid on the session's date (a working group's: its institutions')."""
    return body_seats(**_body(session), day=session_day(session))


def seats_out_of_date(*, session: Session) -> list[Seat]:
    """The body's seats not valid on the session's date: those that start later and those that ended before.

    Each carries ``starts_later`` (True when its validity begins after the session), so the page says which.
    """
    day = session_day(session)
    seats = list(_of_the_body(Seat.objects.not_valid_on(day), **_body(session)))
    for seat in seats:
        seat.starts_later = seat.valid_from is not None and seat.valid_from > day
    return seats


def pending_seats(*, session: Session) -> QuerySet[Seat]:
    """The seats the session convenes that have no invitation yet."""
    return convocation_seats(session=session).exclude(institution_id__in=session.invitations.values("institution_id"))

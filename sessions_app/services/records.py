"""Sessions recorded afterwards: a session already held, entered with its attendance and quorum, without convening.

The secretariat often keeps the record of a session held weeks or months ago
(the seed's nota is about one). ``session_record_held`` writes it in one
transaction through the same services as a session run in the app: the
session is scheduled (``session_create``, which numbers it), every seat valid
on its date gets an invitation that is never sent (no e-mail), each arrival is
checked in (``checkin``), the quorum is declared as it was (``quorum``), and
the session is left Celebrada. Its items' notes, votes and agreements are then
recorded on its pages as for any session. ``session_correct_times`` corrects a
held session's times afterwards; the history keeps what they were.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core.concurrency import STALE, STALE_MESSAGE, version_of
from core.wording import clock_time
from council.models import Council, Seat, WorkingGroup
from members.models import Institution, Person
from sessions_app.models import Invitation, InvitationAnswer, Session
from sessions_app.selectors.convocation import convocation_seats
from sessions_app.services import checkin
from sessions_app.services.answers import NewPerson
from sessions_app.services.quorum import QUORUM_TIME_MESSAGE, session_declare_quorum
from sessions_app.services.sessions import session_apply_dates, session_create

Answer = Invitation.Answer


@dataclass(frozen=True)
class SeatAttendance:
    """Who came for one seat: a registered person or a new one, as suplente or not, and when (optional)."""

    seat: Seat
    person: Person | None = None
    new_person: NewPerson | None = None
    as_alternate: bool = False
    arrived_at: dt.datetime | None = None


@dataclass(frozen=True)
class GuestAttendance:
    """An institution invited to this session only that was present, and who came for it."""

    institution: Institution
    person: Person
    arrived_at: dt.datetime | None = None


def _refuse_future(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at > timezone.now():
        raise ValidationError(
            {"starts_at": _("Solo se registran sesiones ya celebradas: la sesión debe haber terminado.")},
            code="future",
        )


@transaction.atomic
def session_record_held(
    *,
    council: Council,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    working_group: WorkingGroup | None = None,
    venue: str = "",
    city: str = "",
    state: str = "",
    modality: str = Session.Modality.IN_PERSON,
    video_url: str = "",
    convened_on: dt.date | None = None,
    presiding_person: Person | None = None,
    secretariat_person: Person | None = None,
    attendance: list[SeatAttendance] = (),
    guests: list[GuestAttendance] = (),
    call: str = "",
    quorum_declared_at: dt.datetime | None = None,
    by=None,
) -> Session:
    """Record a past session as held: its data, who came for each seat, its guests and its quorum; no e-mail.

    Refused with a Spanish message naming the field: a date not yet past, a convocation dated after the
    session, attendance for a seat not valid on that date, a quorum time outside the session, a quorum
    declared at a call where the attendance recorded does not reach it.
    """
    _refuse_future(starts_at, ends_at)
    if convened_on is not None and convened_on > timezone.localtime(starts_at).date():
        raise ValidationError(
            {"convened_on": _("La convocatoria no puede ser posterior a la sesión.")}, code="convened_after"
        )
    session = session_create(
        council=council,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        working_group=working_group,
        venue=venue,
        city=city,
        state=state,
        modality=modality,
        video_url=video_url,
    )
    session.status = Session.Status.HELD
    session.recorded_afterwards = True
    session.convened_on = convened_on
    session.presiding_person = presiding_person
    session.secretariat_person = secretariat_person
    session.full_clean()
    session.save()

    seats = list(convocation_seats(session=session))
    invitations = _write_invitations(session=session, seats=seats, by=by)
    by_seat = {invitation.seat_id: invitation for invitation in invitations}
    for entry in attendance:
        invitation = by_seat.get(entry.seat.pk)
        if invitation is None:
            raise ValidationError(
                _(
                    "%(institution)s no estaba convocada a esta sesión: su lugar no estaba vigente en esa fecha "
                    "o no integra el grupo de trabajo."
                ),
                code="seat_not_valid",
                params={"institution": entry.seat.institution},
            )
        _check_in(session=session, invitation=invitation, entry=entry, by=by)
    for guest in guests:
        _guest_present(session=session, guest=guest, by=by)

    if call:
        declared_at = quorum_declared_at or starts_at
        if call == Session.Call.SECOND:
            # A second call follows a first one without quorum: that is what the record says happened.
            Session.objects.filter(pk=session.pk).update(call=Session.Call.FIRST, quorum_met=False)
        quorum = session_declare_quorum(
            session=session, second_call=call == Session.Call.SECOND, declared_at=declared_at
        )
        if not quorum.met:
            refusal = ValidationError(
                _(
                    "Con la asistencia registrada hay %(present)s integrantes con voto de %(required)s "
                    "requeridos: no hubo quórum en %(call)s."
                ),
                code="no_quorum",
                params={
                    "present": quorum.present,
                    "required": quorum.required,
                    "call": Session.Call(call).label.lower(),
                },
            )
            raise ValidationError({"call": refusal})
    session.refresh_from_db()
    return session


def _write_invitations(*, session: Session, seats: list[Seat], by) -> list[Invitation]:
    """One invitation per seat, never sent: the session was convened outside the app."""
    new = [
        Invitation(
            session=session,
            institution_id=seat.institution_id,
            seat=seat,
            role=Invitation.Role.GUEST if seat.role == Seat.Role.GUEST else Invitation.Role.MEMBER,
            has_vote=seat.is_voting,
            invitee_id=seat.principal_id,
            delivery=Invitation.Delivery.NOT_SENT,
        )
        for seat in seats
    ]
    bulk_create_with_history(new, Invitation, default_user=by)
    return list(session.invitations.all())


def _arrival(session: Session, arrived_at: dt.datetime | None) -> dt.datetime | None:
    """The time recorded, or none when none was written: no document prints a time nobody entered."""
    if arrived_at is None:
        return None
    if not session.check_in_opens_at <= arrived_at <= session.ends_at:
        raise ValidationError(
            _("La hora de llegada (%(time)s) debe estar entre la apertura del registro y el fin de la sesión."),
            code="arrival_time",
            params={"time": clock_time(arrived_at)},
        )
    return arrived_at


def _check_in(*, session: Session, invitation: Invitation, entry: SeatAttendance, by) -> None:
    invitation = checkin.invitation_check_in(
        invitation=invitation,
        attendee=entry.person,
        new_person=entry.new_person,
        arrived_at=_arrival(session, entry.arrived_at),
        arrival_unknown=True,
    )
    # The answer the secretariat knows: the titular (or someone on their behalf) came, or a suplente was sent.
    answer = Answer.ALTERNATE if entry.as_alternate else Answer.CONFIRMED
    answered_at = invitation.arrived_at or session.starts_at  # known by the start at the latest
    InvitationAnswer.objects.create(
        invitation=invitation,
        answer=answer,
        attendee=invitation.attendee,
        channel=InvitationAnswer.Channel.STAFF,
        answered_by=by,
        created_at=answered_at,
    )
    invitation.answer = answer
    invitation.answered_at = answered_at
    invitation.save(update_fields=["answer", "answered_at"])


def _guest_present(*, session: Session, guest: GuestAttendance, by) -> None:
    if guest.person.institution_id != guest.institution.pk:
        raise ValidationError(
            _("%(person)s no pertenece a %(institution)s."),
            code="other_institution",
            params={"person": guest.person, "institution": guest.institution},
        )
    if session.invitations.filter(institution=guest.institution).exists():
        refusal = ValidationError(
            _("%(institution)s tiene un lugar en el consejo: registre su asistencia en su lugar."),
            code="already_invited",
            params={"institution": guest.institution},
        )
        raise ValidationError({"guests": refusal})
    invitation = Invitation.objects.create(
        session=session,
        institution=guest.institution,
        role=Invitation.Role.GUEST,
        has_vote=False,
        invitee=guest.person,
        delivery=Invitation.Delivery.NOT_SENT,
    )
    entry = SeatAttendance(seat=None, person=guest.person, arrived_at=guest.arrived_at)
    _check_in(session=session, invitation=invitation, entry=entry, by=by)


# What "Corregir horarios" changes, read and checked as one version (``core.concurrency``).
TIME_FIELDS = ("starts_at", "ends_at", "quorum_declared_at")


def session_times_version(session: Session, invitations: list[Invitation]) -> str:
    """The version of a held session's times as read: its own and every arrival's."""
    arrivals = ",".join(f"{i.pk}:{i.arrived_at.isoformat() if i.arrived_at else ''}" for i in invitations)
    return f"{version_of(session, TIME_FIELDS)}|{arrivals}"


@transaction.atomic
def session_correct_times(
    *,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    quorum_declared_at: dt.datetime | None = None,
    arrivals: dict[int, dt.datetime] | None = None,
    version: str | None = None,
) -> Session:
    """Correct a held session's start and end, the time of its quorum and the arrival times; history kept.

    Refused (code ``stale``) when someone changed any of them since ``version`` was read.
    """
    locked = (
        Session.objects.select_for_update(of=("self",)).select_related("council", "working_group").get(pk=session.pk)
    )
    if not locked.times_correctable:
        raise ValidationError(
            _("Solo se corrigen los horarios de una sesión celebrada; esta sesión está «%(status)s»."),
            code="not_held",
            params={"status": locked.get_status_display()},
        )
    present = list(Invitation.objects.select_for_update().filter(session=locked, attended=True).order_by("pk"))
    if version is not None and version != session_times_version(locked, present):
        raise ValidationError(STALE_MESSAGE, code=STALE)
    _refuse_future(starts_at, ends_at)
    session_apply_dates(locked, starts_at=starts_at, ends_at=ends_at)
    if locked.quorum_declared_at is not None and quorum_declared_at is not None:
        locked.quorum_declared_at = quorum_declared_at
        if not locked.check_in_opens_at <= quorum_declared_at <= locked.ends_at:
            raise ValidationError(
                {"quorum_declared_at": QUORUM_TIME_MESSAGE},
                code="quorum_time",
            )
    locked.full_clean()
    locked.save()
    for invitation in present:
        new = (arrivals or {}).get(invitation.pk)
        if new is not None and new != invitation.arrived_at:
            invitation.arrived_at = _arrival(locked, new)
            invitation.save(update_fields=["arrived_at"])
    return locked

"""Convening a session: one invitation per active seat plus ad-hoc guests, each e-mailed through Celery.

The request that convenes only writes rows and queues one task; the e-mails
go out in the worker, one task per invitation, each retried with backoff. A
failure is written on the invitation (delivery, error, attempts) so the staff
see who was not reached and can send it again.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from council.models import Seat
from members.models import Institution, Person
from sessions_app import emails, selectors
from sessions_app.emails import Purpose
from sessions_app.models import Invitation, Session

logger = logging.getLogger(__name__)

Delivery = Invitation.Delivery


def invitations_enqueue(*, invitation_ids: list[int], purpose: str) -> None:
    """Queue the e-mails once the rows are committed: one task that fans out one task per invitation."""
    if not invitation_ids:
        return
    from sessions_app import tasks

    ids = list(invitation_ids)
    # With a broker, an outage must not turn a committed convocation into an error page: the
    # invitations stay "En cola" and the staff can send them again. Inline (no broker), a
    # failure to send is already handled by the task, so anything raised is a bug: let it show.
    robust = not tasks.invitations_dispatch.app.conf.task_always_eager
    transaction.on_commit(lambda: tasks.invitations_dispatch.delay(ids, str(purpose)), robust=robust)


def convocation_seats(*, session: Session):
    """The seats a session convenes: the council's active seats (a working group's: its institutions')."""
    seats = Seat.objects.active(on=timezone.localtime(session.starts_at).date()).filter(council_id=session.council_id)
    if session.working_group_id:
        group = session.working_group
        seats = seats.filter(Q(institution__working_groups=group) | Q(institution_id=group.coordinator_id))
    return seats.select_related("institution", "principal").order_by("order", "institution__name").distinct()


def _check_can_invite(session: Session) -> None:
    if session.status not in (Session.Status.DRAFT, Session.Status.CONVENED):
        raise ValidationError(
            _("La sesión está «%(status)s»: ya no se puede convocar."),
            code="not_convenable",
            params={"status": session.get_status_display()},
        )
    if session.starts_at <= timezone.now():
        raise ValidationError(_("La sesión ya empezó o ya pasó: no se puede convocar."), code="past")


def _set_convened(session: Session) -> None:
    session.status = Session.Status.CONVENED
    session.full_clean()
    session.save(update_fields=["status", "updated_at"])


@transaction.atomic
def session_convene(*, session: Session, by=None) -> list[Invitation]:
    """Convene a draft session: invite every active seat, queue every e-mail, mark it convened.

    Invitations are written in one bulk insert (with their history) rather
    than one ``full_clean()`` each: the session is locked, institutions
    already invited are skipped, and the database constraint guards the rest,
    so a council of 300 seats is convened as fast as one of 3.
    """
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("council", "working_group").get(pk=session.pk)
    )
    if session.status != Session.Status.DRAFT:
        raise ValidationError(_("Solo se convoca una sesión en borrador; esta ya fue convocada."), code="not_draft")
    _check_can_invite(session)
    invited = set(session.invitations.values_list("institution_id", flat=True))
    new = []
    for seat in convocation_seats(session=session):
        if seat.institution_id in invited:
            continue
        invited.add(seat.institution_id)
        new.append(
            Invitation(
                session=session,
                institution_id=seat.institution_id,
                seat=seat,
                role=Invitation.Role.GUEST if seat.role == Seat.Role.GUEST else Invitation.Role.MEMBER,
                has_vote=seat.is_voting,
                invitee_id=seat.principal_id,
                attendee_id=None,
                delivery=Delivery.QUEUED,
            )
        )
    if not new and not invited:
        raise ValidationError(
            _("No hay ningún lugar vigente ni invitado que convocar. Registre los lugares del consejo primero."),
            code="nobody",
        )
    created = bulk_create_with_history(new, Invitation, default_user=by)
    # Guests the staff added while the session was a draft go out with the rest.
    guests = list(session.invitations.filter(delivery=Delivery.NOT_SENT).values_list("pk", flat=True))
    session.invitations.filter(pk__in=guests).update(delivery=Delivery.QUEUED)
    _set_convened(session)
    invitations_enqueue(invitation_ids=[invitation.pk for invitation in created] + guests, purpose=Purpose.CONVOCATION)
    return created


@transaction.atomic
def invitation_add_guest(*, session: Session, institution: Institution, person: Person) -> Invitation:
    """Invite an institution to one session only, as a guest without vote; sent at once if already convened."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _check_can_invite(session)
    if person.institution_id != institution.pk:
        raise ValidationError(
            {"person": _("La persona invitada debe pertenecer a la institución invitada.")}, code="other_institution"
        )
    if session.invitations.filter(institution=institution).exists():
        raise ValidationError(
            {"institution": _("%(institution)s ya está convocada a esta sesión.")},
            code="already_invited",
            params={"institution": institution},
        )
    convened = session.status == Session.Status.CONVENED
    invitation = Invitation(
        session=session,
        institution=institution,
        role=Invitation.Role.GUEST,
        has_vote=False,
        invitee=person,
        delivery=Delivery.QUEUED if convened else Delivery.NOT_SENT,
    )
    invitation.full_clean()
    invitation.save()
    if convened:
        invitations_enqueue(invitation_ids=[invitation.pk], purpose=Purpose.CONVOCATION)
    return invitation


@transaction.atomic
def invitation_withdraw_guest(*, invitation: Invitation) -> None:
    """Take back a guest added by mistake, only while nothing was sent or answered (its history stays)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.seat_id or invitation.delivery != Delivery.NOT_SENT or invitation.answers.exists():
        raise ValidationError(
            _("Solo se puede retirar a un invitado al que aún no se le ha enviado la convocatoria."),
            code="already_sent",
        )
    invitation.delete()


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Queue the convocation of one invitation again (for those not reached, or who lost the e-mail)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("session").get(pk=invitation.pk)
    if invitation.session.status != Session.Status.CONVENED:
        raise ValidationError(_("Solo se reenvían convocatorias de sesiones convocadas."), code="not_convened")
    invitation.delivery = Delivery.QUEUED
    invitation.delivery_error = ""
    invitation.save(update_fields=["delivery", "delivery_error"])
    invitations_enqueue(invitation_ids=[invitation.pk], purpose=Purpose.CONVOCATION)
    return invitation


def _notify_all(session: Session, purpose: str) -> int:
    invitations = session.invitations.exclude(delivery=Delivery.NOT_SENT)
    ids = list(invitations.values_list("pk", flat=True))
    invitations.update(delivery=Delivery.QUEUED, delivery_error="")
    invitations_enqueue(invitation_ids=ids, purpose=purpose)
    return len(ids)


@transaction.atomic
def session_notify_change(*, session: Session) -> int:
    """Send everyone convened the session's new data and an .ics that replaces the old entry.

    Call it after saving the change with ``Session.sequence`` incremented, so
    calendars take the new event (same UID, higher SEQUENCE) over the old one.
    Returns how many e-mails were queued.
    """
    return _notify_all(session, Purpose.UPDATE)


@transaction.atomic
def session_notify_cancel(*, session: Session) -> int:
    """Tell everyone convened that the session is cancelled; the .ics (METHOD:CANCEL) removes the entry."""
    return _notify_all(session, Purpose.CANCEL)


# The worker's side: build one e-mail, send it, and write down what happened.


def invitation_deliver(*, invitation_id: int, purpose: str) -> None:
    """Send one invitation's e-mail; raises on failure (the task retries and records it)."""
    invitation = selectors.invitation_for_message(invitation_id=invitation_id)
    agenda = selectors.agenda_for_message(session=invitation.session)
    emails.invitation_message(invitation, purpose=purpose, agenda=agenda).send()
    if purpose != Purpose.REMINDER:
        invitation_mark_sent(invitation_id=invitation_id)


@transaction.atomic
def invitation_mark_sent(*, invitation_id: int) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    invitation.delivery = Delivery.SENT
    invitation.delivery_error = ""
    invitation.delivery_attempts += 1  # the row is locked: no lost update
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["delivery", "delivery_error", "delivery_attempts", "sent_at"])


@transaction.atomic
def invitation_mark_failure(*, invitation_id: int, purpose: str, error: str, final: bool) -> None:
    """Record a failed attempt; after the last one the invitation shows as not reached.

    A reminder that cannot be delivered is not a failed convocation: its
    mark is removed instead, so the next run of the reminders tries again.
    """
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        return
    if purpose == Purpose.REMINDER:
        logger.warning("Recordatorio no entregado (invitación %s): %s", invitation_id, error)
        if final:
            invitation.reminded_at = None
            invitation.save(update_fields=["reminded_at"])
        return
    logger.warning("Convocatoria no entregada (invitación %s, %s): %s", invitation_id, purpose, error)
    invitation.delivery = Delivery.FAILED if final else Delivery.QUEUED
    invitation.delivery_error = error[:2000]
    invitation.delivery_attempts += 1  # the row is locked: no lost update
    invitation.save(update_fields=["delivery", "delivery_error", "delivery_attempts"])

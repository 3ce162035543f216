"""Convening a session (the request's side): checks, marking it convened, guests, resending, telling of changes.

The request that convenes only writes rows and queues one task (``sessions_app.tasks``); the e-mails go out
in the worker, one task per invitation, each retried with backoff. A failure is written on the invitation
(delivery, error, attempts) so the staff see who was not reached and can send it again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import versions
from members.models import Institution, Person
from sessions_app import tasks
from sessions_app.emails import Purpose
from sessions_app.models import Invitation, Session
from sessions_app.selectors.convocation import pending_seats
from sessions_app.services.invitations import invitation_oficios_assign

Delivery = Invitation.Delivery


def _check_can_invite(session: Session) -> None:
    if session.accepts_invitations:
        return
    if not session.is_editable:
        raise ValidationError(
            _("La sesión está «%(status)s»: ya no se puede convocar."),
            code="not_convenable",
            params={"status": session.get_status_display()},
        )
    raise ValidationError(_("La sesión ya empezó o ya pasó: no se puede convocar."), code="past")


def _set_convened(session: Session) -> None:
    session.status = Session.Status.CONVENED
    session.convened_on = timezone.localdate()  # the date its documents print as the convocation's
    session.full_clean()
    session.save(update_fields=["status", "convened_on", "updated_at"])


@transaction.atomic
def session_convene(*, session: Session, by=None) -> int:
    """Convene a session: mark it convened and queue the writing and sending of its invitations.

    The request does the same small amount of work for a council of 300
    seats as for one of 3: it checks, marks the session convened and queues
    one task; the worker writes one invitation per seat (``convocation_prepare``)
    and queues one e-mail per invitation. On a convened session it convenes
    the seats that have no invitation yet (a seat added later, or a
    preparation that failed). Returns how many institutions are being convened.
    """
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("council", "working_group").get(pk=session.pk)
    )
    _check_can_invite(session)
    pending = pending_seats(session=session).count() + session.invitations.filter(delivery=Delivery.NOT_SENT).count()
    if not pending:
        if session.status == Session.Status.CONVENED:
            raise ValidationError(
                _("Todas las instituciones ya están convocadas a esta sesión."), code="nothing_pending"
            )
        raise ValidationError(
            _("No hay ningún lugar vigente ni invitado que convocar. Registre los lugares del consejo primero."),
            code="nobody",
        )
    if session.status == Session.Status.DRAFT:
        _set_convened(session)
    tasks.convocation_enqueue(session_id=session.pk, by_id=getattr(by, "pk", None))
    return pending


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
        invitation_oficios_assign(session=session)
        tasks.invitations_enqueue(invitation_ids=[invitation.pk], purpose=Purpose.CONVOCATION)
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
    if not invitation.session.resends_convocations:
        raise ValidationError(_("Solo se reenvían convocatorias de sesiones convocadas."), code="not_convened")
    invitation.delivery = Delivery.QUEUED
    invitation.delivery_error = ""
    invitation.save(update_fields=["delivery", "delivery_error"])
    tasks.invitations_enqueue(invitation_ids=[invitation.pk], purpose=Purpose.CONVOCATION)
    return invitation


def _notify_all(session: Session, purpose: str) -> int:
    invitations = session.invitations.exclude(delivery=Delivery.NOT_SENT)
    ids = list(invitations.values_list("pk", flat=True))
    invitations.update(delivery=Delivery.QUEUED, delivery_error="")
    versions.attendance_changed(session.council_id, session.pk)  # an update sends no signal
    tasks.invitations_enqueue(invitation_ids=ids, purpose=purpose)
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


@transaction.atomic
def session_notify_postpone(*, session: Session) -> int:
    """Tell everyone convened that the session is postponed; the .ics removes it until a new date is sent.

    The new date, once set, goes out with ``session_notify_change`` (same
    UID, higher SEQUENCE), which puts the session back in the calendars.
    """
    return _notify_all(session, Purpose.POSTPONE)

"""Convening a session: one invitation per active seat plus ad-hoc guests, each e-mailed through Celery.

The request that convenes only writes rows and queues one task; the e-mails
go out in the worker, one task per invitation, each retried with backoff. A
failure is written on the invitation (delivery, error, attempts) so the staff
see who was not reached and can send it again.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core import versions
from council.models import Seat, WorkingGroup
from members.models import Institution, Person
from sessions_app import emails
from sessions_app.emails import Purpose
from sessions_app.models import Invitation, Session
from sessions_app.selectors.convocation import agenda_for_message, invitation_for_message

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


def convocation_seats(*, session: Session) -> QuerySet[Seat]:
    """The seats a session convenes: the council's active seats (a working group's: its institutions')."""
    seats = Seat.objects.active(on=timezone.localtime(session.starts_at).date()).filter(council_id=session.council_id)
    if session.working_group_id:
        group = session.working_group
        members = WorkingGroup.members.through.objects.filter(workinggroup_id=group.pk).values("institution_id")
        seats = seats.filter(Q(institution_id__in=members) | Q(institution_id=group.coordinator_id))
    return seats.select_related("institution", "principal").order_by("order", "institution__name")


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
    from sessions_app import tasks

    by_id = getattr(by, "pk", None)
    robust = not tasks.convocation_prepare.app.conf.task_always_eager
    transaction.on_commit(lambda: tasks.convocation_prepare.delay(session.pk, by_id), robust=robust)
    return pending


def pending_seats(*, session: Session) -> QuerySet[Seat]:
    """The seats the session convenes that have no invitation yet."""
    return convocation_seats(session=session).exclude(institution_id__in=session.invitations.values("institution_id"))


@transaction.atomic
def convocation_prepare(*, session_id: int, by_id: int | None = None) -> list[int]:
    """The worker's half of convening: write the missing invitations, mark them and the draft's guests queued.

    Returns the ids of the invitations whose e-mail is to be sent. Safe to
    run again: institutions already invited are skipped, and nothing is
    returned twice (only invitations not yet queued are picked).
    """
    session = Session.objects.select_for_update(of=("self",)).select_related("working_group").get(pk=session_id)
    if session.status != Session.Status.CONVENED:
        return []  # cancelled or postponed before the worker got to it
    guests = list(session.invitations.filter(delivery=Delivery.NOT_SENT).values_list("pk", flat=True))
    session.invitations.filter(pk__in=guests).update(delivery=Delivery.QUEUED)
    before = list(session.invitations.values_list("pk", flat=True))
    _insert_seat_invitations(session=session, seats=pending_seats(session=session), by_id=by_id)
    versions.council_changed(session.council_id)  # the rows are written in bulk: no signal is sent
    created = list(session.invitations.exclude(pk__in=before).order_by("pk").values_list("pk", flat=True))
    return created + guests


def _insert_seat_invitations(*, session: Session, seats: QuerySet[Seat], by_id: int | None) -> int:
    """Write one invitation per seat, and its history row, with two INSERT … SELECT statements.

    Building 300 model instances and their 300 historical records in Python
    takes seconds on a busy worker; here the database makes the rows from
    the seats themselves: role, vote and titular come from each seat, the
    other columns take their model defaults, and the token key is drawn by
    the database. The session is locked and already-invited institutions are
    excluded by the caller; the unique constraint guards the rest. Other
    databases use bulk_create.
    """
    vendor = connection.vendor
    if vendor not in TOKEN_SQL:
        return len(_bulk_create_seat_invitations(session=session, seats=seats, by_id=by_id))
    now = timezone.now()
    computed = {
        "session_id": Value(session.pk),
        "institution_id": F("institution_id"),
        "seat_id": F("pk"),
        "role": Case(
            When(role=Seat.Role.GUEST, then=Value(Invitation.Role.GUEST)),
            default=Value(Invitation.Role.MEMBER),
            output_field=CharField(),
        ),
        "has_vote": ExpressionWrapper(Q(has_vote=True) & ~Q(role=Seat.Role.GUEST), output_field=BooleanField()),
        "invitee_id": F("principal_id"),
        "token_key": RawSQL(TOKEN_SQL[vendor], []),  # noqa: S611 - a constant expression, no input
        "delivery": Value(Delivery.QUEUED),
    }
    columns, selected = [], {}
    for field in Invitation._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in computed:
            expression = computed[field.attname]
        elif field.null:
            continue  # NULL: not answered, not arrived, not sent…
        else:
            expression = Value(field.get_default(), output_field=field)
        columns.append(field.column)
        selected[f"new_{field.attname}"] = expression
    before = list(session.invitations.values_list("pk", flat=True))
    select = seats.order_by().annotate(**selected).values_list(*selected)
    created = _insert_select(Invitation._meta.db_table, columns, select)

    history = Invitation.history.model
    new = session.invitations.exclude(pk__in=before)
    stamp = {
        "history_date": Value(now, output_field=history._meta.get_field("history_date")),
        "history_type": Value("+"),
        "history_user_id": Value(by_id, output_field=IntegerField()),
    }
    columns, selected = [], {}
    for field in history._meta.concrete_fields:
        if field.attname == "history_id" or (field.attname not in stamp and field.attname.startswith("history_")):
            continue
        columns.append(field.column)
        selected[f"h_{field.attname}"] = stamp.get(field.attname, F(field.attname))
    _insert_select(history._meta.db_table, columns, new.order_by().annotate(**selected).values_list(*selected))
    return created


def _insert_select(table: str, columns: list[str], select: QuerySet) -> int:
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) {sql}", params)  # noqa: S608
        return cursor.rowcount


# A random key per row, drawn by the database (32 hex characters, like the model's default length).
TOKEN_SQL = {
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
    "sqlite": "lower(hex(randomblob(16)))",
}


def _bulk_create_seat_invitations(*, session: Session, seats: QuerySet[Seat], by_id: int | None) -> list[Invitation]:
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    new = [
        Invitation(
            session=session,
            institution_id=seat.institution_id,
            seat=seat,
            role=Invitation.Role.GUEST if seat.role == Seat.Role.GUEST else Invitation.Role.MEMBER,
            has_vote=seat.is_voting,
            invitee_id=seat.principal_id,
            delivery=Delivery.QUEUED,
        )
        for seat in seats
    ]
    return bulk_create_with_history(new, Invitation, default_user=by)


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


@transaction.atomic
def session_notify_postpone(*, session: Session) -> int:
    """Tell everyone convened that the session is postponed; the .ics removes it until a new date is sent.

    The new date, once set, goes out with ``session_notify_change`` (same
    UID, higher SEQUENCE), which puts the session back in the calendars.
    """
    return _notify_all(session, Purpose.POSTPONE)


# The worker's side: build one e-mail, send it, and write down what happened.


def invitation_deliver(*, invitation_id: int, purpose: str) -> None:
    """Send one invitation's e-mail; raises on failure (the task retries and records it)."""
    invitation = invitation_for_message(invitation_id=invitation_id)
    agenda = agenda_for_message(session=invitation.session)
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

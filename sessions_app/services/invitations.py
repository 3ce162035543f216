"""The worker's side of a convocation: write the invitations in bulk, send each e-mail, record what happened.

Called by ``sessions_app.tasks``; nothing here queues work, so the tasks may import it.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import versions
from council.models import Seat
from council.selectors import council_issuing_unit
from members.services.issuing_units import oficio_numbers_take
from sessions_app import emails
from sessions_app.emails import DeliveryImpossible, Purpose
from sessions_app.models import Invitation, Session
from sessions_app.selectors.convocation import (
    agenda_for_message,
    convocation_date,
    invitation_for_message,
    letter_invitations,
    pending_seats,
)

logger = logging.getLogger(__name__)

Delivery = Invitation.Delivery


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
    invitation_oficios_assign(session=session)
    versions.council_changed(session.council_id)  # the rows are written in bulk: no signal is sent
    created = list(session.invitations.exclude(pk__in=before).order_by("pk").values_list("pk", flat=True))
    return created + guests


@transaction.atomic
def invitation_oficios_assign(*, session: Session) -> int:
    """Number the session's letters that have no oficio number yet, in the letters' order; returns how many.

    Numbers come from the council's issuing unit (its pattern, its count for the convocation's year) and are
    kept on the invitation: the letter carries the same number however often it is printed. Numbers already
    given are never changed; a unit without a pattern numbers nothing.
    """
    unit = council_issuing_unit(session.council)
    if unit is None or not unit.oficio_pattern:
        return 0
    pending = list(letter_invitations(session=session).filter(oficio_number="").select_for_update(of=("self",)))
    numbers = oficio_numbers_take(unit=unit, year=convocation_date(session).year, count=len(pending))
    for invitation, number in zip(pending, numbers, strict=True):
        invitation.oficio_number = number
    Invitation.objects.bulk_update(pending, ["oficio_number"])
    versions.council_changed(session.council_id)  # bulk_update sends no signal
    return len(pending)


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


def invitation_deliver(*, invitation_id: int, purpose: str) -> None:
    """Send one invitation's e-mail; raises on failure (the task retries and records it).

    A message that cannot even be built (a line break in a header, from data
    entered before one-line fields refused them) raises ``DeliveryImpossible``:
    sending it again would fail the same way.
    """
    invitation = invitation_for_message(invitation_id=invitation_id)
    agenda = agenda_for_message(session=invitation.session)
    message = emails.invitation_message(invitation, purpose=purpose, agenda=agenda)
    try:
        message.message()  # builds the headers: what fails here is the data, not the mail server
    except ValueError as error:  # BadHeaderError is one
        raise DeliveryImpossible(_("No se pudo componer el correo: %(error)s") % {"error": error}) from error
    message.send()
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

"""Declaring the quorum of a session: recorded on it from the attendance taken (``selectors.quorum``)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Session
from sessions_app.selectors.quorum import Quorum, quorum_for

QUORUM_TIME_MESSAGE = _("La hora del quórum debe estar entre la apertura del registro y el fin de la sesión.")


@transaction.atomic
def session_declare_quorum(
    *, session: Session, second_call: bool = False, declared_at: dt.datetime | None = None
) -> Quorum:
    """Record on the session whether quorum was met, at first or second call.

    The second call follows the council's second-call rule and comes only
    after a first call without quorum; the first call may be counted again
    (someone arrived) until a second call is declared. ``declared_at`` is the time it was declared when the
    session is recorded afterwards (now by default); it falls within the session's day.
    """
    locked = (
        Session.objects.select_for_update()
        .only("status", "call", "quorum_met", "starts_at", "ends_at")
        .get(pk=session.pk)
    )
    if not locked.check_in_open:
        raise ValidationError(_("La sesión no está en curso: no se declara quórum."), code="not_open")
    if declared_at is not None:
        quorum_check_time(session=locked, declared_at=declared_at)
    elif locked.has_ended:
        raise ValidationError(
            {"quorum_declared_at": _("La sesión ya terminó: indique la hora en que se declaró el quórum.")},
            code="quorum_time_required",
        )
    if second_call and not (locked.call == Session.Call.FIRST and locked.quorum_met is False):
        raise ValidationError(
            _("La segunda convocatoria procede solo cuando en la primera no hubo quórum."), code="no_first_call"
        )
    if not second_call and locked.call == Session.Call.SECOND:
        raise ValidationError(_("La sesión ya se declaró en segunda convocatoria."), code="already_second_call")
    quorum = quorum_for(session=session, second_call=second_call)
    session.call = Session.Call.SECOND if second_call else Session.Call.FIRST
    session.quorum_met = quorum.met
    session.quorum_present = quorum.present
    session.quorum_required = quorum.required
    session.quorum_declared_at = declared_at or timezone.now()
    session.save(update_fields=["call", "quorum_met", "quorum_present", "quorum_required", "quorum_declared_at"])
    return quorum


def quorum_check_time(*, session: Session, declared_at: dt.datetime) -> None:
    """Refuse a declaration time outside the session: from when attendance opens to its end."""
    if not session.check_in_opens_at <= declared_at <= session.ends_at:
        raise ValidationError(
            {"quorum_declared_at": QUORUM_TIME_MESSAGE},
            code="quorum_time",
        )

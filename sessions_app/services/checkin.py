"""Attendance at the door: who came for each institution, and when; a mistaken check-in can be undone."""

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Person
from members.services.directory import person_create
from sessions_app.models import Invitation
from sessions_app.services.answers import NewPerson

# Attendance is taken while the session is convened (from shortly before it, on its day: Session.check_in_open)
# and may be corrected once it is held.


def _locked(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("session").get(pk=invitation.pk)
    if not invitation.session.check_in_open:
        raise ValidationError(
            _("La sesión está «%(status)s»: no se registra asistencia."),
            code="not_open",
            params={"status": invitation.session.get_status_display()},
        )
    return invitation


@transaction.atomic
def invitation_check_in(
    *,
    invitation: Invitation,
    attendee: Person | None = None,
    new_person: NewPerson | None = None,
    arrived_at: dt.datetime | None = None,
    arrival_unknown: bool = False,
) -> Invitation:
    """Mark the institution present: who came (a registered person of it, or a new one) and at what time.

    Without ``arrived_at`` the arrival is now, unless ``arrival_unknown`` (a past session recorded afterwards,
    whose record does not say when each one arrived): then no time is kept.
    """
    invitation = _locked(invitation)
    if (attendee is None) == (new_person is None):
        raise ValidationError(_("Indique quién llegó: una persona registrada o una nueva."), code="who")
    if attendee is not None and attendee.institution_id != invitation.institution_id:
        raise ValidationError(
            {"attendee": _("La persona que llegó debe pertenecer a la institución convocada.")},
            code="other_institution",
        )
    if arrived_at is None and invitation.session.has_ended and not arrival_unknown:
        raise ValidationError(
            {"arrived_at": _("La sesión ya terminó: escriba la hora de llegada.")}, code="arrival_time_required"
        )
    if new_person is not None:
        attendee = person_create(data={**asdict(new_person), "institution": invitation.institution})
    invitation.attended = True
    invitation.attendee = attendee
    invitation.arrived_at = arrived_at if arrived_at is not None or arrival_unknown else timezone.now()
    invitation.save(update_fields=["attended", "attendee", "arrived_at"])
    return invitation


@transaction.atomic
def invitation_set_arrival(*, invitation: Invitation, arrived_at: dt.datetime) -> Invitation:
    """Correct the time an institution's representative arrived (the button stamps the moment it is pressed)."""
    invitation = _locked(invitation)
    if not invitation.attended:
        raise ValidationError(_("Esta institución no está registrada como presente."), code="not_checked_in")
    if arrived_at > invitation.session.ends_at:
        raise ValidationError(
            {"arrived_at": _("La hora de llegada no puede ser posterior al fin de la sesión.")}, code="after_end"
        )
    invitation.arrived_at = arrived_at
    invitation.save(update_fields=["arrived_at"])
    return invitation


@transaction.atomic
def invitation_undo_check_in(*, invitation: Invitation) -> Invitation:
    """Undo a mistaken check-in: absent again, expecting whoever the last answer named (kept in the history)."""
    invitation = _locked(invitation)
    if not invitation.attended:
        raise ValidationError(_("Esta institución no está registrada como presente."), code="not_checked_in")
    latest = invitation.answers.only("attendee_id").first()
    invitation.attended = False
    invitation.arrived_at = None
    invitation.attendee_id = latest.attendee_id if latest else None
    invitation.save(update_fields=["attended", "arrived_at", "attendee"])
    return invitation

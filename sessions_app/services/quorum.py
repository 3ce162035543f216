"""Quorum is computed, not typed: voting seats present against the council's rule."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Invitation, Session


@dataclass(frozen=True)
class Quorum:
    """The quorum of a session at one moment."""

    voting_seats: int
    present: int
    required: int
    second_call: bool = False

    @property
    def met(self) -> bool:
        return self.voting_seats > 0 and self.present >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)


def quorum_for(*, session: Session, second_call: bool = False) -> Quorum:
    """Quorum from attendance taken on the day.

    Every voting seat convened counts in the base, vacant or not: the
    institution is a member whether or not it has named a titular. A seat is
    present when its titular or a suplente came; seats without vote and
    guests never count.
    """
    counts = session.invitations.filter(has_vote=True).aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(attended=True))
    )
    return _quorum(session, counts["total"], counts["present"], second_call)


def projected_quorum(*, session: Session) -> Quorum:
    """Quorum projected from the answers before the day: those who confirmed or send a suplente."""
    expected = Q(answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE])
    counts = session.invitations.filter(has_vote=True).aggregate(
        total=Count("pk"), present=Count("pk", filter=expected)
    )
    return _quorum(session, counts["total"], counts["present"], False)


def _quorum(session: Session, total: int, present: int, second_call: bool) -> Quorum:
    required = session.council.quorum_required(total, second_call=second_call)
    return Quorum(voting_seats=total, present=present, required=required, second_call=second_call)


@transaction.atomic
def session_declare_quorum(*, session: Session, second_call: bool = False) -> Quorum:
    """Record on the session whether quorum was met, at first or second call.

    The second call follows the council's second-call rule and comes only
    after a first call without quorum; the first call may be counted again
    (someone arrived) until a second call is declared.
    """
    locked = Session.objects.select_for_update().only("call", "quorum_met").get(pk=session.pk)
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
    session.quorum_declared_at = timezone.now()
    session.save(update_fields=["call", "quorum_met", "quorum_present", "quorum_required", "quorum_declared_at"])
    return quorum

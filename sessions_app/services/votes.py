"""Votes on agenda items: unanimity, or majority with each voting seat's ballot and the presidency's casting vote.

Only the seats with vote that are present count (``Invitation.has_vote`` and
``attended``). A majority vote needs one ballot from each of them; an item is
approved with more votes for than against (abstentions count for neither).
On a tie, when the council's rule gives the presidency the casting vote
(``Council.casting_vote``), the presidency's own vote for or against decides;
otherwise, or when the presidency abstained or is absent, the item is not
approved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core import versions
from council.models import Seat
from sessions_app.models import AgendaItem, Ballot, Invitation, Session, Vote
from sessions_app.services.agreements import minutes_locked

Choice = Ballot.Choice


def voting_seats_present(session: Session) -> list[Invitation]:
    """The invitations whose vote counts: seats with vote whose titular or suplente is present."""
    return list(
        Invitation.objects.filter(session=session, has_vote=True, attended=True)
        .select_related("institution", "seat")
        .order_by("institution__name")
    )


def is_presidency(invitation: Invitation, session: Session) -> bool:
    if invitation.seat_id and invitation.seat.role == Seat.Role.PRESIDENCY:
        return True
    return invitation.institution_id == session.council.presiding_institution_id


def _names(invitations) -> str:
    return ", ".join(str(invitation.institution) for invitation in invitations)


def vote_check_item(item: AgendaItem) -> None:
    """Refuse a vote on an item that is not decided by vote, or in a session where votes cannot be taken now."""
    session = item.session
    if not item.is_votable:
        raise ValidationError(
            _("El punto «%(title)s» es «%(kind)s»: solo se votan los puntos para acuerdo y las aprobaciones."),
            code="item_not_votable",
            params={"title": item.title, "kind": item.get_kind_display()},
        )
    if not session.records_outcomes:
        raise ValidationError(
            _("Las votaciones se registran durante o después de la sesión, no en una sesión «%(status)s» por empezar.")
            if session.is_convened_or_held
            else _("No se registran votaciones en una sesión «%(status)s»."),
            code="session_status",
            params={"status": session.get_status_display()},
        )
    if minutes_locked(session):
        raise ValidationError(
            _("El acta de esta sesión ya fue aprobada: sus votaciones no cambian."), code="minutes_locked"
        )
    if not session.quorum_met:
        raise ValidationError(_("No hay quórum declarado en esta sesión: sin quórum no se vota."), code="no_quorum")


def tally(*, session: Session, method: str, ballots: dict[int, str] | None) -> tuple[dict[int, str], dict]:
    """Check the ballots against the voting seats present and count them; raise with every problem found.

    Returns the complete ballots (for unanimity, a seat present without a
    ballot votes for) and the counts, result and whether the casting vote
    decided.
    """
    present = voting_seats_present(session)
    if not present:
        raise ValidationError(
            _("No hay integrantes con voto presentes: registre la asistencia antes de votar."), code="nobody_present"
        )
    if method not in Vote.Method.values:
        raise ValidationError(_("Elija la forma de votación: unanimidad o mayoría."), code="invalid_method")
    ballots = dict(ballots or {})
    if method == Vote.Method.UNANIMITY:
        # By unanimity every seat present votes for: only a different vote needs to be written down (and is refused).
        for invitation in present:
            ballots.setdefault(invitation.pk, Choice.FOR)

    errors = []
    present_ids = {invitation.pk for invitation in present}
    strangers = [pk for pk in ballots if pk not in present_ids]
    if strangers:
        others = list(Invitation.objects.filter(pk__in=strangers).select_related("institution"))
        known = {invitation.pk for invitation in others}
        elsewhere = [inv for inv in others if inv.session_id != session.pk]
        without_vote = [inv for inv in others if inv.session_id == session.pk and not inv.has_vote]
        absent = [inv for inv in others if inv.session_id == session.pk and inv.has_vote and not inv.attended]
        if without_vote:
            errors.append(
                ValidationError(
                    _("No tienen voto: %(names)s. Su opinión consta en el acta, pero no se cuenta."),
                    code="ballot_without_vote",
                    params={"names": _names(without_vote)},
                )
            )
        if absent:
            errors.append(
                ValidationError(
                    _("No están presentes: %(names)s. Solo votan las instituciones con voto presentes."),
                    code="ballot_absent",
                    params={"names": _names(absent)},
                )
            )
        if elsewhere or len(known) != len(strangers):
            errors.append(
                ValidationError(_("Hay votos de instituciones no convocadas a esta sesión."), code="ballot_unknown")
            )
    invalid = [pk for pk, choice in ballots.items() if pk in present_ids and choice not in Choice.values]
    missing = [invitation for invitation in present if invitation.pk not in ballots or invitation.pk in invalid]
    if missing:
        errors.append(
            ValidationError(_("Falta el voto de: %(names)s."), code="ballot_missing", params={"names": _names(missing)})
        )
    if errors:
        raise ValidationError(errors)

    counted = {pk: choice for pk, choice in ballots.items() if pk in present_ids}
    votes_for = sum(1 for choice in counted.values() if choice == Choice.FOR)
    votes_against = sum(1 for choice in counted.values() if choice == Choice.AGAINST)
    abstentions = sum(1 for choice in counted.values() if choice == Choice.ABSTENTION)
    if method == Vote.Method.UNANIMITY and votes_for != len(present):
        raise ValidationError(
            _(
                "Una votación por unanimidad no admite votos en contra ni abstenciones "
                "(%(against)s en contra, %(abstentions)s abstenciones): regístrela por mayoría."
            ),
            code="unanimity_not_unanimous",
            params={"against": votes_against, "abstentions": abstentions},
        )
    casting_vote_used = False
    if votes_for > votes_against:
        result = Vote.Result.APPROVED
    elif votes_against > votes_for:
        result = Vote.Result.REJECTED
    else:
        result = Vote.Result.REJECTED
        presidency = next((inv for inv in present if is_presidency(inv, session)), None)
        if session.council.casting_vote and presidency is not None:
            choice = counted[presidency.pk]
            if choice in (Choice.FOR, Choice.AGAINST):
                casting_vote_used = True
                result = Vote.Result.APPROVED if choice == Choice.FOR else Vote.Result.REJECTED
    return counted, {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "abstentions": abstentions,
        "result": result,
        "casting_vote_used": casting_vote_used,
    }


@transaction.atomic
def vote_record(*, item: AgendaItem, method: str, ballots: dict[int, str] | None = None, by=None) -> Vote:
    """Record (or correct, until the acta is approved) the vote on an agenda item; invalid tallies are refused."""
    session = Session.objects.select_for_update(of=("self",)).select_related("council").get(pk=item.session_id)
    item = AgendaItem.objects.select_related("session").get(pk=item.pk)
    item.session = session
    vote_check_item(item)
    counted, outcome = tally(session=session, method=method, ballots=ballots)
    vote = Vote.objects.filter(agenda_item=item).first() or Vote(agenda_item=item)
    vote.method = method
    vote.recorded_by = by
    vote.recorded_at = timezone.now()
    for name, value in outcome.items():
        setattr(vote, name, value)
    vote.full_clean()
    vote.save()
    # Correcting a vote replaces its ballots; their history keeps what was recorded before.
    for ballot in vote.ballots.all():
        ballot.delete()
    bulk_create_with_history(
        [Ballot(vote=vote, invitation_id=pk, choice=choice) for pk, choice in counted.items()], Ballot
    )
    versions.council_changed(session.council_id)  # bulk_create sends no signal
    return vote

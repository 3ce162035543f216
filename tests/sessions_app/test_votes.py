"""Votes on agenda items: who counts, how the tally decides, and which tallies are refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from council.models import Seat
from sessions_app.models import AgendaItem, Ballot, Minutes, Session, Vote
from sessions_app.services.votes import vote_record
from tests.council.factories import CouncilFactory, GuestSeatFactory, SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = Ballot.Choice.FOR, Ballot.Choice.AGAINST, Ballot.Choice.ABSTENTION


@pytest.fixture
def sitting():
    """A session under way with quorum: presidency P and members M1–M3 present, M4 absent, guest G present."""
    council = CouncilFactory(casting_vote=True)
    session = SessionFactory(
        council=council,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        status=Session.Status.CONVENED,
        quorum_met=True,
    )

    def invite(seat, attended=True):
        return InvitationFactory(
            session=session, institution=seat.institution, seat=seat, has_vote=seat.is_voting, attended=attended
        )

    presidency = invite(
        SeatFactory(council=council, role=Seat.Role.PRESIDENCY, institution=council.presiding_institution)
    )
    m1, m2, m3 = (invite(SeatFactory(council=council, institution__name=f"Integrante {n}")) for n in (1, 2, 3))
    m4 = invite(SeatFactory(council=council, institution__name="Integrante ausente"), attended=False)
    guest = invite(GuestSeatFactory(council=council, institution__name="Invitada sin voto"))
    item = AgendaItemFactory(session=session, kind=AgendaItem.Kind.FOR_AGREEMENT, title="Programa estatal")
    return locals()


def ballots(sitting, p, a, b, c):
    return {sitting["presidency"].pk: p, sitting["m1"].pk: a, sitting["m2"].pk: b, sitting["m3"].pk: c}


def test_unanimity_counts_every_voting_seat_present_as_for(sitting):
    vote = vote_record(item=sitting["item"], method=Vote.Method.UNANIMITY)
    assert vote.result == Vote.Result.APPROVED
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (4, 0, 0)
    voters = set(vote.ballots.values_list("invitation_id", flat=True))
    assert voters == {sitting[k].pk for k in ("presidency", "m1", "m2", "m3")}  # not the absent one, not the guest


def test_majority_approves_with_more_votes_for_than_against(sitting):
    vote = vote_record(
        item=sitting["item"], method=Vote.Method.MAJORITY, ballots=ballots(sitting, FOR, FOR, AGAINST, ABSTAIN)
    )
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 1, 1)
    assert vote.result == Vote.Result.APPROVED and not vote.casting_vote_used


def test_majority_rejects_with_more_against(sitting):
    vote = vote_record(
        item=sitting["item"], method=Vote.Method.MAJORITY, ballots=ballots(sitting, FOR, AGAINST, AGAINST, ABSTAIN)
    )
    assert vote.result == Vote.Result.REJECTED


@pytest.mark.parametrize(("presidency", "result"), [(FOR, Vote.Result.APPROVED), (AGAINST, Vote.Result.REJECTED)])
def test_the_presidencys_casting_vote_decides_a_tie(sitting, presidency, result):
    other = AGAINST if presidency == FOR else FOR
    vote = vote_record(
        item=sitting["item"],
        method=Vote.Method.MAJORITY,
        ballots=ballots(sitting, presidency, presidency, other, other),
    )
    assert (vote.votes_for, vote.votes_against) == (2, 2)
    assert vote.result == result and vote.casting_vote_used


def test_without_the_casting_vote_rule_a_tie_is_not_approved(sitting):
    sitting["council"].casting_vote = False
    sitting["council"].save()
    vote = vote_record(
        item=sitting["item"], method=Vote.Method.MAJORITY, ballots=ballots(sitting, FOR, FOR, AGAINST, AGAINST)
    )
    assert vote.result == Vote.Result.REJECTED and not vote.casting_vote_used


def test_a_tie_with_the_presidency_abstaining_is_not_approved(sitting):
    vote = vote_record(
        item=sitting["item"], method=Vote.Method.MAJORITY, ballots=ballots(sitting, ABSTAIN, FOR, AGAINST, ABSTAIN)
    )
    assert vote.result == Vote.Result.REJECTED and not vote.casting_vote_used


def test_unanimity_with_a_vote_against_is_refused(sitting):
    with pytest.raises(ValidationError, match="unanimidad no admite votos en contra"):
        vote_record(
            item=sitting["item"], method=Vote.Method.UNANIMITY, ballots=ballots(sitting, FOR, FOR, FOR, AGAINST)
        )
    assert not Vote.objects.exists()


def test_a_vote_from_an_absent_seat_is_refused(sitting):
    data = {**ballots(sitting, FOR, FOR, FOR, FOR), sitting["m4"].pk: FOR}
    with pytest.raises(ValidationError, match="No están presentes: Integrante ausente"):
        vote_record(item=sitting["item"], method=Vote.Method.MAJORITY, ballots=data)


def test_a_vote_from_a_seat_without_vote_is_refused(sitting):
    data = {**ballots(sitting, FOR, FOR, FOR, FOR), sitting["guest"].pk: AGAINST}
    with pytest.raises(ValidationError, match="No tienen voto: Invitada sin voto"):
        vote_record(item=sitting["item"], method=Vote.Method.MAJORITY, ballots=data)


def test_a_vote_from_another_session_is_refused(sitting):
    stranger = InvitationFactory()
    data = {**ballots(sitting, FOR, FOR, FOR, FOR), stranger.pk: FOR}
    with pytest.raises(ValidationError, match="no convocadas a esta sesión"):
        vote_record(item=sitting["item"], method=Vote.Method.MAJORITY, ballots=data)


def test_missing_or_invalid_votes_are_refused_naming_the_seats(sitting):
    data = ballots(sitting, FOR, FOR, "maybe", FOR)
    del data[sitting["m3"].pk]
    with pytest.raises(ValidationError) as refused:
        vote_record(item=sitting["item"], method=Vote.Method.MAJORITY, ballots=data)
    assert refused.value.messages == ["Falta el voto de: Integrante 2, Integrante 3."]


def test_votes_need_quorum_a_votable_item_and_a_started_session(sitting):
    session, item = sitting["session"], sitting["item"]
    Session.objects.filter(pk=session.pk).update(quorum_met=False)
    with pytest.raises(ValidationError, match="sin quórum no se vota"):
        vote_record(item=item, method=Vote.Method.UNANIMITY)
    Session.objects.filter(pk=session.pk).update(quorum_met=True)
    presentation = AgendaItemFactory(session=session, kind=AgendaItem.Kind.PRESENTATION)
    with pytest.raises(ValidationError, match="solo se votan los puntos para acuerdo"):
        vote_record(item=presentation, method=Vote.Method.UNANIMITY)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2))
    with pytest.raises(ValidationError, match="durante o después de la sesión"):
        vote_record(item=item, method=Vote.Method.UNANIMITY)


def test_a_vote_is_corrected_until_the_acta_is_approved(sitting):
    item = sitting["item"]
    vote_record(item=item, method=Vote.Method.MAJORITY, ballots=ballots(sitting, AGAINST, AGAINST, AGAINST, FOR))
    corrected = vote_record(item=item, method=Vote.Method.UNANIMITY)
    assert Vote.objects.count() == 1 and corrected.result == Vote.Result.APPROVED
    assert corrected.ballots.filter(choice=FOR).count() == 4
    assert Ballot.history.filter(history_type="-").count() == 4  # the replaced ballots stay in the history
    Minutes.objects.create(session=sitting["session"], status=Minutes.Status.APPROVED)
    with pytest.raises(ValidationError, match="sus votaciones no cambian"):
        vote_record(item=item, method=Vote.Method.UNANIMITY)

"""Queries compiled once per process (``core.queries.CompiledQuery``) give the rows their querysets give."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from core.queries import CompiledQuery
from sessions_app.models import Invitation, Session
from sessions_app.selectors.answers import proposals_to_validate
from sessions_app.selectors.checkin import ROW_STATE_FIELDS, checkin_order, checkin_states
from sessions_app.selectors.convocation import LiveRowState, _states, convocation_states
from sessions_app.selectors.dashboard import proposal_tasks
from sessions_app.selectors.quorum import _voting_counts
from sessions_app.selectors.sessions import INVITATION_ROW_FIELDS, _invitation_rows, session_invitation_rows
from sessions_app.services.answers import NewPerson, invitation_answer
from sessions_app.templatetags.session_counts import count_cell
from sessions_app.views.live import COUNT, session_count_parts
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, other_state):
    """X's session with answers of every kind, a reminder sent and an arrival; another state's council beside it."""
    session = world.session_x
    invitation_answer(invitation=world.invitation_a, answer="confirmed", comment="Asistiré")
    for name, answer in (("Suplente", "alternate"), ("Declina", "declined"), ("Callada", "pending")):
        seat = SeatFactory(council=world.council_x, institution__name=f"Institución {name}")
        invitation = InvitationFactory(session=session, institution=seat.institution, seat=seat, delivery="sent")
        if answer == "alternate":
            invitation_answer(
                invitation=invitation,
                answer=answer,
                proposed=NewPerson(full_name="P. Propuesta", post="Directora", email="p@s.gob.mx"),
            )
        elif answer != "pending":
            invitation_answer(invitation=invitation, answer=answer)
    Invitation.objects.filter(session=session, answer="pending").update(reminded_at=timezone.now())
    Invitation.objects.filter(pk=world.invitation_a.pk).update(
        attended=True, arrived_at=timezone.now() - dt.timedelta(minutes=5)
    )
    InvitationFactory(session=session, has_vote=False)  # a guest
    return session


def test_the_compiled_queries_give_what_their_querysets_give(world, answered):
    session = answered
    expected = list(checkin_order(Invitation.objects.filter(session=session)).values_list("pk", *ROW_STATE_FIELDS))
    assert checkin_states(session=session) == expected and len(expected) == 5
    states = convocation_states(session=session)
    assert states == [LiveRowState(*row) for row in _states(session.pk)]
    assert any(state.reminded_at for state in states) and any(state.open_proposal_id for state in states)
    assert any(isinstance(state.answered_at, dt.datetime) for state in states)
    for institution_id in (None, world.seat_a.institution_id):
        read = _invitation_rows(session.pk, institution_id)
        rows = [dict(zip(INVITATION_ROW_FIELDS, row, strict=True)) for row in read]
        assert session_invitation_rows(session=session, institution_id=institution_id) == rows
    yes = Q(answer__in=["confirmed", "alternate"])
    assert _voting_counts(session) == session.invitations.filter(has_vote=True).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        answered_yes=Count("pk", filter=yes),
        expected=Count("pk", filter=yes & Q(attended=False)),
    )
    # Another session's rows are its own: Y's session (and no invitation at all counts zero).
    assert checkin_states(session=world.session_y) == [
        (world.invitation_b.pk, *(getattr(world.invitation_b, f) for f in ROW_STATE_FIELDS))
    ]
    zero = dict.fromkeys(("total", "present", "answered_yes", "expected"), 0)
    assert _voting_counts(Session(pk=-1)) == zero


def test_a_parameter_that_does_not_reach_the_sql_as_given_is_refused():
    query = CompiledQuery(lambda pk: Invitation.objects.filter(pk__gt=pk + 1).values_list("pk"))
    with pytest.raises(ValueError, match="as it was given"):
        query.rows(1)


def test_the_session_lists_count_cells_are_those_of_the_orm_for_any_number_of_sessions(world, answered):
    sessions = [world.session_x, world.session_y]
    for chosen in (sessions[:1], sessions, [*sessions, Session(pk=10**9)]):
        names = [f"{COUNT}{session.pk}" for session in chosen]
        expected = {
            f"{COUNT}{row.pop('pk')}": count_cell(**row)
            for row in Session.objects.filter(pk__in=[s.pk for s in chosen])
            .values("pk", "status")
            .annotate(
                invited=Count("invitations"),
                confirmed=Count("invitations", filter=Q(invitations__answer__in=["confirmed", "alternate"])),
                attended=Count("invitations", filter=Q(invitations__attended=True)),
            )
            .order_by()
        }
        assert session_count_parts(names) == expected and len(expected) == min(len(chosen), 2)
    assert "5" in session_count_parts([f"{COUNT}{world.session_x.pk}"])[f"{COUNT}{world.session_x.pk}"]


def test_the_secretariats_suplentes_to_validate_are_those_of_the_orm(world, answered):
    starts_at = timezone.now() + dt.timedelta(days=3)
    Session.objects.filter(pk=answered.pk).update(
        status=Session.Status.CONVENED, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
    )
    now = timezone.now()
    for user, councils in ((world.staff_x, [world.council_x]), (world.admin, None), (world.staff_y, [world.council_y])):
        proposals = proposals_to_validate().filter(
            invitation__session__status=Session.Status.CONVENED, invitation__session__ends_at__gte=now
        )
        if councils is not None:
            proposals = proposals.filter(invitation__session__council__in=councils)
        expected = [
            (row["invitation__session"], row["n"])
            for row in proposals.values("invitation__session", "invitation__session__starts_at")
            .annotate(n=Count("pk"))
            .order_by("invitation__session__starts_at")
        ]
        tasks = proposal_tasks(user=user)
        assert [(int(task.url.rstrip("/").split("/")[-2]), task.count) for task in tasks] == expected, user
    assert len(proposal_tasks(user=world.staff_x)) == 1 and proposal_tasks(user=world.delegate_a) == []

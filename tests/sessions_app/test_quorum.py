import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Council
from sessions_app.models import Invitation, Session
from sessions_app.selectors.quorum import projected_quorum, quorum_for, quorum_gauge, quorum_gauge_of_rows
from sessions_app.selectors.sessions import session_invitation_rows
from sessions_app.services.quorum import session_declare_quorum
from tests.council.factories import CouncilFactory, SeatFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session_with(voting_present, voting_absent, guests_present=0, **council_fields):
    session = SessionFactory(council=CouncilFactory(**council_fields))
    for _ in range(voting_present):
        InvitationFactory(session=session, has_vote=True, attended=True)
    for _ in range(voting_absent):
        InvitationFactory(session=session, has_vote=True, attended=False)
    for _ in range(guests_present):
        InvitationFactory(session=session, role=Invitation.Role.GUEST, has_vote=False, attended=True)
    return session


def test_half_plus_one_of_voting_seats():
    session = _session_with(voting_present=8, voting_absent=6)
    quorum = quorum_for(session=session)
    assert (quorum.voting_seats, quorum.required, quorum.present) == (14, 8, 8)
    assert quorum.met


def test_one_short_is_no_quorum():
    quorum = quorum_for(session=_session_with(voting_present=7, voting_absent=7))
    assert not quorum.met
    assert quorum.missing == 1


def test_guests_and_seats_without_vote_never_count():
    quorum = quorum_for(session=_session_with(voting_present=2, voting_absent=4, guests_present=6))
    assert (quorum.voting_seats, quorum.present, quorum.met) == (6, 2, False)


def test_vacant_seat_counts_in_the_base():
    session = _session_with(voting_present=2, voting_absent=0)
    InvitationFactory(session=session, has_vote=True, invitee=None, attended=False)  # no titular named
    quorum = quorum_for(session=session)
    assert (quorum.voting_seats, quorum.required, quorum.met) == (3, 2, True)


def test_a_suplente_present_fills_the_seat():
    session = _session_with(voting_present=1, voting_absent=2)
    invitation = session.invitations.filter(attended=False).first()
    invitation.answer = Invitation.Answer.ALTERNATE
    invitation.attended = True
    invitation.save()
    assert quorum_for(session=session).present == 2
    assert quorum_for(session=session).met


def test_second_call_follows_the_councils_rule():
    session = _session_with(voting_present=3, voting_absent=7, second_call_rule=Council.QuorumRule.ANY_PRESENT)
    assert not quorum_for(session=session).met
    assert quorum_for(session=session, second_call=True).met


def test_two_thirds_rule():
    quorum = quorum_for(session=_session_with(9, 3, quorum_rule=Council.QuorumRule.TWO_THIRDS))
    assert quorum.required == 8 and quorum.met


def test_no_voting_seats_is_never_quorum():
    assert not quorum_for(session=_session_with(0, 0, guests_present=3)).met


def test_projected_quorum_counts_confirmations_and_suplentes():
    session = _session_with(0, 4)
    answers = [Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE, Invitation.Answer.DECLINED]
    for invitation, answer in zip(session.invitations.all(), answers, strict=False):
        invitation.answer = answer
        invitation.save()
    projected = projected_quorum(session=session)
    assert (projected.present, projected.required, projected.met) == (2, 3, False)


def test_declared_quorum_is_recorded_on_the_session():
    session = _session_with(voting_present=5, voting_absent=1)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() + dt.timedelta(minutes=30))
    session.refresh_from_db()
    session_declare_quorum(session=session)
    session.refresh_from_db()
    assert session.quorum_met is True
    assert (session.call, session.quorum_present, session.quorum_required) == ("first", 5, 4)


# The quorum at a glance (the gauge on Confirmaciones, the check-in and the session page).


def test_the_gauge_counts_present_and_expected_voting_seats_and_both_calls(world):

    council = world.council_x
    council.quorum_rule = Council.QuorumRule.HALF_PLUS_ONE
    council.second_call_rule = Council.QuorumRule.ANY_PRESENT
    council.save()
    session = SessionFactory(council=council, status="convened")
    answers = ["confirmed", "alternate", "confirmed", "declined", "pending", "pending"]
    for n, answer in enumerate(answers):
        seat = SeatFactory(council=council)
        InvitationFactory(
            session=session, institution=seat.institution, seat=seat, has_vote=True, answer=answer, attended=n == 0
        )
    guest = SeatFactory(council=council)
    InvitationFactory(session=session, institution=guest.institution, has_vote=False, answer="confirmed", attended=True)
    g = quorum_gauge(session=session)
    assert (g.voting_seats, g.present, g.expected) == (6, 1, 2)
    assert (g.required_first, g.required_second) == (4, 1)
    assert (g.met_first, g.met_second, g.projected_met) == (False, True, False)
    assert [(m.label, m.value) for m in g.chart.marks] == [("1.ª", 4), ("2.ª", 1)]
    # The session page's staff list reads every invitation: its gauge comes from those rows, the same.
    assert quorum_gauge_of_rows(session=session, rows=session_invitation_rows(session=session)) == g


def test_confirmaciones_shows_the_gauge_with_its_text(client, world):

    session = SessionFactory(council=world.council_x, status="convened")
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a, has_vote=True)
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert 'class="quorum-gauge' in body
    assert "0 presentes" in body and "0 confirmados por llegar" in body and "de 1 integrante con voto." in body


def test_the_session_page_shows_the_staff_the_projected_quorum_gauge_and_not_the_delegates(client, world):
    """On the session page the secretariat sees at a glance who is present and confirmed against what the quorum
    requires; a delegate does not get the council's count."""
    council = world.council_x
    council.quorum_rule = Council.QuorumRule.HALF_PLUS_ONE
    council.save()
    session = SessionFactory(council=council, status="convened")
    seats = [world.seat_a] + [SeatFactory(council=council) for _ in range(3)]  # A's delegate is invited
    for seat, answer in zip(seats, ("confirmed", "confirmed", "declined", "pending"), strict=True):
        InvitationFactory(session=session, institution=seat.institution, seat=seat, has_vote=True, answer=answer)
    url = reverse("sessions_app:detail", args=[session.pk])

    client.force_login(world.staff_x)
    body = client.get(url).content.decode()
    section = body[body.index('aria-labelledby="quorum-sesion"') :]
    section = section[: section.index("</section>")]
    assert "Quórum proyectado" in section and 'class="quorum-gauge' in section
    assert "0 presentes" in section and "2 confirmados por llegar" in section
    assert "de 4 integrantes con voto." in section and "Se requieren 3" in section
    assert "Aún no hay quórum." in section

    client.force_login(world.delegate_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "quorum-gauge" not in response.content.decode()

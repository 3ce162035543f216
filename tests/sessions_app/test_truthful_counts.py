"""Counts and their sentences are true in every state: draft, convened, held, closed, and with no voting seat."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Council
from sessions_app.models import Session
from sessions_app.selectors.quorum import Quorum
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(world, status, *, days=10, answers=(), attended=(), delivery="sent", has_vote=True):
    """A session of X with one invitation per answer given (``answers``) and those of ``attended`` present."""
    session = SessionFactory(council=world.council_x, status=status, starts_at=timezone.now() + dt.timedelta(days=days))
    for index, answer in enumerate(answers):
        InvitationFactory(
            session=session,
            institution__name=f"Institución {index} de la sesión {session.pk}",
            answer=answer,
            attended=index in attended,
            delivery=delivery,
            has_vote=has_vote,
        )
    return session


def _row(body: str, session: Session) -> str:
    """The table row of the session in a list."""
    start = body.index(f'<td><a href="{session.get_absolute_url()}">')
    return body[start : body.index("</tr>", start)]


# The lists of sessions: confirmations before, attendance after.


def test_the_list_shows_confirmations_before_and_attendance_after(client, world):
    answers = ["confirmed", "alternate", "pending", "declined"]
    convened = _session(world, Session.Status.CONVENED, answers=answers)
    held = _session(world, Session.Status.HELD, days=-3, answers=answers, attended={0, 2, 3})
    draft = _session(world, Session.Status.DRAFT, days=20)
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:list")).content.decode()
    assert "2 / 4 confirmaron" in _row(body, convened)
    assert "3 / 4 asistieron" in _row(body, held) and "confirmaron" not in _row(body, held)
    assert "sin convocar" in _row(body, draft) and "confirmaron" not in _row(body, draft)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "3 / 4 asistieron" in _row(dashboard, held)


# Confirmaciones.


def test_not_reached_institutions_are_not_said_to_have_answered(client, world):
    session = _session(world, Session.Status.CONVENED, answers=["confirmed", "pending", "pending"], delivery="not_sent")
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert "han respondido" not in body
    assert "Nadie más espera respuesta: 2 instituciones no fueron localizadas" in body
    assert "La convocatoria no se le envió." in body


def test_when_everyone_answered_it_says_so(client, world):
    session = _session(world, Session.Status.CONVENED, answers=["confirmed", "declined"])
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert "Todas las instituciones convocadas han respondido." in body


def test_a_draft_has_no_confirmations_to_show(client, world):
    session = _session(world, Session.Status.DRAFT, answers=["pending"], delivery="not_sent")
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert "La sesión está en borrador" in body
    assert "Quórum proyectado" not in body and "han respondido" not in body


def test_a_held_session_shows_its_attendance_not_its_confirmations(client, world):
    session = _session(
        world, Session.Status.HELD, days=-2, answers=["confirmed", "pending", "pending", "declined"], attended={0, 1, 2}
    )
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert "asistieron 3 de las 4 instituciones convocadas" in body
    assert "Quórum con la asistencia registrada" in body and "Quórum proyectado" not in body
    assert "Hay quórum: 3 integrantes con voto presentes; se requieren 3 de 4." in body


def test_without_voting_seats_no_quorum_is_computed(client, world):
    session = _session(world, Session.Status.CONVENED, answers=["confirmed", "pending"], has_vote=False)
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()
    assert "Ninguna institución convocada tiene voto: esta sesión no computa quórum." in body
    assert not re.search(r"Faltan? \d+ confirmaci", body)


# The check-in page.


def test_the_register_says_more_present_than_required_truthfully(client, world):
    world.council_x.quorum_rule = Council.QuorumRule.ANY_PRESENT
    world.council_x.save()
    session = _session(world, Session.Status.CONVENED, days=0, answers=["confirmed"] * 3, attended={0, 1, 2})
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert "de 1 requeridos" not in body
    assert "Hay quórum: 3 integrantes con voto presentes; se requiere 1 de 3." in body


@pytest.mark.parametrize(
    ("status", "says", "never"),
    [
        (Session.Status.DRAFT, "se registra una vez convocada", "ya no se modifica"),
        (Session.Status.CANCELLED, "no se registra asistencia", "ya no se modifica"),
        (Session.Status.CLOSED, "la asistencia ya no se modifica", "se registra una vez convocada"),
    ],
)
def test_a_closed_register_says_why_for_its_state(client, world, status, says, never):
    session = _session(world, status, days=-1 if status == Session.Status.CLOSED else 5, answers=["pending"])
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert says in body and never not in body


# The session page.


def test_the_held_session_page_says_who_attended_not_who_confirmed(client, world):
    session = _session(world, Session.Status.HELD, days=-2, answers=["confirmed", "confirmed"], attended={0})
    client.force_login(world.staff_x)
    body = client.get(session.get_absolute_url()).content.decode()
    convened = body[body.index('id="convocados"') :]
    assert "Asistió" in convened and "No asistió" in convened and "Confirmó" not in convened


# The sentence itself.


@pytest.mark.parametrize(
    ("quorum", "sentence"),
    [
        (Quorum(voting_seats=1, present=3, required=1), "3 integrantes con voto presentes; se requiere 1 de 1."),
        (
            Quorum(voting_seats=14, present=1, required=8),
            "1 integrante con voto presente; se requieren 8 de 14. Faltan 7.",
        ),
        (
            Quorum(voting_seats=4, present=2, required=3),
            "2 integrantes con voto presentes; se requieren 3 de 4. Falta 1.",
        ),
        (
            Quorum(voting_seats=0, present=0, required=1),
            "Ninguna institución convocada tiene voto: no se computa quórum.",
        ),
    ],
)
def test_the_quorum_sentence(quorum, sentence):
    assert quorum.count_sentence == sentence

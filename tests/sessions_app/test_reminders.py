"""Reminders to those who have not answered, N days before; running them twice sends nothing twice."""

import datetime as dt
import re
from io import StringIO
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from sessions_app.selectors.convocation import convocation_states
from sessions_app.services.answers import invitation_answer
from sessions_app.services.reminders import reminder_state, reminders_mark_now
from sessions_app.tasks import reminders_queue
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(world):
    """Council X reminds 3 days before; a session in 2 days with three reached invitations, one answered."""
    world.council_x.reminder_days = 3
    world.council_x.save()
    session = SessionFactory(council=world.council_x, starts_at=timezone.now() + dt.timedelta(days=2))
    invitations = []
    for name in ["Uno", "Dos", "Tres"]:
        seat = SeatFactory(council=world.council_x, institution__name=f"Institución {name}")
        invitations.append(
            InvitationFactory(
                session=session, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent"
            )
        )
    invitation_answer(invitation=invitations[2], answer="confirmed")
    return session, invitations


def _run(capture, **kwargs):
    with capture(execute=True):
        return reminders_queue(**kwargs)


def test_those_who_have_not_answered_are_reminded_once(soon, django_capture_on_commit_callbacks):
    session, (uno, dos, tres) = soon
    assert sorted(_run(django_capture_on_commit_callbacks)) == sorted([uno.pk, dos.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([uno.invitee.email, dos.invitee.email])
    message = mail.outbox[0]
    assert message.subject.startswith("Recordatorio: confirme su asistencia a la")
    assert "/sesiones/respuesta/" in message.body
    assert _run(django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 2, "a second run sends nothing again"
    uno.refresh_from_db()
    assert uno.reminded_at is not None


def test_the_command_reminds_and_says_how_many(soon, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    assert "Recordatorios en envío: 2" in out.getvalue()
    assert "Recordatorios en envío: 0" in out.getvalue()
    assert len(mail.outbox) == 2


def test_sessions_beyond_the_councils_window_are_not_reminded_yet(world, soon, django_capture_on_commit_callbacks):
    session, _ = soon
    session.starts_at = timezone.now() + dt.timedelta(days=5)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    assert _run(django_capture_on_commit_callbacks) == []
    world.council_x.reminder_days = 7
    world.council_x.save()
    assert len(_run(django_capture_on_commit_callbacks)) == 2


def test_past_cancelled_and_unreached_invitations_are_not_reminded(soon, django_capture_on_commit_callbacks):
    session, (uno, dos, _) = soon
    uno.delivery = "failed"
    uno.save()
    assert _run(django_capture_on_commit_callbacks) == [dos.pk]
    session.status = "cancelled"
    session.save()
    dos.reminded_at = None
    dos.save()
    assert _run(django_capture_on_commit_callbacks) == []


def test_a_reminder_that_could_not_be_delivered_is_tried_again_next_time(soon, django_capture_on_commit_callbacks):
    _, (uno, dos, _) = soon
    with mock.patch.object(EmailBackend, "send_messages", side_effect=SMTPServerDisconnected("caído")):
        _run(django_capture_on_commit_callbacks)
    uno.refresh_from_db()
    assert uno.reminded_at is None
    assert uno.delivery == "sent", "a failed reminder does not mark the convocation as not reached"
    assert sorted(_run(django_capture_on_commit_callbacks)) == sorted([uno.pk, dos.pk])
    assert len(mail.outbox) == 2


def test_celery_beat_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].hour == {9}


# «Enviar recordatorio» on demand, from the Confirmaciones page.


def _live(client, session):
    return client.get(reverse("sessions_app:attendance_live", args=[session.pk])).content.decode()


def _press(client, session):
    return client.post(reverse("sessions_app:reminders_send", args=[session.pk]), follow=True)


def test_the_staff_remind_those_without_an_answer_on_demand(soon, client, world, django_capture_on_commit_callbacks):
    session, (uno, dos, tres) = soon
    session.status = "convened"
    session.save()
    client.force_login(world.staff_x)
    assert "Enviar recordatorio a 2 instituciones sin respuesta" in _live(client, session)
    with django_capture_on_commit_callbacks(execute=True):
        page = _press(client, session).content.decode()
    assert "Se está enviando el recordatorio a 2 instituciones sin respuesta." in page
    assert sorted(m.to[0] for m in mail.outbox) == sorted([uno.invitee.email, dos.invitee.email])
    assert all(m.subject.startswith("Recordatorio:") for m in mail.outbox)
    # Pressed again (a double click, or a colleague on another screen): refused, with when it may be sent.
    with django_capture_on_commit_callbacks(execute=True):
        page = _press(client, session).content.decode()
    assert "Ya se envió un recordatorio hace poco; el siguiente puede enviarse desde el" in page
    assert re.search(r"puede enviarse desde el \d{1,2} de \w+ de \d{4} a las [1-9]?\d:\d\d horas\.", page)
    assert len(mail.outbox) == 2
    live = _live(client, session)
    assert "Enviar recordatorio a" not in live
    assert "Último recordatorio:" in live and "El siguiente puede enviarse desde el" in live
    assert re.search(r"Último recordatorio: \d{1,2} de \w+ de \d{4}, [1-9]?\d:\d\d horas\.", live)
    assert re.search(r"El siguiente puede enviarse desde el \d{1,2} de \w+ de \d{4} a las [1-9]?\d:\d\d horas", live)


def test_after_the_interval_a_new_reminder_goes_to_those_still_silent(soon, settings):
    session, (uno, dos, tres) = soon
    session.status = "convened"
    session.save()
    settings.REMINDER_MIN_INTERVAL_HOURS = 6
    first = timezone.now() - dt.timedelta(hours=7)
    assert sorted(reminders_mark_now(session=session, now=first)) == sorted([uno.pk, dos.pk])
    invitation_answer(invitation=uno, answer="declined", comment="Agenda")
    assert reminder_state(session=session).available
    assert reminders_mark_now(session=session) == [dos.pk]


@pytest.mark.parametrize(
    ("status", "starts_in", "message"),
    [
        ("draft", dt.timedelta(days=2), "Solo se envían recordatorios de una sesión convocada que aún no empieza."),
        ("convened", -dt.timedelta(minutes=5), "Solo se envían recordatorios de una sesión convocada"),
    ],
)
def test_no_reminder_for_a_session_not_convened_or_already_started(soon, status, starts_in, message):
    session, _invitations = soon
    session.status = status
    session.starts_at = timezone.now() + starts_in
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    assert not reminder_state(session=session).available
    with pytest.raises(ValidationError, match=message):
        reminders_mark_now(session=session)


def test_nobody_to_remind_when_all_answered(soon, client, world):
    session, invitations = soon
    session.status = "convened"
    session.save()
    for invitation in invitations[:2]:
        invitation_answer(invitation=invitation, answer="confirmed")
    client.force_login(world.staff_x)
    assert "Enviar recordatorio a" not in _live(client, session)
    page = _press(client, session).content.decode()
    assert "Nadie tiene pendiente su respuesta: no hay a quién recordar." in page
    assert mail.outbox == []


def test_only_the_councils_staff_may_send_it(soon, client, world):
    session, _invitations = soon
    session.status = "convened"
    session.save()
    for user in (world.staff_y, world.delegate_a):
        client.force_login(user)
        response = client.post(reverse("sessions_app:reminders_send", args=[session.pk]))
        assert response.status_code in (403, 404)
    assert mail.outbox == []
    assert not session.invitations.filter(reminded_at__isnull=False).exists()


def test_the_live_view_reads_the_reminder_from_its_rows_as_the_service_does(soon):
    """The live confirmations compute the reminder from the rows they read; the service reads the database."""
    session, _invitations = soon
    InvitationFactory(session=session, delivery="failed")  # not reached: not reminded
    InvitationFactory(session=session, delivery="sent", reminded_at=timezone.now() - dt.timedelta(hours=30))
    for when in (timezone.now(), timezone.now() + dt.timedelta(hours=30)):
        from_rows = reminder_state(session=session, now=when, rows=convocation_states(session=session))
        assert from_rows == reminder_state(session=session, now=when)
        assert from_rows.unanswered == 3 and from_rows.last_sent is not None

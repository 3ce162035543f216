"""Reminders to those who have not answered, N days before; running them twice sends nothing twice."""

import datetime as dt
from io import StringIO
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from config.celery import app as celery_app
from sessions_app.services.answers import invitation_answer
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

"""The day of the session: the register and the quorum open on the day, a little before the start; the tablet page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Session
from sessions_app.services.checkin import invitation_check_in
from sessions_app.services.quorum import session_declare_quorum
from sessions_app.services.status import available_actions, session_transition
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(world, starts_at, name="Institución Uno"):
    session = SessionFactory(council=world.council_x, starts_at=starts_at)
    seat = SeatFactory(council=world.council_x, institution__name=name, institution__short_name="IU")
    invitation = InvitationFactory(session=session, institution=seat.institution, seat=seat, invitee=seat.principal)
    return session, invitation


def test_weeks_before_the_session_check_in_and_quorum_are_refused_and_not_offered(client, world):
    """Check-in and quorum were accepted on 6 December for a session on 20 January."""
    session, invitation = _session(world, timezone.now() + dt.timedelta(days=45))
    assert not session.check_in_open
    with pytest.raises(ValidationError):
        invitation_check_in(invitation=invitation, attendee=invitation.invitee)
    with pytest.raises(ValidationError):
        session_declare_quorum(session=session)
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert "se abren el día de la sesión" in page
    assert reverse("sessions_app:quorum_declare", args=[session.pk]) not in page
    assert reverse("sessions_app:invitation_check_in", args=[invitation.pk]) not in page
    invitation.refresh_from_db()
    session.refresh_from_db()
    assert not invitation.attended and session.quorum_declared_at is None


@override_settings(CHECK_IN_OPENS_BEFORE_MINUTES=60)
def test_the_register_opens_the_configured_minutes_before_the_start(world, settings):
    settings.CHECK_IN_OPENS_BEFORE_MINUTES = 60
    now = timezone.now()
    later = _session(world, now + dt.timedelta(minutes=90))[0]
    soon = _session(world, now + dt.timedelta(minutes=30), name="Institución Dos")[0]
    assert not later.check_in_open
    assert soon.check_in_open, "whatever the hour, even when the session starts after midnight"
    session_declare_quorum(session=soon)


def test_a_quorum_recorded_before_attendance_could_open_is_not_shown_to_delegates(client, world):
    session, _ = _session(world, timezone.now() + dt.timedelta(days=45))
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a)
    Session.objects.filter(pk=session.pk).update(
        quorum_declared_at=timezone.now(), quorum_met=True, call="first", quorum_present=1, quorum_required=1
    )
    client.force_login(world.delegate_a)
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert "Quórum declarado" not in page.content.decode()


@pytest.fixture
def today(world):
    return _session(world, timezone.now() + dt.timedelta(minutes=10))


def test_the_tablet_page_has_a_search_box_and_taps_that_swap_only_the_row(client, world, today):
    session, invitation = today
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert "data-checkin-search" in page and "js/checkin.js" in page and "vendor/htmx/htmx.min.js" in page
    assert f'hx-target="#inv-{invitation.pk}"' in page and 'hx-select-oob="#quorum-card"' in page
    assert 'data-search="Institución Uno IU' in page
    assert f'name="attendee" value="{invitation.invitee.pk}"' in page


def test_a_tap_with_a_typed_time_records_that_time(client, world, today):
    session, invitation = today
    client.force_login(world.staff_x)
    url = reverse("sessions_app:invitation_check_in", args=[invitation.pk])
    client.post(url, {"attendee": invitation.invitee.pk, "arrived_at": "08:05"}, HTTP_HX_REQUEST="true")
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.arrived_at).strftime("%H:%M") == "08:05"


def test_a_walk_in_missing_data_shows_each_error_once_beside_its_field_and_keeps_the_typed_time(client, world, today):
    session, invitation = today
    client.force_login(world.staff_x)
    url = reverse("sessions_app:invitation_check_in", args=[invitation.pk])
    page = client.post(url, {"full_name": "Pedro Páramo", "arrived_at": "09:12"}).content.decode()
    assert page.count("Este dato es obligatorio.") == 2  # post and e-mail, each once
    assert page.count('class="invalid-feedback">Este dato es obligatorio.') == 2
    assert 'value="09:12"' in page and 'value="Pedro Páramo"' in page
    assert '<details class="mt-2" open>' in page
    assert page.count('aria-required="true"') >= 3
    invitation.refresh_from_db()
    assert not invitation.attended


def test_the_arrival_time_is_corrected_after_a_tap(client, world, today):
    session, invitation = today
    invitation_check_in(invitation=invitation, attendee=invitation.invitee)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:invitation_arrival", args=[invitation.pk])
    assert url in client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    # The start's own time: within the session's day and before its end, whatever the hour CI runs at.
    corrected = timezone.localtime(session.starts_at).strftime("%H:%M")
    assert client.post(url, {"arrived_at": corrected}).status_code == 302
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.arrived_at).strftime("%H:%M") == corrected
    bad = client.post(url, {"arrived_at": "25:99"})
    assert bad.status_code == 200 and 'value="25:99"' in bad.content.decode()
    client.force_login(world.staff_y)
    assert client.post(url, {"arrived_at": "07:00"}).status_code == 403
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.arrived_at).strftime("%H:%M") == corrected


def test_a_convened_session_is_marked_held_once_its_day_has_come_not_before(world):
    future, _ = _session(world, timezone.now() + dt.timedelta(days=3))
    assert "hold" not in [a.slug for a in available_actions(future)]
    with pytest.raises(ValidationError) as caught:
        session_transition(session=future, to=Session.Status.HELD)
    assert "Aún no es el día de la sesión" in caught.value.messages[0]
    past, _ = _session(world, timezone.now() - dt.timedelta(hours=1), name="Institución Dos")
    assert "hold" in [a.slug for a in available_actions(past)]
    assert session_transition(session=past, to=Session.Status.HELD).status == Session.Status.HELD


def test_after_the_session_a_tap_needs_the_time_of_arrival_never_todays(client, world):
    session, invitation = _session(world, timezone.now() - dt.timedelta(days=30))
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    client.force_login(world.staff_x)
    page = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert "vacía: ahora" not in page
    url = reverse("sessions_app:invitation_check_in", args=[invitation.pk])
    refused = client.post(url, {"attendee": invitation.invitee.pk}).content.decode()
    assert refused.count("La sesión ya terminó: escriba la hora de llegada.") == 1
    invitation.refresh_from_db()
    assert not invitation.attended
    client.post(url, {"attendee": invitation.invitee.pk, "arrived_at": "10:05"})
    invitation.refresh_from_db()
    assert invitation.attended
    assert timezone.localtime(invitation.arrived_at).date() == timezone.localtime(session.starts_at).date()


def test_the_session_page_offers_marking_held_on_its_day_and_correcting_times_once_held(client, world):
    client.force_login(world.staff_x)
    future, _ = _session(world, timezone.now() + dt.timedelta(days=3))
    hold = reverse("sessions_app:status", args=[future.pk, "hold"])
    page = client.get(future.get_absolute_url()).content.decode()
    assert hold not in page and "Corregir horarios" not in page
    refused = client.post(hold, follow=True).content.decode()
    assert "Aún no es el día de la sesión" in refused or "no está disponible" in refused
    past, _ = _session(world, timezone.now() - dt.timedelta(hours=2), name="Institución Dos")
    hold = reverse("sessions_app:status", args=[past.pk, "hold"])
    assert hold in client.get(past.get_absolute_url()).content.decode()
    client.post(hold)
    past.refresh_from_db()
    assert past.status == Session.Status.HELD
    page = client.get(past.get_absolute_url()).content.decode()
    assert reverse("sessions_app:correct_times", args=[past.pk]) in page


def test_after_the_session_the_quorum_is_declared_with_the_time_it_was_declared_never_now(client, world):
    session, invitation = _session(world, timezone.now() - dt.timedelta(days=30))
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    invitation_check_in(invitation=invitation, attendee=invitation.invitee, arrived_at=session.starts_at)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:quorum_declare", args=[session.pk])
    assert 'name="time"' in client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    refused = client.post(url, {"call": "first"}, follow=True).content.decode()
    assert "La sesión ya terminó: indique la hora en que se declaró el quórum." in refused
    session.refresh_from_db()
    assert session.quorum_declared_at is None
    start = timezone.localtime(session.starts_at)
    client.post(url, {"call": "first", "time": (start + dt.timedelta(minutes=5)).strftime("%H:%M")})
    session.refresh_from_db()
    assert timezone.localtime(session.quorum_declared_at).date() == start.date()
    assert session.quorum_met and session.quorum_declared


def test_a_session_marked_held_before_its_scheduled_end_ends_then_and_its_times_are_corrected_as_shown(client, world):
    """Marked held half an hour into a two-hour session: it ended then, and "Corregir horarios" accepts its
    own form as shown (it refused the scheduled end, still to come, as "not yet held")."""
    session, invitation = _session(world, timezone.now() - dt.timedelta(minutes=30))
    invitation_check_in(invitation=invitation, attendee=invitation.invitee)
    scheduled_end = session.ends_at
    client.force_login(world.staff_x)
    hold = reverse("sessions_app:status", args=[session.pk, "hold"])
    assert "se registrará como hora de término este momento" in client.get(hold).content.decode()
    before = timezone.now()
    client.post(hold)
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert before <= session.ends_at <= timezone.now()
    assert session.history.filter(ends_at=scheduled_end).exists()
    url = reverse("sessions_app:correct_times", args=[session.pk])
    assert url in client.get(session.get_absolute_url()).content.decode()
    form = client.get(url).context["form"]
    data = {
        key: value.strftime("%H:%M") if isinstance(value, dt.time) else value
        for key, value in form.initial.items()
        if value is not None
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    session.refresh_from_db()
    assert session.ends_at <= timezone.now()


def test_a_session_not_yet_started_is_not_marked_held_nor_offered_to_be(client, world):
    session, _ = _session(world, timezone.now() + dt.timedelta(minutes=20))
    assert not session.can_be_marked_held
    assert "hold" not in [a.slug for a in available_actions(session)]
    with pytest.raises(ValidationError) as caught:
        session_transition(session=session, to=Session.Status.HELD)
    assert caught.value.code == "not_started"
    assert "se marca como celebrada a partir de" in caught.value.messages[0]

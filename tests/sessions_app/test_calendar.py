"""The month calendar of sessions, and each council's private iCalendar feed."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from sessions_app.models import Session
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _month(client, year, month):
    return client.get(reverse("sessions_app:calendar_month", args=[year, month]))


def test_the_month_grid_places_each_session_on_its_day_with_a_link(client, world):
    session = SessionFactory(council=world.council_x, starts_at=_at(2025, 3, 14, 17))
    client.force_login(world.staff_x)
    response = _month(client, 2025, 3)
    body = response.content.decode()
    assert "marzo 2025" in body.lower()
    day = next(day for week in response.context["weeks"] for day in week if day.day == dt.date(2025, 3, 14))
    assert day.sessions == [session]
    assert session.get_absolute_url() in body and "17:00" in body
    # Weeks start on Monday: 1 March 2025 is a Saturday.
    assert response.context["weeks"][0][0].day == dt.date(2025, 2, 24)
    assert reverse("sessions_app:calendar_month", args=[2025, 2]) in body
    assert reverse("sessions_app:calendar_month", args=[2025, 4]) in body


def test_the_weekdays_keep_their_accents_in_spanish_and_read_as_english_in_english(client, world):
    """The header says "Mié" and "Sáb" (Babel's "mié", "sáb", capitalised by the page), never Django's "Mie", "Sab"."""
    client.force_login(world.staff_x)
    body = _month(client, 2025, 3).content.decode()
    headers = re.findall(r'<th scope="col" class="[^"]*text-capitalize[^"]*">([^<]+)</th>', body)
    assert headers == ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]
    assert not re.search(r">\s*(Mie|Sab|mie|sab)\b", body)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = _month(client, 2025, 3).content.decode()
    headers = re.findall(r'<th scope="col" class="[^"]*text-capitalize[^"]*">([^<]+)</th>', body)
    assert headers == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_a_session_late_at_night_falls_on_its_local_day(client, world):
    session = SessionFactory(council=world.council_x, starts_at=_at(2025, 3, 31, 23))  # 05:00 UTC on 1 April
    client.force_login(world.staff_x)
    weeks = _month(client, 2025, 3).context["weeks"]
    day = next(day for week in weeks for day in week if day.day == dt.date(2025, 3, 31))
    assert day.sessions == [session]


def test_year_boundaries_link_to_december_and_january(client, world):
    client.force_login(world.staff_x)
    body = _month(client, 2025, 1).content.decode()
    assert reverse("sessions_app:calendar_month", args=[2024, 12]) in body
    body = _month(client, 2025, 12).content.decode()
    assert reverse("sessions_app:calendar_month", args=[2026, 1]) in body


def test_delegates_see_only_their_institutions_sessions(client, world):
    mine = SessionFactory(council=world.council_x, starts_at=_at(2025, 5, 6))
    InvitationFactory(session=mine, institution=world.seat_a.institution)
    theirs = SessionFactory(council=world.council_y, starts_at=_at(2025, 5, 7))
    InvitationFactory(session=theirs, institution=world.seat_b.institution)
    not_invited = SessionFactory(council=world.council_x, starts_at=_at(2025, 5, 8))
    client.force_login(world.delegate_a)
    body = _month(client, 2025, 5).content.decode()
    assert mine.get_absolute_url() in body
    assert theirs.get_absolute_url() not in body and not_invited.get_absolute_url() not in body


def test_drafts_appear_only_to_the_staff(client, world):
    draft = SessionFactory(council=world.council_x, starts_at=_at(2025, 5, 6), status=Session.Status.DRAFT)
    InvitationFactory(session=draft, institution=world.seat_a.institution)
    client.force_login(world.staff_x)
    assert draft.get_absolute_url() in _month(client, 2025, 5).content.decode()
    client.force_login(world.delegate_a)
    assert draft.get_absolute_url() not in _month(client, 2025, 5).content.decode()


def test_an_empty_month_says_so_and_a_bad_month_is_404(client, world):
    client.force_login(world.staff_x)
    assert "No hay sesiones este mes" in _month(client, 2031, 7).content.decode()
    assert _month(client, 2025, 13).status_code == 404
    assert client.get(reverse("sessions_app:calendar_month")).status_code == 200


def test_the_calendar_needs_a_login(client):
    response = client.get(reverse("sessions_app:calendar_month"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _feed(client, council):
    return client.get(reverse("sessions_app:feed", args=[council.feed_token]))


def test_the_feed_parses_back_with_the_councils_announced_sessions(client, world):
    convened = SessionFactory(
        council=world.council_x,
        starts_at=_at(2025, 9, 5),
        modality=Session.Modality.HYBRID,
        video_url="https://reuniones.nl.gob.mx/consejo",
    )
    cancelled = SessionFactory(council=world.council_x, starts_at=_at(2025, 10, 5), status=Session.Status.CANCELLED)
    postponed = SessionFactory(council=world.council_x, starts_at=_at(2025, 11, 5), status=Session.Status.POSTPONED)
    draft = SessionFactory(council=world.council_x, starts_at=_at(2025, 12, 5), status=Session.Status.DRAFT)
    response = _feed(client, world.council_x)  # no login: the secret URL is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "X"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"session-{s.pk}@sesiones" for s in (world.session_x, convened, cancelled, postponed)}
    assert f"session-{draft.pk}@sesiones" not in events
    event = events[f"session-{convened.pk}@sesiones"]
    assert event.decoded("DTSTART") == convened.starts_at
    assert "https://reuniones.nl.gob.mx/consejo" in str(event["LOCATION"])
    assert str(events[f"session-{cancelled.pk}@sesiones"]["STATUS"]) == "CANCELLED"
    assert str(events[f"session-{postponed.pk}@sesiones"]["STATUS"]) == "TENTATIVE"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "— Y" not in response.content.decode()  # council Y's session is in its own feed only


def test_a_wrong_token_is_404(client, world):
    assert client.get(reverse("sessions_app:feed", args=["no-es-la-clave"])).status_code == 404


def test_staff_see_the_feed_url_and_rotate_it_after_confirming(client, world):
    client.force_login(world.staff_x)
    old_token = world.council_x.feed_token
    page = client.get(world.council_x.get_absolute_url()).content.decode()
    assert f"http://testserver{reverse('sessions_app:feed', args=[old_token])}" in page
    url = reverse("sessions_app:feed_rotate", args=[world.council_x.pk])
    assert "Sí, cambiar la dirección" in client.get(url).content.decode()
    world.council_x.refresh_from_db()
    assert world.council_x.feed_token == old_token  # the confirmation page changes nothing
    response = client.post(url, follow=True)
    assert "la anterior dejó de funcionar" in response.content.decode()
    world.council_x.refresh_from_db()
    assert world.council_x.feed_token != old_token
    client.logout()
    assert client.get(reverse("sessions_app:feed", args=[old_token])).status_code == 404
    assert _feed(client, world.council_x).status_code == 200


def test_delegates_do_not_see_the_feed_url(client, world):
    client.force_login(world.delegate_a)
    page = client.get(world.council_x.get_absolute_url()).content.decode()
    assert world.council_x.feed_token not in page

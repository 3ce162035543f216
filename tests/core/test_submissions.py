"""Creation forms create once: the same form sent twice, in a row or at the same moment, saves one record."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.models import Seat
from members.models import Institution, Person
from sessions_app.models import AgendaItem, Agreement, Session, Vote
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import InstitutionFactory, UserFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

YEAR = timezone.localdate().year + 3
REPEATED = "Esto ya se había registrado"


def form_token(page: str) -> str:
    """The one-time token of the page's (only) creation form."""
    tokens = re.findall(r'name="form_token" value="([^"]+)"', page)
    assert len(tokens) == 1, "the page should carry one creation form with its token"
    return tokens[0]


def held_session(council) -> Session:
    session = SessionFactory(council=council, starts_at=timezone.now() - dt.timedelta(days=7), status="held")
    AgendaItemFactory(session=session, title="Programa estatal")
    return session


def _agreement(world):
    session = held_session(world.council_x)
    data = {"text": "Se aprueba el programa estatal.", "responsible": [world.seat_a.institution.pk]}
    return reverse("agreements:create", args=[session.pk]), data, lambda: Agreement.objects.filter(session=session)


def _session(world):
    return _scheduling(world.council_x)


def _scheduling(council):
    data = {
        "kind": "ordinary",
        "date": f"{YEAR}-03-10",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Palacio de Gobierno",
        "city": "Monterrey",
        "state": "Nuevo León",
        "modality": "in_person",
    }
    url = reverse("sessions_app:create", args=[council.pk])
    return url, data, lambda: Session.objects.filter(council=council, year=YEAR)


def _seat(world):
    institution = InstitutionFactory(name="Fiscalía General de Justicia")
    data = {"institution": institution.pk, "role": Seat.Role.MEMBER, "has_vote": "on", "valid_from": "2024-01-01"}
    data["order"] = 10
    url = reverse("council:seat_create", args=[world.council_x.pk])
    return url, data, lambda: Seat.objects.filter(council=world.council_x, institution=institution)


def _person(world):
    institution = world.seat_a.institution
    data = {
        "honorific": "Mtra.",
        "full_name": "Carmen Villarreal",
        "post": "Directora de Atención a Víctimas",
        "institution": institution.pk,
        "email": "cvillarreal@nl.gob.mx",
        "is_active": "on",
    }
    url = reverse("members:person_create", args=[institution.pk])
    return url, data, lambda: Person.objects.filter(full_name="Carmen Villarreal")


def _institution(world):
    data = {
        "name": "Secretaría de Movilidad",
        "short_name": "SEMOV",
        "kind": Institution.Kind.STATE_MINISTRY,
        "government_order": Institution.GovernmentOrder.STATE,
        "state": "19",  # Nuevo León: a state body is placed in its state
        "city": "Monterrey, Nuevo León",
        "is_active": "on",
    }
    return reverse("members:institution_create"), data, lambda: Institution.objects.filter(short_name="SEMOV")


def _vote(world):
    """A majority vote on an item of a session under way; recorded twice, its history would show two records."""
    session = SessionFactory(council=world.council_x, starts_at=timezone.now() - dt.timedelta(hours=1), quorum_met=True)
    a = InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a, attended=True)
    item = AgendaItemFactory(session=session, kind=AgendaItem.Kind.FOR_AGREEMENT, title="Programa estatal")
    data = {"method": "majority", f"ballot_{a.pk}": "for"}
    return reverse("sessions_app:vote", args=[session.pk, item.pk]), data, lambda: Vote.history.filter(agenda_item=item)


def _agenda_item(world):
    data = {"title": "Informe del grupo de trabajo", "kind": AgendaItem.Kind.PRESENTATION, "duration_minutes": 15}
    url = reverse("sessions_app:agenda_item_create", args=[world.session_x.pk])
    return url, data, lambda: AgendaItem.objects.filter(title="Informe del grupo de trabajo")


CREATIONS = {
    "acuerdo": _agreement,
    "sesión": _session,
    "lugar": _seat,
    "persona": _person,
    "institución": _institution,
    "votación": _vote,
    "punto del orden del día": _agenda_item,
}


@pytest.mark.django_db
@pytest.mark.parametrize("what", CREATIONS)
def test_a_form_sent_twice_creates_once_and_the_repeat_goes_where_the_first_went(client, world, what):
    url, data, created = CREATIONS[what](world)
    client.force_login(world.staff_x)
    data = {**data, "form_token": form_token(client.get(url).content.decode())}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    repeat = client.post(url, data, follow=True)
    assert created().count() == 1
    assert repeat.redirect_chain[0][0] == first["Location"]
    assert REPEATED in repeat.content.decode()


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_free_for_the_corrected_one(client, world):
    url, data, created = _agreement(world)
    client.force_login(world.staff_x)
    token = form_token(client.get(url).content.decode())
    refused = client.post(url, {**data, "text": "Ok", "form_token": token})
    assert refused.status_code == 200 and "al menos 10 caracteres" in refused.content.decode()
    saved = client.post(url, {**data, "form_token": token}, follow=True)
    assert "Se registró el acuerdo" in saved.content.decode() and created().count() == 1


@pytest.mark.django_db
def test_the_same_page_sent_again_with_other_data_is_another_record(client, world):
    """Back, change, send: not a repeat but a second agreement, which is not lost."""
    url, data, created = _agreement(world)
    client.force_login(world.staff_x)
    token = form_token(client.get(url).content.decode())
    client.post(url, {**data, "form_token": token})
    client.post(url, {**data, "text": "Se aprueba también el calendario.", "form_token": token})
    assert created().count() == 2


@pytest.mark.django_db
def test_each_rendering_of_the_form_is_a_new_submission(client, world):
    """Two agreements recorded one after the other from freshly opened forms are both saved."""
    url, data, created = _agreement(world)
    client.force_login(world.staff_x)
    for _ in range(2):
        client.post(url, {**data, "form_token": form_token(client.get(url).content.decode())})
    assert created().count() == 2


@pytest.mark.django_db
def test_another_users_token_does_not_lead_to_what_they_created(client, world):
    url, data, created = _institution(world)
    client.force_login(world.staff_x)
    data = {**data, "form_token": form_token(client.get(url).content.decode())}
    client.post(url, data)
    client.force_login(world.staff_y)
    response = client.post(url, data)
    assert response.status_code == 200 and REPEATED not in response.content.decode()
    assert "Ya existe" in response.content.decode()  # the directory's own refusal of a duplicate name
    assert created().count() == 1


# --- At the same moment: threads with their own connections, on PostgreSQL ---------------------------------


def _parallel_posts(user, url: str, data: dict, *, times: int = 3) -> list[int]:
    """Send the same form ``times`` times at once, as impatient clicks on several workers would; their statuses."""
    barrier = threading.Barrier(times)
    statuses, errors = [], []

    def send():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # the test reports whatever a thread hit
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


def _staff_of_a_council():
    council = CouncilFactory(name="Consejo Paralelo", short_name="CP")
    seat = SeatFactory(council=council, institution__name="Institución Paralela")
    staff = UserFactory(username="staff_paralelo")
    council.staff.add(staff)
    return council, seat, staff


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_agreement_form_record_one_agreement():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes; the race only exists on PostgreSQL.")
    council, seat, staff = _staff_of_a_council()
    session = held_session(council)
    url = reverse("agreements:create", args=[session.pk])
    client = Client()
    client.force_login(staff)
    data = {"text": "Se aprueba el programa estatal.", "responsible": [seat.institution.pk]}
    data["form_token"] = form_token(client.get(url).content.decode())
    assert _parallel_posts(staff, url, data) == [302, 302, 302]
    assert list(Agreement.objects.filter(session=session).values_list("number", flat=True)) == [
        f"{council.agreement_prefix}/{session.number:02d}-ORD/{session.year}/01"
    ]


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_of_one_scheduling_form_schedule_one_session():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes; the race only exists on PostgreSQL.")
    council, _seat, staff = _staff_of_a_council()
    url, data, created = _scheduling(council)
    client = Client()
    client.force_login(staff)
    data["form_token"] = form_token(client.get(url).content.decode())
    assert _parallel_posts(staff, url, data) == [302, 302, 302]
    assert [session.title for session in created()] == [f"Primera Sesión Ordinaria {YEAR}"]

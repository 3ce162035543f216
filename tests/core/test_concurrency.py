"""Two people editing the same record: the later save from an older reading is refused and nothing is lost.

For every edit form: both read the page, the first saves, the second's save is refused (409) with the
panel that shows what the first saved next to what the second typed; the first's change stays, the
second's typing stays on the form, and saving it again (now knowingly) goes through.
"""

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.models import Council, Seat, WorkingGroup
from members.models import Institution, Person
from members.services import directory as member_services
from sessions_app.models import AgendaItem, Agreement, InformativeNote, Minutes, Session
from sessions_app.services.notes import informative_note_create_draft
from tests.council.factories import WorkingGroupFactory
from tests.formdata import post_data
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, SessionFactory

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    url: str
    field: str
    stored: Any  # reads the field back from the database


def _council(w):
    return Case(
        reverse("council:edit", args=[w.council_x.pk]), "name", lambda: Council.objects.get(pk=w.council_x.pk).name
    )


def _seat(w):
    url = reverse("council:seat_edit", args=[w.council_x.pk, w.seat_a.pk])
    return Case(url, "order", lambda: str(Seat.objects.get(pk=w.seat_a.pk).order))


def _group(w):
    group = WorkingGroupFactory(council=w.council_x, coordinator=w.seat_a.institution, formed_at=w.session_x)
    url = reverse("council:group_edit", args=[w.council_x.pk, group.pk])
    return Case(url, "name", lambda: WorkingGroup.objects.get(pk=group.pk).name)


def _institution(w):
    pk = w.seat_a.institution_id
    return Case(reverse("members:institution_edit", args=[pk]), "name", lambda: Institution.objects.get(pk=pk).name)


def _person(w):
    pk = w.seat_a.principal_id
    return Case(reverse("members:person_edit", args=[pk]), "post", lambda: Person.objects.get(pk=pk).post)


def _session(w):
    pk = w.session_x.pk
    return Case(reverse("sessions_app:update", args=[pk]), "venue", lambda: Session.objects.get(pk=pk).venue)


def _agreement(w):
    agreement = AgreementFactory(session=w.session_x)
    url = reverse("agreements:edit", args=[agreement.pk])
    return Case(url, "text", lambda: Agreement.objects.get(pk=agreement.pk).text)


def _agenda_item(w):
    item = AgendaItemFactory(session=w.session_x, order=90)
    url = reverse("sessions_app:agenda_item_update", args=[w.session_x.pk, item.pk])
    return Case(url, "title", lambda: AgendaItem.objects.get(pk=item.pk).title)


def _item_notes(w):
    item = AgendaItemFactory(session=w.session_x, order=91)
    url = reverse("sessions_app:item_notes", args=[w.session_x.pk, item.pk])
    return Case(url, "notes", lambda: AgendaItem.objects.get(pk=item.pk).notes)


def _minutes(w):
    minutes = Minutes.objects.create(session=w.session_x, body="Acta de la sesión.\n")
    url = reverse("sessions_app:minutes_edit", args=[w.session_x.pk])
    return Case(url, "body", lambda: Minutes.objects.get(pk=minutes.pk).body.strip())


def _note(w):
    held = SessionFactory(
        council=w.council_x, status=Session.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=3)
    )
    informative_note_create_draft(session=held, issuing_unit=w.seat_a.institution.issuing_units.get())
    url = reverse("sessions_app:note_edit", args=[held.pk])
    return Case(url, "place", lambda: InformativeNote.objects.filter(session=held).latest("version").place)


CASES = {
    "council": _council,
    "seat": _seat,
    "working_group": _group,
    "institution": _institution,
    "person": _person,
    "session": _session,
    "agreement": _agreement,
    "agenda_item": _agenda_item,
    "item_notes": _item_notes,
    "minutes": _minutes,
    "note": _note,
}
FIRST = {"order": "7", "default": "Lo que guardó la primera persona"}
SECOND = {"order": "9", "default": "Lo que escribió la segunda persona"}


def _reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _read(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return post_data(response.context["form"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_second_of_two_readers_is_shown_both_versions_and_loses_nothing(world, name):
    case = CASES[name](world)
    first, second = _reader(world.staff_x), _reader(world.admin)
    first_data, second_data = _read(first, case.url), _read(second, case.url)
    mine, theirs = SECOND.get(case.field, SECOND["default"]), FIRST.get(case.field, FIRST["default"])

    assert first.post(case.url, {**first_data, case.field: theirs}).status_code == 302
    refused = second.post(case.url, {**second_data, case.field: mine})

    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Otra persona guardó cambios mientras usted editaba" in body
    assert theirs in body and mine in body  # side by side, and what the second typed stays in the form
    assert f"Último cambio: {world.staff_x.get_full_name() or world.staff_x.username}" in body
    assert "Empezar desde la versión actual" in body
    assert case.stored() == theirs  # nothing of the first is lost
    assert theirs in second.get(case.url).content.decode()  # starting again shows the current version

    again = post_data(refused.context["form"])  # the form as shown, now carrying the current version
    assert second.post(case.url, again).status_code == 302
    assert case.stored() == mine


def test_a_form_posted_without_its_version_is_refused_not_saved(world):
    """A save that says nothing of what it was made from is not trusted to overwrite."""
    case = _person(world)
    client = _reader(world.staff_x)
    data = {**_read(client, case.url), "post": "Sin versión"}
    data.pop("version")
    assert client.post(case.url, data).status_code == 409
    assert case.stored() != "Sin versión"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins(world, monkeypatch):
    """Two requests, each on its own connection, save the same person at once: one is saved, one is refused."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes and has no SELECT … FOR UPDATE; the race only exists on PostgreSQL.")
    original = member_services.version_check

    def slow_check(*args, **kwargs):
        original(*args, **kwargs)
        time.sleep(0.3)  # both would pass the check here if the row were not locked

    monkeypatch.setattr(member_services, "version_check", slow_check)
    case = _person(world)
    clients = [_reader(world.staff_x), _reader(world.admin)]
    forms = [_read(client, case.url) for client in clients]
    barrier = threading.Barrier(2)
    statuses, errors = {}, []

    def save(n):
        try:
            barrier.wait()
            statuses[n] = clients[n].post(case.url, {**forms[n], "post": f"Cargo {n}"}).status_code
        except Exception as exc:  # the test reports whatever a thread hit
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses.values()) == [302, 409]
    winner = next(n for n, status in statuses.items() if status == 302)
    assert case.stored() == f"Cargo {winner}"

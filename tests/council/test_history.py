"""The audit history pages of a council and of a session: who changed what and when."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import registered_models

from core.history import OUTSIDE_SCOPES, PAGE_SIZE, SCOPES
from council.forms import CouncilForm
from sessions_app.models import Invitation
from tests.council.factories import SeatFactory, WorkingGroupFactory
from tests.formdata import post_data, read_version
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory

pytestmark = pytest.mark.django_db


def _as(user, obj):
    """Attribute the next save of obj to user, as a web request would (simple-history's middleware)."""
    obj._history_user = user
    return obj


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_model_with_history_is_shown_on_a_history_page():
    """A new model with history must say where its changes are read: register it in its app's history.py."""
    covered = {label for scope in SCOPES.values() for label in scope} | OUTSIDE_SCOPES
    missing = sorted(model._meta.label for model in registered_models.values() if model._meta.label not in covered)
    assert not missing, (
        f"Models with history but on no history page: {missing}. Register each in its app's "
        "history.py with core.history.register (the path to the council's or the session's id) or register_outside."
    )


def test_a_change_made_in_the_browser_names_who_made_it_and_what_changed(client, world):
    client.force_login(world.staff_x)
    council = world.council_x
    data = post_data(CouncilForm(instance=council, viewer=world.staff_x))
    data["name"] = "Consejo X Renombrado"
    url = reverse("council:edit", args=[council.pk])
    response = client.post(url, {**data, **read_version(client, url)})
    assert response.status_code == 302, response.content.decode()[:2000]

    body = _page(client, world.staff_x, reverse("council:history", args=[council.pk]))
    assert "staff_x" in body
    assert "Modificó" in body and "Consejo: <strong>Consejo X Renombrado</strong>" in body
    assert "<dt>Nombre</dt>" in body
    assert "Consejo X</del>" in body and "Consejo X Renombrado</ins>" in body


def test_foreign_keys_choices_and_booleans_read_as_names(client, world):
    seat = world.seat_a
    new_principal = PersonFactory(institution=seat.institution, full_name="Laura Cantú Garza", honorific="Mtra.")
    old_name = seat.principal.display_name
    seat.principal = new_principal
    seat.role = seat.Role.GUEST
    seat.has_vote = False
    _as(world.staff_x, seat).save()

    body = _page(client, world.staff_x, reverse("council:history", args=[world.council_x.pk]))
    assert "Lugar: <strong>Institución A</strong>" in body
    assert f"{old_name}</del>" in body and "Mtra. Laura Cantú Garza</ins>" in body
    assert "Integrante</del>" in body and "Invitado permanente</ins>" in body
    assert "Sí</del>" in body and "No</ins>" in body


def test_the_session_history_gathers_what_was_recorded_in_the_session(client, world):
    session = world.session_x
    item = AgendaItemFactory(session=session, title="Presentación del programa estatal")
    invitation = world.invitation_a
    invitation.answer = Invitation.Answer.CONFIRMED
    _as(world.delegate_a, invitation).save()
    AgreementFactory(session=session, agenda_item=item)
    AgendaItemFactory(session=world.session_y, title="Punto de otra sesión")

    body = _page(client, world.staff_x, reverse("sessions_app:history", args=[session.pk]))
    assert "Punto del orden del día" in body and "Presentación del programa estatal" in body
    assert "Invitación: <strong>Institución A</strong>" in body
    assert "delegado_a" in body and "Sin respuesta</del>" in body and "Confirmó</ins>" in body
    assert "Acuerdo" in body
    assert "Punto de otra sesión" not in body


def test_changes_without_a_person_are_attributed_to_the_system(client, world):
    world.session_x.venue = "Salón Polivalente"
    world.session_x.save()
    body = _page(client, world.staff_x, reverse("sessions_app:history", args=[world.session_x.pk]))
    assert "Sistema (proceso automático)" in body and "Salón Polivalente</ins>" in body


def test_each_change_is_dated_in_words(client, world):
    """ "7 de diciembre de 2026, 12:01 horas", as every page writes a date and time, never "07/12/2026 12:01:05"."""
    from core.wording import long_date

    world.session_x.venue = "Salón Polivalente"
    world.session_x.save()
    when = world.session_x.history.first().history_date
    body = _page(client, world.staff_x, reverse("sessions_app:history", args=[world.session_x.pk]))
    assert f">{long_date(when, 'datetime')}</td>" in body
    assert not re.search(r"\d\d/\d\d/\d{4}", body)


def test_a_changed_date_reads_with_its_month_in_lower_case(client, world):
    """The old and new value of a date read "6 de diciembre de 2026, 10:00 horas", never "6 de Diciembre"."""
    from django.utils import timezone

    session = world.session_x
    session.starts_at = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    session.starts_at = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 30))
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    body = _page(client, world.staff_x, reverse("sessions_app:history", args=[session.pk]))
    assert "6 de diciembre de 2026, 10:00 horas</del>" in body and "7 de diciembre de 2026, 9:30 horas</ins>" in body
    assert "Diciembre" not in body


def test_entries_are_newest_first_and_paginated(client, world):
    group = WorkingGroupFactory(council=world.council_x, name="Grupo 0")
    for number in range(1, PAGE_SIZE + 5):
        group.name = f"Grupo {number}"
        _as(world.staff_x, group).save()
    url = reverse("council:history", args=[world.council_x.pk])

    first = _page(client, world.staff_x, url)
    assert first.count("<tr>") - 1 == PAGE_SIZE  # minus the header row
    assert first.index(f"Grupo {PAGE_SIZE + 4}</ins>") < first.index(f"Grupo {PAGE_SIZE + 3}</ins>")
    assert "Página 1 de 2" in first
    second = _page(client, world.staff_x, url + "?page=2")
    assert "Página 2 de 2" in second and "Grupo 1</ins>" in second
    assert f"Grupo {PAGE_SIZE + 4}</ins>" not in second
    assert client.get(url + "?page=nada").status_code == 200
    assert client.get(url + "?page=999").status_code == 200


def test_a_new_council_without_changes_says_so(client, world):
    from tests.council.factories import CouncilFactory

    council = CouncilFactory()
    council.history.all().delete()
    body = _page(client, world.admin, reverse("council:history", args=[council.pk]))
    assert "Aún no hay cambios registrados." in body


@pytest.mark.parametrize(
    ("user", "status"),
    [("staff_x", 200), ("admin", 200), ("staff_y", 403), ("delegate_a", 403), ("delegate_b", 403), (None, 302)],
)
@pytest.mark.parametrize("page", ["council", "session"])
def test_history_pages_are_for_the_councils_staff_and_admins(client, world, user, status, page):
    url = {
        "council": reverse("council:history", args=[world.council_x.pk]),
        "session": reverse("sessions_app:history", args=[world.session_x.pk]),
    }[page]
    if user:
        client.force_login(getattr(world, user))
    assert client.get(url).status_code == status


def test_the_pages_link_to_their_history(client, world):
    body = _page(client, world.staff_x, world.council_x.get_absolute_url())
    assert reverse("council:history", args=[world.council_x.pk]) in body
    body = _page(client, world.staff_x, world.session_x.get_absolute_url())
    assert reverse("sessions_app:history", args=[world.session_x.pk]) in body


def _grow(world, n):
    """n more changes of every kind the two pages show."""
    for index in range(n):
        seat = SeatFactory(council=world.council_x)
        seat.has_vote = False
        _as(world.staff_x, seat).save()
        group = WorkingGroupFactory(council=world.council_x)
        group.mandate = f"Mandato {index}"
        group.save()
        item = AgendaItemFactory(session=world.session_x)
        item.title = f"Punto cambiado {index}"
        _as(world.staff_x, item).save()
        agreement = AgreementFactory(session=world.session_x, agenda_item=item)
        agreement.text = f"Texto cambiado {index}"
        agreement.save()
        world.session_x.venue = f"Sede {index}"
        world.session_x.save()


@pytest.mark.parametrize("page", ["council", "session"])
def test_history_pages_keep_a_fixed_number_of_queries(client, world, page):
    url = {
        "council": reverse("council:history", args=[world.council_x.pk]),
        "session": reverse("sessions_app:history", args=[world.session_x.pk]),
    }[page]
    client.force_login(world.staff_x)
    _grow(world, 6)  # more than a page: both measures read the same kinds of entries
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 14)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)

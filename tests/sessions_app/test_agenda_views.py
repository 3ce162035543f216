"""The orden del día editor in the browser: add, edit, remove, reorder (drag and drop or keyboard)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Session
from sessions_app.services.agenda import agenda_item_create, agenda_item_version
from sessions_app.services.sessions import agenda_apply_template
from tests.sessions_app.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    session = world.session_x
    agenda_apply_template(session=session)
    return session


def _ids(session):
    return list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True))


def _item_data(**changes):
    data = {
        "title": "Presentación del Programa Estatal contra la Trata",
        "kind": "presentation",
        "description": "",
        "presenter_institution": "",
        "presenter": "",
        "duration_minutes": "20",
        "highlight": "on",
        "version": "",
    }
    return {**data, **changes}


def test_the_editor_shows_the_items_with_projected_times(client, world, session):
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:agenda", args=[session.pk])).content.decode()
    assert "Lista de asistencia y declaración de quórum" in body
    assert "Término estimado" in body
    assert "data-sortable" in body and "js/agenda.js" in body
    assert "<script>" not in body and "onclick" not in body  # no inline JavaScript (CSP)


def test_in_english_the_editor_says_start_for_the_start_time_not_home(client, world, session):
    """«Inicio» is also the home page: the editor's start time reads "Start: 10:00", never "Home: 10:00"."""
    client.force_login(world.staff_x)
    start = timezone.localtime(session.starts_at)
    body = client.get(reverse("sessions_app:agenda", args=[session.pk])).content.decode()
    assert f"Inicio: <strong>{start.hour}:{start:%M} horas</strong>" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("sessions_app:agenda", args=[session.pk])).content.decode()
    assert f"Start: <strong>{start.hour}:{start:%M}</strong>" in body
    assert "Home:" not in body


def test_the_projected_end_follows_the_durations_and_warns_when_it_runs_late(client, world, session):
    # The template's six items last 60 minutes; the session is scheduled for two hours.
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda", args=[session.pk])
    assert "después del término programado" not in client.get(url).content.decode()
    agenda_item_create(session=session, title="Informe anual", duration_minutes=75)
    body = client.get(url).content.decode()
    end = timezone.localtime(session.starts_at + dt.timedelta(minutes=135))
    assert f"El orden del día termina a las {end:%H:%M} horas, 15 minutos después del término programado" in body


def test_staff_add_an_item_and_see_it_in_place(client, world, session):
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:agenda_item_create", args=[session.pk]), _item_data(), follow=True)
    body = response.content.decode()
    assert "Se agregó el punto «Presentación del Programa Estatal contra la Trata»." in body
    item = AgendaItem.objects.get(session=session, title__startswith="Presentación del Programa")
    assert (item.order, item.highlight, item.duration_minutes) == (5, True, 20)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Este campo es obligatorio."),
        ({"duration_minutes": "0"}, "La duración debe ser de al menos un minuto."),
        ({"duration_minutes": "600"}, "Un punto no dura más de 480 minutos (8 horas)."),
    ],
)
def test_bad_item_input_is_shown_on_the_form(client, world, session, changes, message):
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:agenda_item_create", args=[session.pk]), _item_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AgendaItem.objects.filter(session=session).count() == 6


def test_two_staff_editing_the_same_item_the_second_sees_both_versions(client, world, session):
    item = AgendaItem.objects.get(session=session, order=4)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda_item_update", args=[session.pk, item.pk])
    page = client.get(url).content.decode()
    version = agenda_item_version(item)
    assert f'value="{version}"' in page
    first = client.post(url, _item_data(title="Seguimiento de acuerdos de 2025", version=version))
    assert first.status_code == 302
    second = client.post(url, _item_data(title="Seguimiento", duration_minutes="5", version=version))
    assert second.status_code == 409
    body = second.content.decode()
    assert "Otra persona guardó cambios mientras usted editaba" in body
    assert "Seguimiento de acuerdos de 2025" in body  # what the first person saved, next to
    assert 'value="Seguimiento"' in body  # what the second person typed, still on the form
    assert "Empezar desde la versión actual" in body
    item.refresh_from_db()
    assert item.title == "Seguimiento de acuerdos de 2025"


def test_removing_asks_for_confirmation(client, world, session):
    item = AgendaItem.objects.get(session=session, order=3)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda_item_delete", args=[session.pk, item.pk])
    assert "Sí, eliminar el punto" in client.get(url).content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    response = client.post(url, follow=True)
    assert f"Se eliminó el punto «{item.title}»." in response.content.decode()
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_with_agreements_is_not_removed(client, world, session):
    item = AgendaItem.objects.get(session=session, order=4)
    AgreementFactory(session=session, agenda_item=item)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda_item_delete", args=[session.pk, item.pk])
    page = client.get(url).content.decode()
    assert "no se puede eliminar" in page and "Sí, eliminar el punto" not in page
    response = client.post(url, follow=True)
    assert "tiene 1 acuerdo y no se puede eliminar" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_drag_and_drop_saves_with_htmx_and_returns_the_list(client, world, session):
    ids = _ids(session)
    client.force_login(world.staff_x)
    new_order = [ids[2], ids[0], ids[1], *ids[3:]]
    response = client.post(
        reverse("sessions_app:agenda_reorder", args=[session.pk]),
        {"order": new_order, "seen": ids},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="agenda-editor"') and "<html" not in body
    assert "Se guardó el nuevo orden." in body
    assert _ids(session) == new_order


def test_a_reorder_that_crossed_another_persons_addition_merges_and_says_so(client, world, session):
    ids = _ids(session)
    added = agenda_item_create(session=session, title="Informe de la Fiscalía", kind="information")
    client.force_login(world.staff_x)
    response = client.post(
        reverse("sessions_app:agenda_reorder", args=[session.pk]),
        {"order": list(reversed(ids)), "seen": ids},
        HTTP_HX_REQUEST="true",
    )
    assert "Otra persona agregó «Informe de la Fiscalía»" in response.content.decode()
    assert _ids(session) == [*reversed(ids), added.pk]


def test_a_malformed_reorder_is_a_400(client, world, session):
    client.force_login(world.staff_x)
    response = client.post(reverse("sessions_app:agenda_reorder", args=[session.pk]), {"order": ["x"], "seen": []})
    assert response.status_code == 400


def test_up_and_down_buttons_work_without_javascript(client, world, session):
    ids = _ids(session)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda_item_move", args=[session.pk, ids[1]])
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#punto-{ids[1]}")
    assert _ids(session)[:2] == [ids[1], ids[0]]
    assert "«Lectura y, en su caso, aprobación del orden del día» quedó en el lugar 1." in (
        client.get(response.url).content.decode()
    )
    client.post(url, {"direction": "down"})
    assert _ids(session)[:2] == [ids[0], ids[1]]


def test_the_agenda_of_a_held_session_is_read_only(client, world, session):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:agenda", args=[session.pk])).content.decode()
    assert "ya no se modifica" in body and "data-sortable" not in body and "Agregar punto" not in body
    response = client.post(
        reverse("sessions_app:agenda_item_move", args=[session.pk, _ids(session)[1]]), {"direction": "up"}, follow=True
    )
    assert "ya no se modifica" in response.content.decode()


def test_items_of_another_session_are_404(client, world, session):
    other = world.session_y
    agenda_apply_template(session=other)
    foreign = AgendaItem.objects.filter(session=other).first()
    client.force_login(world.staff_x)
    assert client.get(reverse("sessions_app:agenda_item_update", args=[session.pk, foreign.pk])).status_code == 404


def test_the_presenter_pickers_list_the_councils_own_and_take_a_searched_one(client, world, session, other_state):
    """Council X's agenda form lists its seat's institution, not another council's nor another state's; an
    institution and person found by search are saved; one outside the viewer's directory is a form error."""
    client.force_login(world.staff_x)
    body = client.get(reverse("sessions_app:agenda", args=[session.pk])).content.decode()
    assert f"{world.seat_a.institution.label_with_place()}</option>" in body
    assert f"{world.seat_b.institution.label_with_place()}</option>" not in body
    assert "Institución B (IB) · Jalisco</option>" not in body
    searched, person = other_state.inst_b, other_state.seat_b.principal
    url = reverse("sessions_app:agenda_item_create", args=[session.pk])
    client.post(url, _item_data(presenter_institution=searched.pk, presenter=person.pk))
    item = AgendaItem.objects.get(session=session, presenter_institution=searched)
    assert item.presenter == person
    searched.is_active = False
    searched.save(update_fields=["is_active"])
    response = client.post(url, _item_data(title="Otro punto de la Fiscalía", presenter_institution=searched.pk))
    assert "presenter_institution" in response.context["form"].errors

"""Working groups: formed at a session of the plenary, edited, listed with their sessions on the council page."""

import pytest
from django.urls import reverse

from council.models import WorkingGroup
from council.services.working_groups import working_group_create
from sessions_app.models import Session
from tests.council.factories import SeatFactory, WorkingGroupFactory
from tests.formdata import read_version
from tests.members.factories import InstitutionFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated(world):
    """Two more institutions with a seat in council X."""
    return [
        SeatFactory(council=world.council_x, institution__name="Fiscalía").institution,
        SeatFactory(council=world.council_x, institution__name="Secretaría de Salud").institution,
    ]


def _data(coordinator, members, session, **overrides):
    data = {
        "name": "Grupo de Atención a Víctimas",
        "mandate": "Elaborar el protocolo de atención.",
        "coordinator": coordinator.pk,
        "members": [member.pk for member in members],
        "formed_at": session.pk,
        "status": WorkingGroup.Status.ACTIVE,
    }
    data.update(overrides)
    return data


def test_staff_form_a_group_at_a_session(client, world, seated):
    """The session that formed it is recorded and the coordinator is one of its members."""
    client.force_login(world.staff_x)
    url = reverse("council:group_create", args=[world.council_x.pk])
    assert (
        f'value="{world.session_x.pk}" selected' in client.get(url + f"?sesion={world.session_x.pk}").content.decode()
    )
    response = client.post(url, _data(seated[0], [seated[1]], world.session_x), follow=True)
    body = response.content.decode()
    assert "Se conformó el grupo de trabajo «Grupo de Atención a Víctimas»." in body
    group = WorkingGroup.objects.get(council=world.council_x)
    assert group.formed_at == world.session_x and group.coordinator == seated[0]
    assert set(group.members.all()) == set(seated)
    assert f'Conformado en la <a href="{world.session_x.get_absolute_url()}">{world.session_x.title}</a>' in body


def test_a_session_of_another_council_cannot_form_the_group(client, world, seated):
    client.force_login(world.staff_x)
    url = reverse("council:group_create", args=[world.council_x.pk])
    response = client.post(url, _data(seated[0], [], world.session_y))
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    assert not WorkingGroup.objects.exists()


def test_service_refuses_a_working_group_session_or_a_duplicate_name(world, seated):
    from django.core.exceptions import ValidationError

    group = working_group_create(
        council=world.council_x, name="Mesa Jurídica", coordinator=seated[0], formed_at=world.session_x
    )
    group_session = SessionFactory(council=world.council_x, working_group=group, number=1)
    with pytest.raises(ValidationError) as error:
        working_group_create(
            council=world.council_x, name="mesa jurídica", coordinator=seated[0], formed_at=group_session
        )
    assert set(error.value.error_dict) == {"name", "formed_at"}


def test_a_session_is_required_to_form_a_group(client, world, seated):
    client.force_login(world.staff_x)
    url = reverse("council:group_create", args=[world.council_x.pk])
    body = client.post(url, _data(seated[0], [], world.session_x, formed_at="")).content.decode()
    assert "Este campo es obligatorio." in body


def test_staff_edit_a_group_and_conclude_it(client, world, seated):
    group = WorkingGroupFactory(council=world.council_x, coordinator=seated[0], formed_at=world.session_x)
    client.force_login(world.staff_x)
    url = reverse("council:group_edit", args=[world.council_x.pk, group.pk])
    data = _data(seated[1], [], world.session_x, name="Grupo renombrado", status=WorkingGroup.Status.CONCLUDED)
    body = client.post(url, {**data, **read_version(client, url)}, follow=True).content.decode()
    assert "Se guardaron los cambios al grupo de trabajo «Grupo renombrado»." in body
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.CONCLUDED and group.coordinator == seated[1]
    assert "Concluido" in body


def test_groups_list_their_own_sessions_on_the_council_page(client, world, seated):
    group = WorkingGroupFactory(council=world.council_x, coordinator=seated[0], name="Mesa de Prevención")
    SessionFactory(council=world.council_x, working_group=group, number=1, status=Session.Status.HELD)
    other = WorkingGroupFactory(council=world.council_x, coordinator=seated[1], name="Vigilancia Sin Sesiones")
    client.force_login(world.delegate_a)
    body = client.get(world.council_x.get_absolute_url()).content.decode()
    groups = body.split('id="grupos"')[1]
    prevention, empty = groups.split("Vigilancia Sin Sesiones")
    assert "Primera Sesión Ordinaria" in prevention and "Celebrada" in prevention
    assert "aún no ha sesionado" in empty
    assert other.name in groups


def test_a_group_of_another_council_is_not_found_under_this_one(client, world):
    group = WorkingGroupFactory(council=world.council_y)
    client.force_login(world.staff_x)
    assert client.get(reverse("council:group_edit", args=[world.council_x.pk, group.pk])).status_code == 404


def test_the_group_pickers_list_only_the_councils_own_institutions(client, world, other_state):
    """Council X's group form lists its seats' institutions; another state's "Institución B" is found only
    through the directory's search, which both selects are marked for."""
    client.force_login(world.staff_x)
    body = client.get(reverse("council:group_create", args=[world.council_x.pk])).content.decode()
    assert f"{world.seat_a.institution.label_with_place()}</option>" in body
    assert "Institución B (IB) · Jalisco</option>" not in body
    assert "Institución sin lugar" not in body
    assert body.count('data-directory-search="/directorio/buscar/"') == 2


def test_a_searched_institution_coordinates_and_joins_a_group(client, world, seated, other_state):
    """Institutions found by search (not listed) are accepted as coordinator and member."""
    client.force_login(world.staff_x)
    url = reverse("council:group_create", args=[world.council_x.pk])
    client.post(url, _data(other_state.inst_b, [other_state.inst_a], world.session_x))
    group = WorkingGroup.objects.get(council=world.council_x)
    assert group.coordinator == other_state.inst_b
    assert set(group.members.all()) == {other_state.inst_a, other_state.inst_b}


def test_an_institution_outside_the_directory_is_a_form_error_on_the_group(client, world, seated):
    """An inactive institution is not in the directory a picker may use: its id is refused on the form."""
    client.force_login(world.staff_x)
    retired = InstitutionFactory(name="Institución Extinta", is_active=False)
    url = reverse("council:group_create", args=[world.council_x.pk])
    response = client.post(url, _data(seated[0], [retired], world.session_x))
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not WorkingGroup.objects.exists()

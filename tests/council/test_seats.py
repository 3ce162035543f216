"""A council's seats in the browser: add, edit, archive into the record; the rules each refusal explains."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import wording
from council.models import Seat, SeatAlternate
from council.services.seats import seat_archive, seat_create, seat_update
from tests.council.factories import SeatFactory
from tests.formdata import read_version
from tests.members.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _create_url(council):
    return reverse("council:seat_create", args=[council.pk])


def _edit_url(seat):
    return reverse("council:seat_edit", args=[seat.council_id, seat.pk])


def _archive_url(seat):
    return reverse("council:seat_archive", args=[seat.council_id, seat.pk])


def _seat_data(institution, **overrides):
    data = {
        "institution": institution.pk,
        "role": Seat.Role.MEMBER,
        "has_vote": "on",
        "principal": "",
        "alternates": [],
        "valid_from": "2024-01-01",
        "valid_to": "",
        "order": 10,
    }
    data.update(overrides)
    return data


@pytest.fixture
def fiscalia():
    institution = InstitutionFactory(name="Fiscalía General de Justicia", short_name="FGJ")
    return {
        "institution": institution,
        "titular": PersonFactory(institution=institution, full_name="Ana Torres"),
        "suplente": PersonFactory(institution=institution, full_name="Luis Pérez"),
        "otra": PersonFactory(institution=institution, full_name="Marta Ríos"),
    }


def test_staff_add_a_seat_with_titular_and_suplentes(client, world, fiscalia):
    """The seat appears in the composition with its titular and both suplentes, after a success message."""
    client.force_login(world.staff_x)
    data = _seat_data(
        fiscalia["institution"],
        principal=fiscalia["titular"].pk,
        alternates=[fiscalia["suplente"].pk, fiscalia["otra"].pk],
    )
    response = client.post(_create_url(world.council_x), data, follow=True)
    body = response.content.decode()
    assert "Se agregó el lugar de Fiscalía General de Justicia." in body
    assert "Lic. Ana Torres" in body and "Lic. Luis Pérez" in body and "Lic. Marta Ríos" in body
    seat = Seat.objects.get(council=world.council_x, institution=fiscalia["institution"])
    assert seat.has_vote and seat.principal == fiscalia["titular"]
    assert {link.person for link in seat.alternate_links.all()} == {fiscalia["suplente"], fiscalia["otra"]}


def test_a_suplente_of_another_institution_is_refused(client, world, fiscalia):
    client.force_login(world.staff_x)
    stranger = PersonFactory(full_name="Pedro Ajeno")
    data = _seat_data(fiscalia["institution"], alternates=[stranger.pk])
    response = client.post(_create_url(world.council_x), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lic. Pedro Ajeno no pertenece a Fiscalía General de Justicia" in body
    assert not Seat.objects.filter(institution=fiscalia["institution"]).exists()


def test_a_titular_of_another_institution_is_refused(client, world, fiscalia):
    client.force_login(world.staff_x)
    data = _seat_data(fiscalia["institution"], principal=PersonFactory().pk)
    body = client.post(_create_url(world.council_x), data).content.decode()
    assert "La persona titular debe pertenecer a la institución del lugar." in body
    assert not Seat.objects.filter(institution=fiscalia["institution"]).exists()


def test_a_guest_never_votes(client, world, fiscalia):
    client.force_login(world.staff_x)
    data = _seat_data(fiscalia["institution"], role=Seat.Role.GUEST, has_vote="on")
    body = client.post(_create_url(world.council_x), data).content.decode()
    assert "Un invitado permanente tiene voz pero no voto" in body
    data.pop("has_vote")
    client.post(_create_url(world.council_x), data)
    seat = Seat.objects.get(institution=fiscalia["institution"])
    assert seat.role == Seat.Role.GUEST and not seat.has_vote


def test_a_second_active_seat_for_the_same_institution_is_refused(client, world):
    client.force_login(world.staff_x)
    body = client.post(_create_url(world.council_x), _seat_data(world.seat_a.institution)).content.decode()
    assert "Institución A ya tiene un lugar vigente en este consejo" in body
    assert Seat.objects.filter(council=world.council_x, institution=world.seat_a.institution).count() == 1


def test_a_second_presidency_is_refused(client, world, fiscalia):
    SeatFactory(council=world.council_x, role=Seat.Role.PRESIDENCY, institution__name="Gobierno")
    client.force_login(world.staff_x)
    data = _seat_data(fiscalia["institution"], role=Seat.Role.PRESIDENCY)
    body = client.post(_create_url(world.council_x), data).content.decode()
    assert "El consejo ya tiene Presidencia: Gobierno." in body


def test_validity_must_end_after_it_starts(client, world, fiscalia):
    client.force_login(world.staff_x)
    data = _seat_data(fiscalia["institution"], valid_from="2024-05-01", valid_to="2024-04-01")
    body = client.post(_create_url(world.council_x), data).content.decode()
    assert "La vigencia debe terminar después de empezar." in body


def test_staff_edit_a_seat_and_its_institution_stays(client, world, fiscalia):
    """Suplentes are replaced; a posted institution is ignored (another institution means another seat)."""
    seat = seat_create(
        council=world.council_x,
        institution=fiscalia["institution"],
        principal=fiscalia["titular"],
        alternates=[fiscalia["suplente"]],
    )
    client.force_login(world.staff_x)
    form = client.get(_edit_url(seat)).content.decode()
    assert "Lugar de Fiscalía General de Justicia" in form and "disabled" in form
    data = _seat_data(
        world.seat_a.institution, principal=fiscalia["titular"].pk, alternates=[fiscalia["otra"].pk], order=3
    )
    response = client.post(_edit_url(seat), {**data, **read_version(client, _edit_url(seat))}, follow=True)
    assert "Se guardaron los cambios al lugar de Fiscalía General de Justicia." in response.content.decode()
    seat.refresh_from_db()
    assert seat.institution == fiscalia["institution"] and seat.order == 3
    assert [link.person for link in seat.alternate_links.all()] == [fiscalia["otra"]]
    # The removed suplente is still in the history.
    assert SeatAlternate.history.filter(person=fiscalia["suplente"], history_type="-").exists()


def test_archive_asks_for_confirmation_first(client, world):
    client.force_login(world.staff_x)
    body = client.get(_archive_url(world.seat_a)).content.decode()
    assert "¿Archivar el lugar de Institución A?" in body and "Sí, archivar el lugar" in body
    world.seat_a.refresh_from_db()
    assert world.seat_a.archived_at is None


def test_an_archived_seat_leaves_the_composition_and_stays_in_the_record(client, world):
    client.force_login(world.staff_x)
    response = client.post(_archive_url(world.seat_a), follow=True)
    body = response.content.decode()
    assert "Se archivó el lugar de Institución A; queda en el histórico del consejo." in body
    world.seat_a.refresh_from_db()
    today = timezone.localdate()
    assert world.seat_a.archived_at is not None and world.seat_a.valid_to == today
    assert not Seat.objects.active().filter(pk=world.seat_a.pk).exists()
    current, record = body.split('id="integrantes"')[1].split("Histórico de lugares")
    assert "Institución A" not in current
    assert "Institución A" in record and "Archivado" in record and wording.long_date(today) in record
    # History is kept, the invitation still points to the seat, and the institution may get a new seat.
    assert world.seat_a.history.count() >= 2
    assert world.invitation_a.seat == world.seat_a
    client.post(_create_url(world.council_x), _seat_data(world.seat_a.institution))
    assert Seat.objects.filter(council=world.council_x, institution=world.seat_a.institution).count() == 2


def test_an_archived_seat_is_neither_edited_nor_archived_again(client, world):
    seat_archive(seat=world.seat_a)
    client.force_login(world.staff_x)
    assert client.get(_edit_url(world.seat_a)).status_code == 404
    assert client.post(_archive_url(world.seat_a)).status_code == 404
    with pytest.raises(ValidationError, match="ya estaba archivado"):
        seat_archive(seat=world.seat_a)
    with pytest.raises(ValidationError, match="archivado"):
        seat_update(
            seat=world.seat_a,
            role=Seat.Role.MEMBER,
            has_vote=True,
            principal=None,
            alternates=[],
            valid_from=world.seat_a.valid_from,
            valid_to=None,
            order=1,
        )


def test_archiving_a_seat_whose_validity_has_not_started_keeps_valid_dates():
    seat = SeatFactory(valid_from=timezone.localdate() + dt.timedelta(days=30))
    seat_archive(seat=seat)
    seat.refresh_from_db()
    assert seat.valid_to == seat.valid_from


def test_a_seat_of_another_council_is_not_found_under_this_one(client, world):
    client.force_login(world.staff_x)
    url = reverse("council:seat_edit", args=[world.council_x.pk, world.seat_b.pk])
    assert client.get(url).status_code == 404


def test_the_titular_cannot_also_be_a_suplente(world, fiscalia):
    with pytest.raises(ValidationError) as error:
        seat_create(
            council=world.council_x,
            institution=fiscalia["institution"],
            principal=fiscalia["titular"],
            alternates=[fiscalia["titular"]],
        )
    assert error.value.error_dict["alternates"][0].code == "alternate_is_principal"


def test_expired_and_future_seats_are_listed_apart(client, world):
    today = timezone.localdate()
    SeatFactory(
        council=world.council_x,
        institution__name="Vencida",
        valid_from=today - dt.timedelta(days=400),
        valid_to=today - dt.timedelta(days=1),
    )
    SeatFactory(council=world.council_x, institution__name="Futura", valid_from=today + dt.timedelta(days=10))
    client.force_login(world.delegate_a)
    body = client.get(world.council_x.get_absolute_url()).content.decode()
    upcoming = body.split("Lugares por iniciar vigencia")[1].split("Histórico de lugares")[0]
    assert "Futura" in upcoming and "Por iniciar" in upcoming
    record = body.split("Histórico de lugares")[1]
    assert "Vencida" in record and "Vencido" in record


def test_the_seat_pickers_list_only_the_councils_own_institutions_and_people(client, world, other_state):
    """Council X's new-seat form lists its own seat's institution and people; another council's, or another
    state's, are not listed (they are found through the directory's search, which the select is marked for)."""
    client.force_login(world.staff_x)
    body = client.get(_create_url(world.council_x)).content.decode()
    own = world.seat_a.institution
    assert f"{own.label_with_place()}</option>" in body
    assert f"{world.seat_a.principal.display_name} — " in body
    assert f"{world.seat_b.institution.label_with_place()}</option>" not in body
    assert "Institución B (IB) · Jalisco</option>" not in body
    assert f"{other_state.seat_b.principal.display_name} — " not in body
    assert 'data-directory-search="/directorio/buscar/"' in body


def test_a_searched_institution_of_another_state_takes_a_seat_and_is_shown_again_on_error(client, world, other_state):
    """An institution found by search (not listed) is accepted; a form sent back keeps it among the options."""
    client.force_login(world.staff_x)
    searched = other_state.inst_b
    body = client.post(_create_url(world.council_x), _seat_data(searched, order="x")).content.decode()
    assert "Institución B (IB) · Jalisco</option>" in body  # the refused form keeps the chosen one
    client.post(_create_url(world.council_x), _seat_data(searched))
    assert Seat.objects.filter(council=world.council_x, institution=searched).exists()


def test_an_institution_outside_the_viewers_directory_is_a_form_error(client, world):
    """An inactive institution is not in the directory a picker may use: its id is refused on the form."""
    client.force_login(world.staff_x)
    retired = InstitutionFactory(name="Institución Extinta", is_active=False)
    response = client.post(_create_url(world.council_x), _seat_data(retired))
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Seat.objects.filter(institution=retired).exists()


def test_a_seat_created_without_a_date_is_valid_for_a_session_dated_before_today(world, fiscalia):
    """No start date means valid since always: a session recorded in the past still has its seats."""
    seat = seat_create(council=world.council_x, institution=fiscalia["institution"])
    assert seat.valid_from is None
    last_year = timezone.localdate() - dt.timedelta(days=365)
    assert seat in Seat.objects.active(on=last_year)
    assert seat not in Seat.objects.not_valid_on(last_year)


def test_a_new_seat_is_valid_from_the_councils_installation(world, fiscalia):
    world.council_x.installed_on = dt.date(2021, 3, 15)
    world.council_x.save()
    seat = seat_create(council=world.council_x, institution=fiscalia["institution"])
    assert seat.valid_from == dt.date(2021, 3, 15)
    assert seat in Seat.objects.active(on=dt.date(2022, 10, 7))
    assert seat not in Seat.objects.active(on=dt.date(2021, 3, 14))


def test_the_seat_form_starts_from_the_installation_not_today(client, world, fiscalia):
    world.council_x.installed_on = dt.date(2021, 3, 15)
    world.council_x.save()
    client.force_login(world.staff_x)
    assert 'value="2021-03-15"' in client.get(_create_url(world.council_x)).content.decode()
    response = client.post(_create_url(world.council_x), _seat_data(fiscalia["institution"], valid_from=""))
    assert response.status_code == 302
    assert Seat.objects.get(institution=fiscalia["institution"]).valid_from == dt.date(2021, 3, 15)


def test_an_open_ended_seat_is_archived_today(world):
    seat = SeatFactory(council=world.council_x)
    assert seat.valid_from is None
    assert seat_archive(seat=seat).valid_to == timezone.localdate()

"""The directory in the browser: search and filters, institutions with their letterhead, people, who may edit it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Institution, Person
from tests.council.factories import SeatFactory
from tests.formdata import read_version
from tests.members.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("members:institution_list")


def _institution_data(**overrides):
    data = {
        "name": "Secretaría de Movilidad",
        "short_name": "SEMOV",
        "kind": Institution.Kind.STATE_MINISTRY,
        "government_order": Institution.GovernmentOrder.STATE,
        "state": "19",
        "address": "Washington 2000, Monterrey",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def directory(world):
    """Institutions of several kinds and orders, and people to search for."""
    fiscalia = InstitutionFactory(
        name="Fiscalía General de Justicia", short_name="FGJ", kind=Institution.Kind.PROSECUTOR
    )
    PersonFactory(institution=fiscalia, full_name="Adriana Garza", post="Vicefiscal", email="agarza@fiscalia.gob.mx")
    InstitutionFactory(
        name="Municipio de Apodaca", short_name="", kind=Institution.Kind.MUNICIPALITY, government_order="municipal"
    )
    InstitutionFactory(name="Comisión Extinta", short_name="CEX", is_active=False)
    federal = InstitutionFactory(name="Secretaría de Gobernación", short_name="SEGOB", government_order="federal")
    PersonFactory(institution=federal, full_name="Bruno Salas", post="Titular de la Unidad de Derechos Humanos")
    return world


def _names(client, query=""):
    body = client.get(LIST + query).content.decode()
    return body, {
        name
        for name in [
            "Fiscalía General de Justicia",
            "Municipio de Apodaca",
            "Comisión Extinta",
            "Secretaría de Gobernación",
            "Institución A",
        ]
        if name in body
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=fiscal", {"Fiscalía General de Justicia"}),
        ("?q=SEGOB", {"Secretaría de Gobernación"}),
        ("?q=Adriana", {"Fiscalía General de Justicia"}),
        ("?q=unidad de derechos", {"Secretaría de Gobernación"}),
        ("?q=agarza@fiscalia", {"Fiscalía General de Justicia"}),
        ("?kind=municipality", {"Municipio de Apodaca"}),
        ("?government_order=federal", {"Secretaría de Gobernación"}),
        ("?active=0", {"Comisión Extinta"}),
        ("?q=secretar%C3%ADa&government_order=federal", {"Secretaría de Gobernación"}),
        # Accents and case are ignored both ways: typed without them, or with them where the name has none.
        ("?q=fiscalia general", {"Fiscalía General de Justicia"}),
        ("?q=COMISION", {"Comisión Extinta"}),
        ("?q=gobernaci%C3%B3n", {"Secretaría de Gobernación"}),
        ("?q=ap%C3%B3daca", {"Municipio de Apodaca"}),
    ],
)
def test_search_and_filters(client, directory, query, expected):
    client.force_login(directory.staff_x)
    _, found = _names(client, query)
    assert found == expected


def test_unfiltered_list_shows_every_institution_with_its_people(client, directory):
    client.force_login(directory.staff_y)
    body, found = _names(client)
    assert len(found) == 5
    assert "Lic. Adriana Garza" in body and "Vicefiscal" in body and "agarza@fiscalia.gob.mx" in body


def test_a_search_with_no_result_says_what_to_do(client, directory):
    client.force_login(directory.staff_x)
    body = client.get(LIST + "?q=zzzz").content.decode()
    assert "Nada coincide con la búsqueda" in body


def test_an_invalid_filter_value_is_not_an_error(client, directory):
    client.force_login(directory.staff_x)
    response = client.get(LIST + "?kind=bogus&active=7")
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()


def test_the_list_is_paginated_by_25_and_keeps_the_filters(client, world):
    for n in range(30):
        InstitutionFactory(name=f"Municipio {n:02d}", kind=Institution.Kind.MUNICIPALITY)
    client.force_login(world.staff_x)
    body = client.get(LIST + "?kind=municipality").content.decode()
    assert "Página 1 de 2" in body and "?kind=municipality&amp;page=2" in body
    body = client.get(LIST + "?kind=municipality&page=2").content.decode()
    assert "Municipio 29" in body and "Municipio 00" not in body


def test_staff_register_an_institution_with_a_first_issuing_unit(client, world):
    """A new institution has one issuing unit at its address; its letterhead is completed on its page."""
    client.force_login(world.staff_x)
    response = client.post(reverse("members:institution_create"), _institution_data(), follow=True)
    body = response.content.decode()
    assert "Se registró la institución «Secretaría de Movilidad»." in body
    institution = Institution.objects.get(short_name="SEMOV")
    unit = institution.issuing_units.get()
    assert unit.address == "Washington 2000, Monterrey" and unit.unit_lines == []
    assert reverse("members:issuing_unit_edit", args=[unit.pk]) in body


def test_staff_edit_an_institution_of_their_council(client, world):
    institution = world.seat_a.institution
    client.force_login(world.staff_x)
    url = reverse("members:institution_edit", args=[institution.pk])
    assert "Institución A" in client.get(url).content.decode()
    data = {**_institution_data(name="Institución A renombrada"), **read_version(client, url)}
    response = client.post(url, data, follow=True)
    assert "Se guardaron los datos de «Institución A renombrada»." in response.content.decode()


def test_staff_of_another_council_cannot_change_an_institution_or_its_people(client, world):
    """A sits only in X: Y's staff get 403 on its edit pages, and their POSTs change nothing (finding 1)."""
    institution, person = world.seat_a.institution, world.seat_a.principal
    client.force_login(world.staff_y)
    edit = reverse("members:institution_edit", args=[institution.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, _institution_data(name="Institución A renombrada")).status_code == 403
    person_edit = reverse("members:person_edit", args=[person.pk])
    assert client.get(person_edit).status_code == 403
    data = _person_data(institution, full_name=person.full_name, email="staff_y@example.gob.mx")
    data.pop("is_active")
    assert client.post(person_edit, data).status_code == 403
    institution.refresh_from_db()
    person.refresh_from_db()
    assert institution.name == "Institución A"
    assert person.email != "staff_y@example.gob.mx" and person.is_active


def test_any_staff_build_an_institution_that_sits_nowhere_yet(client, world):
    client.force_login(world.staff_y)
    client.post(reverse("members:institution_create"), _institution_data())
    institution = Institution.objects.get(name="Secretaría de Movilidad")
    client.force_login(world.staff_x)  # another council's staff may complete it, while it sits nowhere
    url = reverse("members:institution_edit", args=[institution.pk])
    data = {**_institution_data(short_name="MOVILIDAD"), **read_version(client, url)}
    response = client.post(url, data, follow=True)
    assert "Se guardaron los datos de «Secretaría de Movilidad»." in response.content.decode()
    SeatFactory(council=world.council_y, institution=institution)
    assert client.get(url).status_code == 403


def test_staff_of_any_council_may_still_add_a_person_to_any_institution(client, world):
    """Creating people stays open (a council may need someone of A to invite); changing them afterwards does not."""
    institution = world.seat_a.institution
    client.force_login(world.staff_y)
    create = reverse("members:person_create", args=[institution.pk])
    body = client.post(create, _person_data(institution), follow=True).content.decode()
    assert "Se registró a Mtra. Carmen Villarreal." in body
    person = Person.objects.get(full_name="Carmen Villarreal")
    assert person.institution == institution
    assert client.get(reverse("members:person_edit", args=[person.pk])).status_code == 403


def test_a_person_is_moved_only_to_an_institution_the_staff_keep(client, world):
    """Y's staff cannot take a person of an institution of their own (or of none) into A, which sits only in X."""
    loose = PersonFactory(institution=InstitutionFactory(name="Sin lugar"), full_name="Carmen Villarreal")
    client.force_login(world.staff_y)
    url = reverse("members:person_edit", args=[loose.pk])
    assert f'<option value="{world.seat_a.institution.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {**_person_data(world.seat_a.institution), **read_version(client, url)})
    assert response.status_code == 200
    assert "Solo puede pasar a la persona a una institución" in response.content.decode()
    loose.refresh_from_db()
    assert loose.institution.name == "Sin lugar"
    data = {**_person_data(world.seat_b.institution), **read_version(client, url)}
    body = client.post(url, data, follow=True).content.decode()
    assert "Se guardaron los datos de Mtra. Carmen Villarreal." in body


def test_an_institution_with_a_current_seat_cannot_be_deactivated(client, world):
    client.force_login(world.staff_x)
    url = reverse("members:institution_edit", args=[world.seat_a.institution.pk])
    data = {**_institution_data(name="Institución A"), **read_version(client, url)}
    data.pop("is_active")
    body = client.post(url, data).content.decode()
    assert "Tiene lugar vigente en X; archive esos lugares antes de desactivarla." in body
    world.seat_a.institution.refresh_from_db()
    assert world.seat_a.institution.is_active


def _person_data(institution, **overrides):
    data = {
        "honorific": "Mtra.",
        "full_name": "Carmen Villarreal",
        "post": "Directora de Atención a Víctimas",
        "institution": institution.pk,
        "email": "cvillarreal@nl.gob.mx",
        "phone": "81 2020 1234 ext. 5",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_staff_add_and_edit_a_person(client, world):
    institution = world.seat_a.institution
    client.force_login(world.staff_x)
    create = reverse("members:person_create", args=[institution.pk])
    assert f'<option value="{institution.pk}" selected>' in client.get(create).content.decode()
    body = client.post(create, _person_data(institution), follow=True).content.decode()
    assert "Se registró a Mtra. Carmen Villarreal." in body and "cvillarreal@nl.gob.mx" in body
    person = Person.objects.get(full_name="Carmen Villarreal")
    edit = reverse("members:person_edit", args=[person.pk])
    data = {**_person_data(institution, post="Subsecretaria"), **read_version(client, edit)}
    body = client.post(edit, data, follow=True).content.decode()
    assert "Se guardaron los datos de Mtra. Carmen Villarreal." in body
    person.refresh_from_db()
    assert person.post == "Subsecretaria"


def test_a_person_form_refuses_a_bad_email(client, world):
    client.force_login(world.staff_x)
    url = reverse("members:person_create", args=[world.seat_a.institution.pk])
    body = client.post(url, _person_data(world.seat_a.institution, email="no-es-correo")).content.decode()
    assert "Introduzca una dirección de correo electrónico válida." in body


def test_a_titular_cannot_move_to_another_institution(client, world):
    titular = world.seat_a.principal
    client.force_login(world.staff_x)
    url = reverse("members:person_edit", args=[titular.pk])
    data = {
        **_person_data(InstitutionFactory(name="Sin lugar"), full_name=titular.full_name),
        **read_version(client, url),
    }  # one X's staff keep
    body = client.post(url, data).content.decode()
    assert "Es titular o suplente de lugares vigentes de su institución (X)" in body
    titular.refresh_from_db()
    assert titular.institution == world.seat_a.institution


def test_the_institution_page_lists_people_seats_and_account_links(client, world):
    client.force_login(world.staff_x)
    body = client.get(reverse("members:institution_detail", args=[world.seat_a.institution.pk])).content.decode()
    assert world.seat_a.principal.display_name in body
    assert "delegado_a" in body  # the delegate's login
    assert "Vincular a una cuenta" in body  # the titular has none
    assert f'href="{world.council_x.get_absolute_url()}"' in body


def test_the_institution_page_offers_changes_only_to_those_who_may_make_them(client, world):
    """Y's staff see A and may add a person to it, but are offered no edit or account links that would be refused."""
    institution, titular = world.seat_a.institution, world.seat_a.principal
    url = reverse("members:institution_detail", args=[institution.pk])
    links = [
        reverse("members:institution_edit", args=[institution.pk]),
        reverse("members:person_edit", args=[titular.pk]),
        reverse("members:person_account", args=[titular.pk]),
    ]
    client.force_login(world.staff_x)
    body = client.get(url).content.decode()
    assert all(f'href="{link}"' in body for link in links)
    client.force_login(world.staff_y)
    body = client.get(url).content.decode()
    assert titular.display_name in body
    assert not any(f'href="{link}"' in body for link in links)
    assert f'href="{reverse("members:person_create", args=[institution.pk])}"' in body
    assert "Solo el secretariado de los consejos donde tiene lugar" in body


def test_delegates_cannot_use_the_directory(client, world):
    person = world.seat_a.principal
    urls = [
        LIST,
        reverse("members:institution_create"),
        reverse("members:institution_detail", args=[person.institution_id]),
        reverse("members:institution_edit", args=[person.institution_id]),
        reverse("members:person_create", args=[person.institution_id]),
        reverse("members:person_edit", args=[person.pk]),
        reverse("members:person_account", args=[person.pk]),
    ]
    client.force_login(world.delegate_a)
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, _person_data(person.institution)).status_code == 403, url
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(world.admin)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("members:person_edit", args=[999999])).status_code == 404


def test_the_directory_is_in_the_staff_menu(client, world):
    client.force_login(world.staff_x)
    assert f'href="{LIST}"' in client.get(reverse("dashboard")).content.decode()
    client.force_login(world.delegate_a)
    assert f'href="{LIST}"' not in client.get(reverse("dashboard")).content.decode()


def _grow(n):
    for _ in range(n):
        institution = InstitutionFactory()
        PersonFactory(institution=institution)
        PersonFactory(institution=institution, is_active=False)
        seat = SeatFactory(institution=institution)
        PersonFactory(institution=seat.institution, user=None)


@pytest.mark.parametrize("page", ["list", "search", "detail"])
def test_directory_pages_keep_a_fixed_number_of_queries(client, world, page):
    url = {
        "list": LIST,
        "search": LIST + "?q=Prueba&active=1&state=19",
        "detail": reverse("members:institution_detail", args=[world.seat_a.institution.pk]),
    }[page]
    client.force_login(world.staff_x)
    counts = []
    for n in (2, 15):
        _grow(n)
        if page == "detail":
            for _ in range(n):
                PersonFactory(institution=world.seat_a.institution)
                SeatFactory(institution=world.seat_a.institution)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_same_named_institutions_of_two_states_are_told_apart_and_filtered_by_state(client, world, other_state):
    """The world's "Institución A" is of Nuevo León; the other state's council has its own, of Jalisco."""
    client.force_login(world.staff_x)
    body = client.get(LIST + "?q=Institución A").content.decode()
    assert body.count(">Institución A</a>") == 2
    assert "· Nuevo León" in body and "· Jalisco" in body
    jalisco = client.get(LIST + "?state=14").content.decode()
    assert ">Institución A</a>" in jalisco and "· Jalisco" in jalisco and "· Nuevo León" not in jalisco


def test_the_state_filter_lists_national_institutions_apart(client, directory):
    client.force_login(directory.staff_x)
    _, found = _names(client, "?state=nacional")
    assert found == {"Secretaría de Gobernación"}
    _, found = _names(client, "?state=19&kind=municipality")
    assert found == {"Municipio de Apodaca"}


def test_the_institution_page_says_where_it_sits(client, world):
    client.force_login(world.staff_x)
    body = client.get(reverse("members:institution_detail", args=[world.seat_a.institution.pk])).content.decode()
    assert "Estatal · Nuevo León" in body


def test_registering_a_name_already_used_in_that_state_is_refused_and_in_another_state_accepted(client, world):
    client.force_login(world.staff_x)
    taken = world.seat_a.institution.name
    response = client.post(reverse("members:institution_create"), _institution_data(name=taken.upper()))
    assert "Ya existe una institución con ese nombre en esa entidad y municipio." in response.content.decode()
    response = client.post(reverse("members:institution_create"), _institution_data(name=taken.upper(), state="14"))
    assert response.status_code == 302
    assert Institution.objects.get(name=taken.upper()).place == "Jalisco"


def test_a_municipal_institution_is_registered_with_its_municipality(client, world):
    client.force_login(world.staff_x)
    form = client.get(reverse("members:institution_create")).content.decode()
    assert 'name="state"' in form and 'name="municipality"' in form and "Nacional (sin entidad federativa)" in form
    data = _institution_data(name="Instituto Municipal de la Juventud", government_order="municipal")
    body = client.post(reverse("members:institution_create"), data).content.decode()
    assert "Indique el municipio de una institución municipal." in body
    response = client.post(reverse("members:institution_create"), {**data, "municipality": "Apodaca"})
    assert response.status_code == 302
    assert Institution.objects.get(name="Instituto Municipal de la Juventud").place == "Apodaca, Nuevo León"


def _search(client, text, **params):
    return client.get(reverse("members:directory_search"), {"q": text, **params})


def test_the_pickers_search_finds_another_states_institution_with_its_place(client, world, other_state):
    """Staff of any council find institutions of the whole directory, each labelled with its place."""
    client.force_login(world.staff_x)
    found = _search(client, "instituc").json()
    assert {"id": other_state.inst_b.pk, "label": "Institución B (IB) · Jalisco"} in found["results"]
    people = _search(client, other_state.seat_b.principal.full_name[:6], tipo="personas").json()["results"]
    assert other_state.seat_b.principal.pk in [row["id"] for row in people]
    assert any(row["label"].endswith("IB · Jalisco") for row in people)


def test_the_pickers_search_needs_three_letters_and_pages(client, world):
    """Fewer than three letters find nothing; a long answer comes one page at a time, saying more follow."""
    client.force_login(world.staff_x)
    for number in range(25):
        InstitutionFactory(name=f"Comisión Paginada {number:02d}")
    assert _search(client, "co").json() == {"results": [], "more": False}
    first = _search(client, "paginada").json()
    second = _search(client, "paginada", pagina="2").json()
    assert (len(first["results"]), first["more"]) == (20, True)
    assert (len(second["results"]), second["more"]) == (5, False)


def test_a_delegate_may_not_search_the_directory(client, world):
    client.force_login(world.delegate_a)
    assert _search(client, "instituc").status_code == 403


def test_hostile_ids_in_a_picker_or_a_search_page_are_no_choice_and_no_500(client, world):
    """A posted "²" or a 5,000-digit id in a council's picker, and "²" as the search's page, answer normally."""
    client.force_login(world.staff_x)
    url = reverse("council:seat_create", args=[world.council_x.pk])
    for value in ("²", "9" * 5000):
        assert client.post(url, {"institution": value, "role": "member"}).status_code == 200
    search = reverse("members:directory_search")
    assert client.get(search, {"q": "Institución", "pagina": "²"}).status_code == 200

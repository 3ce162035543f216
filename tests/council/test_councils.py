"""Creating and editing councils from the browser, and the list of councils each role sees."""

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Council
from council.selectors import council_issuing_unit
from council.services.councils import council_create, council_update
from tests.council.factories import CouncilFactory
from tests.formdata import post_data, read_version
from tests.members.factories import InstitutionFactory, IssuingUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    presiding = InstitutionFactory(name="Secretaría General de Gobierno")
    secretariat = InstitutionFactory(name="Secretaría de Igualdad e Inclusión")
    data = {
        "name": "Consejo Estatal para la Prevención de la Trata",
        "short_name": "CEPT",
        "kind": Council.Kind.COUNCIL,
        "jurisdiction": "Nuevo León",
        "legal_basis": "Ley estatal en la materia.",
        "copy_to": "Presidencia del Consejo.\r\nExpediente.",
        "purpose": "Coordinar a las instituciones.",
        "presiding_institution": presiding.pk,
        "secretariat_institution": secretariat.pk,
        "quorum_rule": Council.QuorumRule.HALF_PLUS_ONE,
        "second_call_rule": Council.QuorumRule.ANY_PRESENT,
        "casting_vote": "on",
        "agreement_prefix": "cept",
        "reminder_days": 3,
        "default_city": "Monterrey",
        "staff": [],
    }
    data.update(overrides)
    return data


def test_admin_creates_a_council_with_its_staff(client, world):
    """The council is registered, the prefix upper-cased, the staff set, and a success message shown."""
    client.force_login(world.admin)
    secretary = UserFactory(username="secretaria_cept")
    response = client.post(reverse("council:create"), _form_data(staff=[secretary.pk]), follow=True)
    council = Council.objects.get(short_name="CEPT")
    assert response.redirect_chain[-1][0] == council.get_absolute_url()
    assert "Se registró el consejo «CEPT»." in response.content.decode()
    assert council.agreement_prefix == "CEPT"
    assert council.copy_to.splitlines() == ["Presidencia del Consejo.", "Expediente."]  # the letters' c.c.p.
    assert list(council.staff.all()) == [secretary]


def test_only_platform_admins_create_councils(client, world):
    client.force_login(world.staff_x)
    assert client.get(reverse("council:create")).status_code == 403
    assert client.post(reverse("council:create"), _form_data()).status_code == 403
    assert not Council.objects.filter(short_name="CEPT").exists()


def test_staff_edit_their_council(client, world):
    client.force_login(world.staff_x)
    url = reverse("council:edit", args=[world.council_x.pk])
    data = _form_data(name="Consejo X renombrado", short_name="XR", staff=[world.staff_x.pk])
    response = client.post(url, {**data, **read_version(client, url)}, follow=True)
    assert "Se guardaron los datos del consejo «XR»." in response.content.decode()
    world.council_x.refresh_from_db()
    assert world.council_x.name == "Consejo X renombrado"
    assert world.council_x.reminder_days == 3


def test_staff_cannot_remove_themselves_but_admins_can_remove_them(client, world):
    url = reverse("council:edit", args=[world.council_x.pk])
    other = UserFactory(username="otra_secretaria")
    client.force_login(world.staff_x)
    data = {**_form_data(staff=[other.pk]), **read_version(client, url)}
    body = client.post(url, data).content.decode()
    assert "No puede quitarse a sí mismo del personal" in body
    assert world.staff_x in world.council_x.staff.all()
    client.force_login(world.admin)
    client.post(url, data)
    assert list(world.council_x.staff.all()) == [other]


def test_edit_form_shows_the_current_data(client, world):
    client.force_login(world.staff_x)
    body = client.get(reverse("council:edit", args=[world.council_x.pk])).content.decode()
    assert 'value="Consejo X"' in body and "Regla de quórum (segunda convocatoria)" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agreement_prefix": "CE/PT"}, "Use solo letras, números y guiones"),
        ({"reminder_days": 45}, "entre 0 y 30 días"),
        (
            {"quorum_rule": Council.QuorumRule.ONE_THIRD, "second_call_rule": Council.QuorumRule.TWO_THIRDS},
            "La segunda convocatoria no puede exigir más integrantes que la primera.",
        ),
        ({"name": "Consejo Y"}, "Ya existe"),
        ({"name": ""}, "Este campo es obligatorio."),
    ],
)
def test_invalid_council_data_is_refused_with_a_message(client, world, overrides, message):
    client.force_login(world.staff_x)
    url = reverse("council:edit", args=[world.council_x.pk])
    data = {**_form_data(staff=[world.staff_x.pk], **overrides), **read_version(client, url)}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "Revise los datos marcados." in body
    world.council_x.refresh_from_db()
    assert world.council_x.name == "Consejo X"


def test_an_agreement_prefix_used_by_another_council_is_refused(client, world):
    """Agreement numbers are unique across councils, so two councils cannot share a prefix."""
    client.force_login(world.staff_x)
    url = reverse("council:edit", args=[world.council_x.pk])
    data = _form_data(agreement_prefix=world.council_y.agreement_prefix.lower(), staff=[world.staff_x.pk])
    body = client.post(url, {**data, **read_version(client, url)}).content.decode()
    assert "Otro consejo ya usa el prefijo" in body


def test_services_keep_the_staff_when_not_given():
    council = CouncilFactory()
    user = UserFactory()
    council.staff.add(user)
    council_update(council=council, data={"short_name": "Nuevo"})
    assert list(council.staff.all()) == [user]
    assert Council.objects.get(pk=council.pk).short_name == "Nuevo"


def test_create_service_validates_before_writing():
    from django.core.exceptions import ValidationError

    institution = InstitutionFactory()
    with pytest.raises(ValidationError) as error:
        council_create(data={"name": "Sin prefijo", "short_name": "SP", "presiding_institution": institution})
    assert "secretariat_institution" in error.value.error_dict and "agreement_prefix" in error.value.error_dict
    assert not Council.objects.filter(name="Sin prefijo").exists()


def test_council_list_admin_sees_all_staff_their_own(client, world):
    client.force_login(world.admin)
    body = client.get(reverse("council:list")).content.decode()
    assert "Consejo X" in body and "Consejo Y" in body and "Registrar consejo" in body
    client.force_login(world.staff_x)
    body = client.get(reverse("council:list")).content.decode()
    assert "Consejo X" in body and "Consejo Y" not in body and "Registrar consejo" not in body


def test_council_list_is_paginated(client, world):
    for _ in range(26):
        CouncilFactory()
    client.force_login(world.admin)
    body = client.get(reverse("council:list")).content.decode()
    assert "Página 1 de 2" in body
    assert client.get(reverse("council:list") + "?page=2").status_code == 200


def test_navigation_shows_the_workspace_to_staff_only(client, world):
    client.force_login(world.staff_x)
    assert f'href="{reverse("council:list")}"' in client.get(reverse("dashboard")).content.decode()
    client.force_login(world.delegate_a)
    assert f'href="{reverse("council:list")}"' not in client.get(reverse("dashboard")).content.decode()


def test_council_page_shows_management_buttons_to_staff_only(client, world):
    client.force_login(world.staff_x)
    body = client.get(world.council_x.get_absolute_url()).content.decode()
    for label in [
        "Editar datos del consejo",
        "Agregar lugar",
        "Conformar grupo de trabajo",
        "Asistencia por institución",
    ]:
        assert label in body
    client.force_login(world.delegate_a)
    body = client.get(world.council_x.get_absolute_url()).content.decode()
    assert "Agregar lugar" not in body and "Archivar" not in body and "Editar datos" not in body


def test_the_article_is_inferred_from_the_name_until_someone_chooses_it(client, world):
    """ "la Comisión …", "el Consejo …" without asking; the staff may say otherwise, with the installation date."""
    comision = CouncilFactory(name="Comisión Intersecretarial de Prueba", kind=Council.Kind.COMMISSION)
    assert comision.name_with_article == "la Comisión Intersecretarial de Prueba"
    assert comision.body_phrase == "la Comisión"
    assert CouncilFactory(name="Consejo Estatal Y").name_with_article == "el Consejo Estatal Y"
    client.force_login(world.admin)
    response = client.post(
        reverse("council:create"),
        _form_data(name="Junta Estatal de Prueba", article=Council.Article.FEMININE, installed_on="2021-03-15"),
    )
    assert response.status_code == 302
    junta = Council.objects.get(short_name="CEPT")
    assert (junta.name_with_article, str(junta.installed_on)) == ("la Junta Estatal de Prueba", "2021-03-15")


def test_the_council_form_sets_its_default_issuing_unit_any_unit_of_the_directory(client, world):
    """Blank, documents use the secretariat's first unit; staff may choose any active unit, never an archived one."""
    council = world.council_x
    assert council.default_issuing_unit is None
    assert council_issuing_unit(council) == council.secretariat_institution.issuing_units.get()
    federal = InstitutionFactory(name="Secretaría Federal", short_name="SF", unit=None)
    unit = IssuingUnitFactory(institution=federal, lines="Dirección General de Enlace")
    archived = IssuingUnitFactory(institution=federal, lines="Unidad Archivada", archived_at=timezone.now())
    client.force_login(world.staff_x)
    url = reverse("council:edit", args=[council.pk])
    page = client.get(url).content.decode()
    assert "SF · Secretaría Federal — Dirección General de Enlace" in page and "Unidad Archivada" not in page
    data = {**post_data(client.get(url).context["form"]), "default_issuing_unit": archived.pk}
    assert client.post(url, data).status_code == 200
    council.refresh_from_db()
    assert council.default_issuing_unit is None
    assert client.post(url, {**data, "default_issuing_unit": unit.pk}).status_code == 302
    council.refresh_from_db()
    assert council.default_issuing_unit == unit and council_issuing_unit(council) == unit


def test_the_council_pickers_list_the_institutions_of_the_viewers_councils(client, world, other_state):
    """Council X's staff see, for its presiding and secretariat institutions, those their councils use; another
    state's "Institución B" and an institution seated nowhere are found only through the directory's search."""
    client.force_login(world.staff_x)
    body = client.get(reverse("council:edit", args=[world.council_x.pk])).content.decode()
    assert f"{world.seat_a.institution.label_with_place()}</option>" in body
    assert "Institución B (IB) · Jalisco</option>" not in body
    assert "Institución sin lugar" not in body
    assert body.count('data-directory-search="/directorio/buscar/"') == 2


def test_a_new_council_takes_searched_institutions(client, world, other_state):
    """A new council has no seats: institutions found by search (here, another state's) are accepted."""
    client.force_login(world.admin)
    data = _form_data(presiding_institution=other_state.inst_a.pk, secretariat_institution=other_state.inst_b.pk)
    client.post(reverse("council:create"), data)
    council = Council.objects.get(short_name="CEPT")
    assert (council.presiding_institution, council.secretariat_institution) == (other_state.inst_a, other_state.inst_b)


def test_an_institution_outside_the_directory_is_a_form_error_on_the_council(client, world):
    client.force_login(world.staff_x)
    retired = InstitutionFactory(name="Institución Extinta", is_active=False)
    url = reverse("council:edit", args=[world.council_x.pk])
    data = _form_data(presiding_institution=retired.pk, staff=[world.staff_x.pk])
    response = client.post(url, {**data, **read_version(client, url)})
    assert response.status_code == 200
    assert "presiding_institution" in response.context["form"].errors


def test_the_council_form_saves_the_secretariats_mailbox_and_refuses_a_wrong_address(client, world):
    """The mailbox that organizes the calendar invitations and receives their answers is set from the council's
    form, shown when the form is opened again, and a mistyped address is refused beside its field."""
    client.force_login(world.staff_x)
    url = reverse("council:edit", args=[world.council_x.pk])
    data = _form_data(staff=[world.staff_x.pk], secretariat_email="secretaria.tecnica@nl.gob.mx")
    client.post(url, {**data, **read_version(client, url)}, follow=True)
    world.council_x.refresh_from_db()
    assert world.council_x.secretariat_email == "secretaria.tecnica@nl.gob.mx"
    assert 'value="secretaria.tecnica@nl.gob.mx"' in client.get(url).content.decode()

    data["secretariat_email"] = "secretaria.tecnica arroba nl"
    response = client.post(url, {**data, **read_version(client, url)})
    assert response.status_code == 200
    assert "Introduzca una dirección de correo electrónico válida." in response.content.decode()
    world.council_x.refresh_from_db()
    assert world.council_x.secretariat_email == "secretaria.tecnica@nl.gob.mx"

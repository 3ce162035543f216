"""Institutions placed in the country: unique by name within a place, the rules of state and municipality, the label."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import Institution, State
from members.services.directory import institution_create, institution_update
from tests.members.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

DUPLICATE = "Ya existe una institución con ese nombre en esa entidad y municipio."


def _data(**overrides):
    data = {
        "name": "Secretaría de Salud",
        "short_name": "SS",
        "kind": Institution.Kind.STATE_MINISTRY,
        "government_order": Institution.GovernmentOrder.STATE,
        "state": State.JALISCO,
        "municipality": "",
        "is_active": True,
    }
    data.update(overrides)
    return data


def _refusal(**overrides) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        institution_create(data=_data(**overrides))
    return refused.value


def test_the_same_name_in_two_states_coexists():
    jalisco = institution_create(data=_data())
    nuevo_leon = institution_create(data=_data(state=State.NUEVO_LEON))
    assert Institution.objects.filter(name="Secretaría de Salud").count() == 2
    assert jalisco.label_with_place() == "Secretaría de Salud (SS) · Jalisco"
    assert nuevo_leon.label_with_place() == "Secretaría de Salud (SS) · Nuevo León"


@pytest.mark.parametrize("name", ["Secretaría de Salud", "SECRETARÍA DE SALUD", "secretaria de salud"])
def test_a_second_institution_of_the_same_name_in_one_state_is_refused_ignoring_case_and_accents(name):
    institution_create(data=_data())
    assert _refusal(name=name).messages == [DUPLICATE]
    assert Institution.objects.count() == 1


def test_the_database_refuses_a_duplicate_that_skips_the_service():
    InstitutionFactory(name="Secretaría de Salud", state=State.JALISCO)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(name="SECRETARIA DE SALUD", state=State.JALISCO)


def test_a_renamed_institution_cannot_take_a_name_already_used_in_its_place():
    institution_create(data=_data())
    other = institution_create(data=_data(name="Secretaría de Educación"))
    with pytest.raises(ValidationError) as refused:
        institution_update(institution=other, data={"name": "Secretaria de salud"})
    assert refused.value.messages == [DUPLICATE]


def test_the_same_name_in_two_municipalities_of_one_state_coexists():
    municipal = {"government_order": Institution.GovernmentOrder.MUNICIPAL, "name": "Instituto Municipal de la Mujer"}
    institution_create(data=_data(municipality="Zapopan", **municipal))
    institution_create(data=_data(municipality="Tlaquepaque", **municipal))
    assert _refusal(municipality="ZAPOPAN", **municipal).messages == [DUPLICATE]


def test_a_municipal_body_needs_its_municipality():
    error = _refusal(government_order=Institution.GovernmentOrder.MUNICIPAL, municipality="  ")
    assert error.message_dict == {"municipality": ["Indique el municipio de una institución municipal."]}


def test_only_municipal_bodies_take_a_municipality():
    error = _refusal(municipality="Guadalajara")
    assert error.message_dict == {
        "municipality": ["Solo las instituciones municipales llevan municipio; deje el campo vacío."]
    }


@pytest.mark.parametrize("order", [Institution.GovernmentOrder.STATE, Institution.GovernmentOrder.MUNICIPAL])
def test_state_and_municipal_bodies_need_their_state(order):
    error = _refusal(government_order=order, state="", municipality="Zapopan" if order == "municipal" else "")
    assert error.message_dict["state"] == [
        "Indique la entidad federativa: una institución estatal o municipal pertenece a una."
    ]


@pytest.mark.parametrize("order", [Institution.GovernmentOrder.FEDERAL, Institution.GovernmentOrder.INTERNATIONAL])
def test_federal_and_international_bodies_have_no_state(order):
    error = _refusal(government_order=order)
    assert error.message_dict == {
        "state": ["Las instituciones federales e internacionales no llevan entidad federativa; deje el campo vacío."]
    }


@pytest.mark.parametrize(
    ("order", "state", "municipality", "place"),
    [
        ("federal", "", "", "Nacional"),
        ("international", "", "", "Internacional"),
        ("autonomous", "", "", "Nacional"),
        ("autonomous", State.NUEVO_LEON, "", "Nuevo León"),
        ("judiciary", State.CIUDAD_DE_MEXICO, "", "Ciudad de México"),
        ("municipal", State.NUEVO_LEON, "Apodaca", "Apodaca, Nuevo León"),
    ],
)
def test_each_order_may_sit_where_it_belongs_and_says_so(order, state, municipality, place):
    institution = institution_create(
        data=_data(short_name="", government_order=order, state=state, municipality=municipality)
    )
    assert institution.place == place
    assert institution.label_with_place() == f"Secretaría de Salud · {place}"
    assert institution.label_with_place(short=True) == f"Secretaría de Salud · {place}"


def test_a_state_body_whose_state_is_unknown_shows_its_name_alone():
    """Rows the migration could not place keep an empty state until someone edits them."""
    institution = InstitutionFactory(name="Secretaría de Salud", short_name="SSA", state="")
    assert institution.place == ""
    assert institution.label_with_place(short=True) == "SSA"


def test_the_states_are_the_32_of_inegi_with_their_keys():
    assert len(State.choices) == 32
    assert State.choices[0] == ("01", "Aguascalientes")
    assert State("09").label == "Ciudad de México"
    assert State("19").label == "Nuevo León"
    assert State.choices[-1] == ("32", "Zacatecas")
    assert [key for key, _ in State.choices] == [f"{n:02d}" for n in range(1, 33)]

import datetime as dt

import pytest
from django.utils import timezone, translation

from core.wording import english_ordinal, spanish_ordinal
from sessions_app.models import Session
from sessions_app.numbering import session_title
from sessions_app.services.sessions import session_create
from tests.council.factories import CouncilFactory, WorkingGroupFactory

ORDINALS = [
    "Primera",
    "Segunda",
    "Tercera",
    "Cuarta",
    "Quinta",
    "Sexta",
    "Séptima",
    "Octava",
    "Novena",
    "Décima",
    "Décima Primera",
    "Décima Segunda",
    "Décima Tercera",
    "Décima Cuarta",
    "Décima Quinta",
    "Décima Sexta",
    "Décima Séptima",
    "Décima Octava",
    "Décima Novena",
    "Vigésima",
]


@pytest.mark.parametrize(("number", "ordinal"), list(enumerate(ORDINALS, start=1)))
def test_spanish_ordinals_to_the_twentieth(number, ordinal):
    assert spanish_ordinal(number) == ordinal


def test_ordinals_beyond_twenty():
    assert spanish_ordinal(21) == "Vigésima Primera"
    assert spanish_ordinal(30) == "Trigésima"
    with pytest.raises(ValueError):
        spanish_ordinal(0)


def test_titles_read_as_official_documents_write_them():
    assert session_title("ordinary", 1, 2022) == "Primera Sesión Ordinaria 2022"
    assert session_title("extraordinary", 2, 2023) == "Segunda Sesión Extraordinaria 2023"
    assert session_title("installation", 1, 2021) == "Sesión de Instalación 2021"


def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 10))


def _create(council, kind, when, **kwargs):
    return session_create(council=council, kind=kind, starts_at=when, ends_at=when + dt.timedelta(hours=2), **kwargs)


@pytest.mark.django_db
def test_numbering_is_per_council_kind_and_year():
    council, other = CouncilFactory(), CouncilFactory()
    first = _create(council, Session.Kind.ORDINARY, _at(2022, 3, 1))
    second = _create(council, Session.Kind.ORDINARY, _at(2022, 6, 1))
    extraordinary = _create(council, Session.Kind.EXTRAORDINARY, _at(2022, 7, 1))
    next_year = _create(council, Session.Kind.ORDINARY, _at(2023, 2, 1))
    elsewhere = _create(other, Session.Kind.ORDINARY, _at(2022, 6, 1))
    assert first.title == "Primera Sesión Ordinaria 2022"
    assert second.title == "Segunda Sesión Ordinaria 2022"
    assert extraordinary.title == "Primera Sesión Extraordinaria 2022"
    assert next_year.title == "Primera Sesión Ordinaria 2023"
    assert elsewhere.title == "Primera Sesión Ordinaria 2022"


@pytest.mark.django_db
def test_working_group_sessions_are_numbered_apart_from_the_plenary():
    group = WorkingGroupFactory()
    _create(group.council, Session.Kind.ORDINARY, _at(2022, 3, 1))
    group_session = _create(group.council, Session.Kind.ORDINARY, _at(2022, 4, 1), working_group=group)
    assert group_session.number == 1


@pytest.mark.django_db
def test_new_sessions_start_from_the_agenda_template():
    council = CouncilFactory()
    ordinary = _create(council, Session.Kind.ORDINARY, _at(2022, 3, 1))
    extraordinary = _create(council, Session.Kind.EXTRAORDINARY, _at(2022, 3, 2))
    kinds = list(ordinary.agenda_items.values_list("kind", flat=True))
    assert kinds == ["roll_call", "agenda_approval", "minutes_approval", "follow_up", "general_matters", "closing"]
    extra_kinds = set(extraordinary.agenda_items.values_list("kind", flat=True))
    assert "follow_up" not in extra_kinds and "general_matters" not in extra_kinds


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "First"),
        (2, "Second"),
        (3, "Third"),
        (10, "Tenth"),
        (12, "Twelfth"),
        (20, "Twentieth"),
        (21, "Twenty-First"),
        (40, "Fortieth"),
        (99, "Ninety-Ninth"),
    ],
)
def test_english_ordinals(number, expected):
    assert english_ordinal(number) == expected


def test_the_title_follows_the_interface_language():
    """The official Spanish title in Spanish; its English form in English."""
    with translation.override("es-mx"):
        assert session_title("ordinary", 1, 2022) == "Primera Sesión Ordinaria 2022"
    with translation.override("en"):
        assert session_title("ordinary", 21, 2022) == "Twenty-First Ordinary Session 2022"

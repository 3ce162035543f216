"""The orden del día service: insertion before the closing items, removal, reorder with merge, stale edits."""

import pytest
from django.core.exceptions import ValidationError

from sessions_app.models import AgendaItem, Document, Session, Vote
from sessions_app.services.agenda import (
    agenda_item_create,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_item_version,
    agenda_reorder,
)
from sessions_app.services.sessions import agenda_apply_template
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.sessions_app.factories import AgreementFactory, SessionFactory

pytestmark = pytest.mark.django_db

K = AgendaItem.Kind


@pytest.fixture
def session():
    session = SessionFactory(status=Session.Status.DRAFT)
    agenda_apply_template(session=session)
    return session


def _titles(session):
    return list(AgendaItem.objects.filter(session=session).order_by("order").values_list("title", flat=True))


def _orders(session):
    return list(AgendaItem.objects.filter(session=session).order_by("order").values_list("order", flat=True))


def test_a_new_item_goes_before_general_matters_and_closing(session):
    agenda_item_create(session=session, title="Presentación del Programa Estatal", kind=K.PRESENTATION)
    titles = _titles(session)
    assert titles[-3:] == ["Presentación del Programa Estatal", "Asuntos generales", "Clausura de la sesión"]
    assert _orders(session) == list(range(1, 8))


def test_a_new_closing_item_goes_last_and_general_matters_before_closing():
    session = SessionFactory(status=Session.Status.DRAFT)
    agenda_item_create(session=session, title="Clausura", kind=K.CLOSING)
    agenda_item_create(session=session, title="Asuntos generales", kind=K.GENERAL_MATTERS)
    agenda_item_create(session=session, title="Informe", kind=K.INFORMATION)
    assert _titles(session) == ["Informe", "Asuntos generales", "Clausura"]


def test_the_presenters_institution_follows_the_person_and_must_match():
    session = SessionFactory(status=Session.Status.DRAFT)
    person = PersonFactory()
    item = agenda_item_create(session=session, title="Informe", presenter=person)
    assert item.presenter_institution == person.institution
    with pytest.raises(ValidationError) as caught:
        agenda_item_create(session=session, title="Otro", presenter=person, presenter_institution=InstitutionFactory())
    assert caught.value.error_dict["presenter"][0].code == "presenter_other_institution"


def test_removing_an_item_closes_the_gap(session):
    second = AgendaItem.objects.get(session=session, order=2)
    agenda_item_remove(item=second)
    assert _orders(session) == [1, 2, 3, 4, 5]
    assert "Lectura y, en su caso, aprobación del orden del día" not in _titles(session)


def test_an_item_with_agreements_or_documents_is_not_removed(session):
    item = AgendaItem.objects.get(session=session, kind=K.FOLLOW_UP)
    AgreementFactory(session=session, agenda_item=item)
    Document.objects.create(session=session, agenda_item=item, title="Informe", file="documents/informe.pdf")
    with pytest.raises(ValidationError) as caught:
        agenda_item_remove(item=item)
    assert caught.value.code == "item_has_records"
    assert "tiene 1 acuerdo y 1 documento y no se puede eliminar" in caught.value.messages[0]
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_with_a_recorded_vote_is_not_removed(session):
    """A vote taken during the session (still convened, agenda still editable) keeps its item."""
    item = AgendaItem.objects.get(session=session, kind=K.AGENDA_APPROVAL)
    Vote.objects.create(agenda_item=item, method=Vote.Method.UNANIMITY, result=Vote.Result.APPROVED, votes_for=3)
    with pytest.raises(ValidationError) as caught:
        agenda_item_remove(item=item)
    assert "tiene una votación y no se puede eliminar" in caught.value.messages[0]
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_reorder_writes_the_new_order_in_two_passes(session):
    items = list(AgendaItem.objects.filter(session=session).order_by("order"))
    ids = [item.pk for item in items]
    reversed_ids = list(reversed(ids))
    result = agenda_reorder(session=session, order=reversed_ids, seen=ids)
    assert not result.merged
    assert list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True)) == (
        reversed_ids
    )
    assert _orders(session) == list(range(1, 7))
    # the final order is in each moved item's history
    assert items[0].history.latest().order == 6


def test_reorder_merges_items_added_and_removed_meanwhile(session):
    ids = list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True))
    # While one person drags, another adds an item and removes the second one.
    added = agenda_item_create(session=session, title="Informe de la Fiscalía", kind=K.INFORMATION)
    agenda_item_remove(item=AgendaItem.objects.get(pk=ids[1]))
    client_order = [ids[5], ids[0], ids[1], ids[2], ids[3], ids[4]]
    result = agenda_reorder(session=session, order=client_order, seen=ids)
    assert result.merged and result.removed == 1 and [item.pk for item in result.added] == [added.pk]
    final = list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True))
    assert final == [ids[5], ids[0], ids[2], ids[3], ids[4], added.pk]
    assert _orders(session) == list(range(1, 7))


def test_reorder_ignores_ids_of_other_sessions_and_repeats(session):
    other = SessionFactory(status=Session.Status.DRAFT)
    agenda_apply_template(session=other)
    stranger = AgendaItem.objects.filter(session=other).first()
    ids = list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True))
    agenda_reorder(session=session, order=[ids[1], stranger.pk, ids[1], ids[0]], seen=ids)
    final = list(AgendaItem.objects.filter(session=session).order_by("order").values_list("pk", flat=True))
    assert final == [ids[1], ids[0], *ids[2:]]
    assert AgendaItem.objects.get(pk=stranger.pk).order == 1


def test_move_up_and_down_and_nothing_at_the_ends(session):
    first, second = AgendaItem.objects.filter(session=session).order_by("order")[:2]
    agenda_item_move(item=second, direction="up")
    assert _titles(session)[0] == second.title
    agenda_item_move(item=second, direction="up")
    assert _titles(session)[0] == second.title
    agenda_item_move(item=second, direction="down")
    assert _titles(session)[:2] == [first.title, second.title]


def test_an_edit_from_an_older_reading_is_refused(session):
    item = AgendaItem.objects.get(session=session, order=4)
    read_by_both = agenda_item_version(item)
    agenda_item_update(item=item, version=read_by_both, title="Seguimiento de acuerdos 2025", duration_minutes=20)
    with pytest.raises(ValidationError) as caught:
        agenda_item_update(item=item, version=read_by_both, title="Seguimiento", duration_minutes=5)
    assert caught.value.code == "stale"
    assert caught.value.messages[0].startswith("Otra persona guardó cambios después de que usted abrió este formulario")
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Seguimiento de acuerdos 2025", 20)


def test_a_reorder_by_someone_else_does_not_make_an_edit_stale(session):
    item = AgendaItem.objects.get(session=session, order=4)
    version = agenda_item_version(item)
    agenda_item_move(item=item, direction="up")
    agenda_item_update(item=item, version=version, highlight=True)
    item.refresh_from_db()
    assert item.highlight and item.order == 3


@pytest.mark.parametrize("status", [Session.Status.HELD, Session.Status.CLOSED, Session.Status.CANCELLED])
def test_the_agenda_of_a_held_closed_or_cancelled_session_does_not_change(status):
    session = SessionFactory(status=status)
    agenda_apply_template(session=session)
    item = AgendaItem.objects.filter(session=session).first()
    for write in (
        lambda: agenda_item_create(session=session, title="Tarde"),
        lambda: agenda_item_remove(item=item),
        lambda: agenda_item_move(item=item, direction="down"),
        lambda: agenda_item_update(item=item, version=agenda_item_version(item), title="Otro"),
        lambda: agenda_reorder(session=session, order=[], seen=[]),
    ):
        with pytest.raises(ValidationError) as caught:
            write()
        assert caught.value.code == "agenda_not_editable"

"""Agreements: numbering under the council's pattern, who records them, and the status rules."""

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sessions_app.models import Agreement, AgreementUpdate, Minutes, Session
from sessions_app.services import agreements as service
from sessions_app.services.agreements import (
    agreement_create,
    agreement_report_progress,
    agreement_set_status,
    agreement_update,
)
from tests.council.factories import CouncilFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory, UserFactory
from tests.sessions_app.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db


def held_session(council=None, *, days_ago=1, kind=Session.Kind.ORDINARY, **kwargs) -> Session:
    """A session that took place `days_ago` days ago and is marked held."""
    starts_at = timezone.now() - dt.timedelta(days=days_ago)
    return SessionFactory(
        council=council or CouncilFactory(agreement_prefix="CINL"),
        kind=kind,
        starts_at=starts_at,
        status=Session.Status.HELD,
        **kwargs,
    )


def test_agreements_are_numbered_with_the_councils_pattern():
    """Prefix, session number (two digits) and kind, year, sequence within the session (two digits)."""
    session = held_session()
    item = AgendaItemFactory(session=session)
    numbers = [agreement_create(session=session, agenda_item=item, text=f"Acuerdo {n}").number for n in range(3)]
    year = session.year
    assert numbers == [f"CINL/01-ORD/{year}/01", f"CINL/01-ORD/{year}/02", f"CINL/01-ORD/{year}/03"]


def test_the_sequence_starts_again_in_each_session_and_the_kind_is_in_the_number():
    council = CouncilFactory(agreement_prefix="CIT")
    first = held_session(council, days_ago=30)
    second = held_session(council, days_ago=2)
    extraordinary = held_session(council, kind=Session.Kind.EXTRAORDINARY)
    installation = held_session(council, kind=Session.Kind.INSTALLATION, days_ago=60)
    agreement_create(session=first, text="Uno")
    year = second.year
    assert agreement_create(session=second, text="Dos").number == f"CIT/02-ORD/{year}/01"
    assert agreement_create(session=extraordinary, text="Tres").number == f"CIT/01-EXT/{year}/01"
    assert agreement_create(session=installation, text="Cuatro").number.startswith("CIT/01-INS/")


def test_working_group_agreements_do_not_collide_with_the_plenarys():
    """A group's first session and the plenary's first session both hold agreement 01, with distinct numbers."""
    group = WorkingGroupFactory(council=CouncilFactory(agreement_prefix="CINL"))
    plenary = held_session(group.council)
    group_session = held_session(group.council, working_group=group, number=1)
    plenary_number = agreement_create(session=plenary, text="Del pleno").number
    group_number = agreement_create(session=group_session, text="Del grupo").number
    assert group_number == f"CINL/GT{group.pk}/01-ORD/{group_session.year}/01"
    assert plenary_number != group_number


@pytest.mark.parametrize("status", [Session.Status.DRAFT, Session.Status.CANCELLED, Session.Status.CLOSED])
def test_agreements_are_not_recorded_in_a_session_that_was_not_convened_or_held(status):
    session = held_session()
    Session.objects.filter(pk=session.pk).update(status=status)
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="convocada o celebrada"):
        agreement_create(session=session, text="Acuerdo")


def test_agreements_are_not_recorded_before_the_session_starts():
    session = SessionFactory(status=Session.Status.CONVENED)  # in two weeks
    with pytest.raises(ValidationError, match="aún no empieza"):
        agreement_create(session=session, text="Acuerdo")
    assert not Agreement.objects.exists()


def test_the_agenda_item_must_be_the_sessions_own():
    session = held_session()
    other_item = AgendaItemFactory(session=held_session(session.council, days_ago=40))
    with pytest.raises(ValidationError, match="no pertenece a esta sesión"):
        agreement_create(session=session, agenda_item=other_item, text="Acuerdo")


def test_no_agreement_is_added_once_the_acta_is_approved():
    session = held_session()
    Minutes.objects.create(session=session, status=Minutes.Status.APPROVED)
    with pytest.raises(ValidationError, match="acta de esta sesión ya fue aprobada"):
        agreement_create(session=session, text="Tarde")


def test_after_the_acta_is_approved_only_the_follow_up_fields_change():
    session = held_session()
    health = InstitutionFactory()
    agreement = agreement_create(session=session, text="Texto original")
    Minutes.objects.create(session=session, status=Minutes.Status.APPROVED)
    with pytest.raises(ValidationError, match="no pueden cambiar"):
        agreement_update(agreement=agreement, text="Otro texto", agenda_item=None, responsible=[], due_date=None)
    due = dt.date(2030, 1, 31)
    agreement_update(agreement=agreement, text="Texto original", agenda_item=None, responsible=[health], due_date=due)
    agreement.refresh_from_db()
    assert agreement.text == "Texto original" and agreement.due_date == due
    assert list(agreement.responsible.all()) == [health]


def _slow_sequence(monkeypatch):
    """Read the next sequence, then wait: without the lock both transactions would read the same one."""
    original = service.next_agreement_sequence

    def slow(*, session):
        value = original(session=session)
        time.sleep(0.3)
        return value

    monkeypatch.setattr(service, "next_agreement_sequence", slow)


@pytest.mark.django_db(transaction=True)
def test_agreements_created_at_the_same_moment_get_distinct_numbers(monkeypatch):
    """Four transactions record an agreement in the same session at once: four distinct, consecutive numbers."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes and has no SELECT … FOR UPDATE; the race only exists on PostgreSQL.")
    session = held_session()
    _slow_sequence(monkeypatch)
    barrier = threading.Barrier(4)
    numbers, errors = [], []

    def record(n):
        try:
            barrier.wait()
            numbers.append(agreement_create(session=session, text=f"Acuerdo simultáneo {n}").number)
        except Exception as exc:  # the test reports whatever a thread hit
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"CINL/01-ORD/{session.year}/{n:02d}" for n in range(1, 5)]


# --- progress and status rules ---


@pytest.fixture
def agreement():
    health = InstitutionFactory(name="Secretaría de Salud")
    created = agreement_create(session=held_session(), text="Elaborar el protocolo", responsible=[health])
    created.health = health
    return created


def test_a_progress_report_moves_a_pending_agreement_to_in_progress(agreement):
    author = UserFactory()
    update = agreement_report_progress(
        agreement=agreement, text="Primer borrador listo", author=author, institution=agreement.health
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_PROGRESS
    assert update.status == Agreement.Status.IN_PROGRESS and update.institution == agreement.health
    second = agreement_report_progress(agreement=agreement, text="Revisión", author=author, institution=None)
    assert second.status == ""
    assert agreement.updates.count() == 2


def test_only_a_responsible_institution_reports(agreement):
    with pytest.raises(ValidationError, match="no es responsable"):
        agreement_report_progress(agreement=agreement, text="Avance", author=None, institution=InstitutionFactory())
    assert not AgreementUpdate.objects.exists()


def test_an_empty_report_is_refused(agreement):
    with pytest.raises(ValidationError, match="Describa el avance"):
        agreement_report_progress(agreement=agreement, text="  ", author=None, institution=agreement.health)


@pytest.mark.parametrize("status", [Agreement.Status.FULFILLED, Agreement.Status.CANCELLED])
def test_the_staff_close_an_agreement_with_a_reason(agreement, status):
    staff = UserFactory()
    agreement_set_status(agreement=agreement, status=status, reason="Se entregó el protocolo", author=staff)
    agreement.refresh_from_db()
    assert agreement.status == status and agreement.status_reason == "Se entregó el protocolo"
    record = agreement.updates.get()
    assert record.status == status and record.author == staff
    with pytest.raises(ValidationError, match="ya no recibe avances"):
        agreement_report_progress(agreement=agreement, text="Avance", author=None, institution=agreement.health)


def test_closing_without_a_reason_is_refused(agreement):
    with pytest.raises(ValidationError, match="motivo"):
        agreement_set_status(agreement=agreement, status=Agreement.Status.FULFILLED, reason=" ", author=None)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.PENDING


def test_only_closed_agreements_are_reopened_and_pending_is_not_a_staff_status(agreement):
    with pytest.raises(ValidationError, match="Solo se reabre"):
        agreement_set_status(agreement=agreement, status=Agreement.Status.IN_PROGRESS, reason="x", author=None)
    with pytest.raises(ValidationError, match="Estado no válido"):
        agreement_set_status(agreement=agreement, status=Agreement.Status.PENDING, reason="x", author=None)
    agreement_set_status(agreement=agreement, status=Agreement.Status.CANCELLED, reason="Duplicado", author=None)
    agreement_set_status(agreement=agreement, status=Agreement.Status.IN_PROGRESS, reason="Error", author=None)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_PROGRESS


def test_the_admin_numbers_an_agreement_like_the_app(client):
    """An agreement added in the Django admin gets the next number of its session, not a blank one."""
    session = held_session()
    agreement_create(session=session, text="Primero")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    data = {
        "session": session.pk,
        "text": "Agregado desde la administración",
        "status": "pending",
        **{f"updates-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0}.items()},
        "updates-MAX_NUM_FORMS": 1000,
    }
    response = client.post("/admin/sessions_app/agreement/add/", data)
    assert response.status_code == 302
    assert Agreement.objects.get(text="Agregado desde la administración").number == f"CINL/01-ORD/{session.year}/02"

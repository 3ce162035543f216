import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from council.models import SeatAlternate
from tests.council.factories import SeatFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_session_must_end_after_it_starts():
    session = SessionFactory()
    session.ends_at = session.starts_at - dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="terminar después de empezar"):
        session.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_one_session_number_per_council_kind_and_year():
    session = SessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(council=session.council, number=session.number, starts_at=session.starts_at)


def test_one_invitation_per_institution_per_session():
    invitation = InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(session=invitation.session, institution=invitation.institution)


def test_agenda_order_is_unique_per_session():
    item = AgendaItemFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(session=item.session, order=1)


def test_a_suplente_must_work_for_the_seats_institution():
    seat = SeatFactory()
    outsider = PersonFactory()
    with pytest.raises(ValidationError, match="suplente debe pertenecer"):
        SeatAlternate(seat=seat, person=outsider).full_clean()
    SeatAlternate(seat=seat, person=PersonFactory(institution=seat.institution)).full_clean()


def test_a_titular_must_work_for_the_seats_institution():
    seat = SeatFactory()
    seat.principal = PersonFactory()
    with pytest.raises(ValidationError, match="titular debe pertenecer"):
        seat.full_clean()


def test_a_permanent_guest_has_no_vote():
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(role="guest", has_vote=True)

"""A draft session of council X ready to be convened, with suplentes, a guest seat and an agenda."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from council.models import SeatAlternate
from sessions_app.models import Session
from sessions_app.services.sessions import agenda_apply_template
from tests.council.factories import GuestSeatFactory, SeatFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def convening(world):
    """Council X: seat A (world) with two suplentes, member C with one, guest G; a hybrid draft session in 10 days."""
    seat_a = world.seat_a
    alternate_a1 = PersonFactory(institution=seat_a.institution, full_name="Ana Suplente Uno")
    alternate_a2 = PersonFactory(institution=seat_a.institution, full_name="Beto Suplente Dos")
    SeatAlternate.objects.create(seat=seat_a, person=alternate_a1, order=1)
    SeatAlternate.objects.create(seat=seat_a, person=alternate_a2, order=2)
    seat_c = SeatFactory(council=world.council_x, institution__name="Institución C")
    alternate_c = PersonFactory(institution=seat_c.institution, full_name="Carla Suplente")
    SeatAlternate.objects.create(seat=seat_c, person=alternate_c)
    seat_g = GuestSeatFactory(council=world.council_x, institution__name="Institución Invitada G")
    archived = SeatFactory(council=world.council_x, institution__name="Institución Archivada")
    archived.archived_at = timezone.now()
    archived.save()
    starts_at = timezone.now() + dt.timedelta(days=10)
    session = SessionFactory(
        council=world.council_x,
        status=Session.Status.DRAFT,
        starts_at=starts_at,
        modality=Session.Modality.HYBRID,
        video_url="https://video.example.gob.mx/consejo-x",
    )
    agenda_apply_template(session=session)
    return SimpleNamespace(world=world, **{k: v for k, v in locals().items() if k != "world"})

"""The councils the start page follows (``dashboard_council_ids``): the rule of ``visible_councils``, plus the
councils where the user's institution answers for agreements, read in one plain query."""

import pytest
from django.utils import timezone

from council.permissions import visible_councils
from members.permissions import Viewer
from sessions_app.models import Agreement
from sessions_app.selectors.dashboard import dashboard_council_ids
from tests.council.factories import CouncilFactory, SeatFactory
from tests.sessions_app.factories import AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _by_the_orm(user) -> list[int]:
    viewer = Viewer(user)
    ids = set(visible_councils(viewer).values_list("pk", flat=True))
    if viewer.institution_id:
        ids |= set(
            Agreement.objects.filter(responsible=viewer.institution_id).values_list("session__council_id", flat=True)
        )
    return sorted(ids)


def test_the_start_page_follows_the_councils_each_user_sees_and_those_it_answers_to(world, other_state):
    institution_a = world.seat_a.institution
    # A sits in X; it was convened once by a third council, answers for an agreement of a fourth, and its seat in
    # a fifth was archived (that council is no longer its own).
    third, fourth, fifth = CouncilFactory(name="Consejo T"), CouncilFactory(name="Consejo C"), CouncilFactory()
    InvitationFactory(session=SessionFactory(council=third), institution=institution_a)
    AgreementFactory(session=SessionFactory(council=fourth)).responsible.add(institution_a)
    SeatFactory(council=fifth, institution=institution_a, archived_at=timezone.now())
    world.council_y.staff.add(world.delegate_a)  # and the delegate is on Y's staff too
    expected = {
        "delegate_a": [world.council_x.pk, world.council_y.pk, third.pk, fourth.pk],
        "delegate_b": [world.council_y.pk],
        "staff_x": [world.council_x.pk],
        "staff_y": [world.council_y.pk],
    }
    for name, councils in expected.items():
        user = getattr(world, name)
        assert dashboard_council_ids(Viewer(user)) == sorted(councils) == _by_the_orm(user), name
    admin = dashboard_council_ids(Viewer(world.admin))
    assert admin == _by_the_orm(world.admin) and fifth.pk in admin

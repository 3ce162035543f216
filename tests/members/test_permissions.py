"""Who may change an institution of the shared directory and its people: the staff of the councils that reach it."""

import datetime as dt

import pytest
from django.utils import timezone

from members.permissions import can_edit_institution, can_edit_person, editable_institutions
from tests.council.factories import SeatFactory
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _editors(world, institution) -> set[str]:
    roles = ("delegate_a", "delegate_b", "staff_x", "staff_y", "admin")
    return {role for role in roles if can_edit_institution(getattr(world, role), institution)}


def test_an_institution_with_a_seat_is_kept_by_its_councils_staff_only(world):
    """A sits only in X: X's staff and the admins change it; Y's staff and the delegates do not."""
    assert _editors(world, world.seat_a.institution) == {"staff_x", "admin"}
    assert _editors(world, world.seat_b.institution) == {"staff_y", "admin"}


def test_an_institution_seated_in_two_councils_is_kept_by_both(world):
    SeatFactory(council=world.council_x, institution=world.seat_b.institution)
    assert _editors(world, world.seat_b.institution) == {"staff_x", "staff_y", "admin"}


def test_an_institution_that_sits_nowhere_is_any_councils_until_it_takes_a_seat(world):
    institution = InstitutionFactory(name="Recién registrada")
    assert _editors(world, institution) == {"staff_x", "staff_y", "admin"}
    SeatFactory(council=world.council_y, institution=institution)
    assert _editors(world, institution) == {"staff_y", "admin"}


def test_an_archived_or_future_seat_does_not_count(world):
    institution = InstitutionFactory()
    SeatFactory(council=world.council_x, institution=institution, archived_at=timezone.now())
    SeatFactory(council=world.council_x, institution=institution, valid_from=timezone.localdate() + dt.timedelta(9))
    assert _editors(world, institution) == {"staff_x", "staff_y", "admin"}


def test_a_guest_without_a_seat_is_kept_by_the_councils_that_convened_it(world):
    """A body invited to X's sessions (and seated nowhere) is X's to keep: Y cannot take its people."""
    guest = InstitutionFactory(name="Comisión Estatal de Derechos Humanos")
    InvitationFactory(session=world.session_x, institution=guest, role="guest", has_vote=False)
    assert _editors(world, guest) == {"staff_x", "admin"}


def test_inviting_a_seated_institution_as_a_guest_gives_no_rights_over_it(world):
    """Y convening A (which sits in X) to one of Y's sessions does not let Y's staff change A."""
    InvitationFactory(session=world.session_y, institution=world.seat_a.institution, role="guest", has_vote=False)
    assert _editors(world, world.seat_a.institution) == {"staff_x", "admin"}


def test_a_person_follows_their_institution(world):
    person = PersonFactory(institution=world.seat_a.institution)
    assert can_edit_person(world.staff_x, person)
    assert not can_edit_person(world.staff_y, person)


def test_the_editable_institutions_are_those_the_predicate_allows(world):
    free = InstitutionFactory(name="Sin lugar")
    later = SessionFactory(council=world.council_x)
    guest = InvitationFactory(session=later, institution=InstitutionFactory(name="Invitada de X"), role="guest")
    mine = set(editable_institutions(world.staff_y))
    assert world.seat_b.institution in mine and free in mine
    assert world.seat_a.institution not in mine and guest.institution not in mine
    assert not editable_institutions(world.delegate_a).exists()


def test_a_viewers_standing_read_in_one_query_is_what_it_reads_one_fact_at_a_time(world, django_assert_num_queries):
    """``Viewer.read_standing`` (one query) knows the same councils and institution as the lazy facts (two)."""
    from members.permissions import Viewer

    world.council_y.staff.add(world.staff_x)
    PersonFactory(user=world.staff_y, institution=world.seat_b.institution, is_active=False)  # an inactive person
    for user in (world.staff_x, world.staff_y, world.delegate_a, world.admin):
        ahead = Viewer(user)
        with django_assert_num_queries(1):
            ahead.read_standing()
            standing = (ahead.staff_council_ids, ahead.institution_id)
        lazy = Viewer(user)
        assert standing == (lazy.staff_council_ids, lazy.institution_id), user
    assert Viewer(world.staff_x).staff_council_ids == {world.council_x.pk, world.council_y.pk}
    assert Viewer(world.delegate_a).institution_id == world.seat_a.institution_id

"""What permission checks read, kept under the access version (``core.versions.kept_standing``): kept while
nothing changes who may see what (answers and check-ins included), read again after any change that does."""

import datetime as dt

import pytest
from django.utils import timezone

from members.models import Person
from members.permissions import Viewer
from sessions_app import permissions
from sessions_app.models import Invitation, Session
from sessions_app.services.answers import invitation_answer
from sessions_app.services.invitations import convocation_prepare
from tests.council.factories import SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """How many times the session check's query ran."""
    calls = []
    query = permissions._session_access_row

    def counted(*args):
        calls.append(args)
        return query(*args)

    monkeypatch.setattr(permissions, "_session_access_row", counted)
    return calls


def _status(client, session) -> int:
    return client.get(session.get_absolute_url()).status_code


def test_a_check_is_read_once_while_nothing_changes(client, world, reads):
    client.force_login(world.delegate_a)
    assert [_status(client, world.session_x) for _ in range(3)] == [200, 200, 200]
    assert len(reads) == 1


def test_an_answer_keeps_the_check_kept(client, world, reads):
    """On the day of a session answers come every few seconds: none of them changes who may see the session."""
    client.force_login(world.delegate_a)
    assert _status(client, world.session_x) == 200
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert _status(client, world.session_x) == 200
    assert len(reads) == 1


@pytest.mark.parametrize("side", ["council", "user"])
def test_leaving_a_councils_staff_is_seen_by_the_next_request(client, world, side):
    client.force_login(world.staff_x)
    assert _status(client, world.session_x) == 200
    if side == "council":
        world.council_x.staff.remove(world.staff_x)
    else:
        world.staff_x.staffed_councils.remove(world.council_x)
    assert _status(client, world.session_x) == 403


def test_joining_a_councils_staff_is_seen_by_the_next_request(client, world):
    client.force_login(world.staff_y)
    assert _status(client, world.session_x) == 403
    world.staff_y.staffed_councils.add(world.council_x)
    assert _status(client, world.session_x) == 200


def test_a_user_cleared_from_every_staff_is_seen_by_the_next_request(client, world):
    client.force_login(world.staff_x)
    assert _status(client, world.session_x) == 200
    world.staff_x.staffed_councils.clear()
    assert _status(client, world.session_x) == 403


def test_an_institution_convened_in_bulk_is_seen_by_its_delegate(client, world):
    """The convocation writes its invitations in bulk (no signal): the delegate of a seat added since sees it."""
    seat = SeatFactory(council=world.council_x, institution__name="Institución Nueva")
    delegate = UserFactory(username="delegada_nueva")
    PersonFactory(institution=seat.institution, user=delegate)
    Session.objects.filter(pk=world.session_x.pk).update(status=Session.Status.CONVENED)
    client.force_login(delegate)
    assert _status(client, world.session_x) == 403
    convocation_prepare(session_id=world.session_x.pk)
    assert world.session_x.invitations.filter(institution=seat.institution).exists()
    assert _status(client, world.session_x) == 200


def test_an_invitation_made_one_by_one_is_seen_by_its_delegate(client, world):
    client.force_login(world.delegate_b)
    assert _status(client, world.session_x) == 403
    InvitationFactory(session=world.session_x, institution=world.seat_b.institution)
    assert _status(client, world.session_x) == 200


def test_a_withdrawn_invitation_is_seen_by_the_next_request(client, world):
    client.force_login(world.delegate_a)
    assert _status(client, world.session_x) == 200
    world.invitation_a.delete()
    assert _status(client, world.session_x) == 403


def test_a_person_made_inactive_loses_their_institutions_sessions(client, world):
    client.force_login(world.delegate_a)
    assert _status(client, world.session_x) == 200
    person = Person.objects.get(user=world.delegate_a)
    person.is_active = False
    person.save()
    assert _status(client, world.session_x) == 403


def test_a_session_starts_when_its_hour_comes_without_any_change(world, reads, monkeypatch):
    """What is kept is the start itself, not whether it has passed."""
    starts_at = timezone.now() + dt.timedelta(hours=1)
    Session.objects.filter(pk=world.session_x.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2))
    from core import versions

    versions.council_changed(world.council_x.pk)  # the update above sends no signal
    assert permissions.session_access(world.staff_x, world.session_x.pk).has_started is False
    later = starts_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(permissions.timezone, "now", lambda: later)
    assert permissions.session_access(world.staff_x, world.session_x.pk).has_started is True
    assert len(reads) == 1


def test_a_rescheduled_session_is_read_again(world, reads):
    """A session moved through its form (a save) is read again: its new start is what the check knows."""
    permissions.session_access(world.staff_x, world.session_x.pk)
    world.session_x.starts_at = timezone.now() + dt.timedelta(days=30)
    world.session_x.ends_at = world.session_x.starts_at + dt.timedelta(hours=2)
    world.session_x.save()
    assert permissions.session_access(world.staff_x, world.session_x.pk).has_started is False
    assert len(reads) == 2


def test_a_missing_session_is_none_and_one_made_later_is_found(world):
    from tests.sessions_app.factories import SessionFactory

    assert permissions.session_access(world.admin, 10_000_000) is None
    session = SessionFactory(council=world.council_x)
    assert permissions.session_access(world.admin, session.pk).session_id == session.pk


def test_the_users_standing_is_kept_and_read_again_after_a_staff_change(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        Viewer(world.staff_x).read_standing()
    with django_assert_num_queries(0):
        viewer = Viewer(world.staff_x)
        viewer.read_standing()
    assert viewer.staff_council_ids == {world.council_x.pk} and viewer.institution_id is None
    world.council_y.staff.add(world.staff_x)
    viewer = Viewer(world.staff_x)
    viewer.read_standing()
    assert viewer.staff_council_ids == {world.council_x.pk, world.council_y.pk}


def test_the_users_institution_follows_the_directory(world):
    viewer = Viewer(world.delegate_a)
    viewer.read_standing()
    assert viewer.institution_id == world.seat_a.institution_id
    person = Person.objects.get(user=world.delegate_a)
    person.institution = world.seat_b.institution
    person.save()
    viewer = Viewer(world.delegate_a)
    viewer.read_standing()
    assert viewer.institution_id == world.seat_b.institution_id

"""``session_access``: the light query of the session page answers as the permission rules do."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from council import permissions
from members.permissions import Viewer
from sessions_app import permissions as session_permissions
from sessions_app.models import Session
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request sees it: a viewer that has learnt nothing yet."""
    return Viewer(get_user_model().objects.get(pk=user.pk))


def _users(world):
    retired = UserFactory(username="delegado_retirado")
    PersonFactory(institution=world.seat_a.institution, user=retired, is_active=False)
    nobody = UserFactory(username="sin_rol")
    both = UserFactory(username="staff_y_delegado_a")
    world.council_y.staff.add(both)
    PersonFactory(institution=world.seat_a.institution, user=both)
    names = ("delegate_a", "delegate_b", "staff_x", "staff_y", "admin")
    return {**{name: getattr(world, name) for name in names}, "retired": retired, "nobody": nobody, "both": both}


def test_session_access_agrees_with_the_rules_for_every_role_and_session(world):
    past = SessionFactory(council=world.council_x, starts_at=timezone.now() - dt.timedelta(hours=1))
    past.invitations.create(institution=world.seat_b.institution, seat=world.seat_b)
    for name, user in _users(world).items():
        for session in (world.session_x, world.session_y, past):
            access = session_permissions.session_access(_fresh(user), session.pk)
            expected = _fresh(user)
            assert access.session_id == session.pk and access.council_id == session.council_id
            assert access.has_started == session.has_started, (name, session)
            assert access.manages == permissions.can_manage_council(expected, session.council), (name, session)
            assert access.staff_anywhere == permissions.is_staff_anywhere(_fresh(user)), name
            assert access.institution_id == permissions.delegate_institution_id(_fresh(user)), name
            assert access.can_view == session_permissions.can_view_session(_fresh(user), session), (name, session)


def test_after_session_access_the_rules_ask_nothing_more(world):
    """The viewer keeps the answers for the request: the checks of the page and its menu issue no query."""
    for user in (world.staff_x, world.delegate_a, world.delegate_b):
        user = _fresh(user)  # the request's viewer
        access = session_permissions.session_access(user, world.session_x.pk)
        with CaptureQueriesContext(connection) as ctx:
            assert permissions.can_manage_council(user, world.council_x) == access.manages
            assert permissions.is_staff_anywhere(user) == access.staff_anywhere
            assert permissions.delegate_institution_id(user) == access.institution_id
            assert session_permissions.can_view_session(user, world.session_x) == access.can_view
        assert ctx.captured_queries == []


def test_session_access_is_one_query_and_none_for_an_unknown_session(world):
    user = _fresh(world.staff_x)
    with CaptureQueriesContext(connection) as ctx:
        assert session_permissions.session_access(user, world.session_x.pk).manages
    assert len(ctx.captured_queries) == 1
    missing = Session.objects.order_by("-pk").first().pk + 1
    assert session_permissions.session_access(user, missing) is None
    assert session_permissions.session_access(user, "abc") is None
    assert session_permissions.session_access(user, 10**30) is None


def test_the_session_page_of_an_id_out_of_range_is_a_404(client, world):
    client.force_login(world.staff_x)
    assert client.get(f"/sesiones/{10**30}/").status_code == 404

"""Fixtures shared by the suite: the roles of the permission model on two councils.

Two-factor sign-in: ``client.force_login(user)`` gives the session the second
step's verified mark too (``_force_login_passes_two_factor``), so tests that log
staff and admins in that way need no authenticator device. A test that wants the
second step owed asks for ``force_login_without_two_factor``.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client, override_settings

from members.permissions import TWO_FACTOR_SESSION_KEY
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import PersonFactory, UserFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory
from tests.worlds import build_other_state, build_world

_FORCE_LOGIN_VERIFIES = {"on": True}


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_two_factor():
    """``Client.force_login`` also marks the session as past the second step of signing in.

    ``force_login`` already skips the password; it skips the code too, as the
    verification page would have marked the session (``members.permissions.two_factor_passed``).
    Logins through the login form (``client.post(reverse("login"), …)``, the browser
    journeys) get no mark: they go through the second step. Session-scoped, so the
    module-scoped ``whole_world`` clients have it too.
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if _FORCE_LOGIN_VERIFIES["on"]:
            session = self.session
            session[TWO_FACTOR_SESSION_KEY] = True
            session.save()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        yield


@pytest.fixture
def force_login_without_two_factor():
    """In this test ``client.force_login`` leaves the second step owed, as a password login does."""
    _FORCE_LOGIN_VERIFIES["on"] = False
    yield
    _FORCE_LOGIN_VERIFIES["on"] = True


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Files go to a directory of the test's own; tests on the whole world share the world's files."""
    if "whole_world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("whole_world").media_root
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty in-memory cache: a cached fragment of another test's rows never shows."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):  # never flush a shared Redis from the tests
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing test users' passwords with PBKDF2 costs half a second each; tests do not need it to be slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_inline():
    """Tasks run inline in tests even where REDIS_URL is set; the real-worker test switches this off itself."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def world(db):
    """Two councils X and Y, each with a session; institutions A (sits in X) and B (sits in Y).

    Users: a delegate of A, a delegate of B, staff of X, staff of Y, a platform admin.
    """
    council_x = CouncilFactory(name="Consejo X", short_name="X")
    council_y = CouncilFactory(name="Consejo Y", short_name="Y")
    seat_a = SeatFactory(council=council_x, institution__name="Institución A")
    seat_b = SeatFactory(council=council_y, institution__name="Institución B")
    session_x = SessionFactory(council=council_x)
    session_y = SessionFactory(council=council_y)
    invitation_a = InvitationFactory(
        session=session_x, institution=seat_a.institution, seat=seat_a, invitee=seat_a.principal
    )
    invitation_b = InvitationFactory(
        session=session_y, institution=seat_b.institution, seat=seat_b, invitee=seat_b.principal
    )
    delegate_a = UserFactory(username="delegado_a")
    PersonFactory(institution=seat_a.institution, user=delegate_a)
    delegate_b = UserFactory(username="delegado_b")
    PersonFactory(institution=seat_b.institution, user=delegate_b)
    staff_x = UserFactory(username="staff_x")
    council_x.staff.add(staff_x)
    staff_y = UserFactory(username="staff_y")
    council_y.staff.add(staff_y)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return SimpleNamespace(**locals())


@pytest.fixture
def other_state(world):
    """Beside ``world`` (whose institutions are of Nuevo León), a council of Jalisco whose institutions are
    also named "Institución A" and "Institución B" (``tests.worlds.build_other_state``)."""
    return build_other_state()


@pytest.fixture(scope="module")
def whole_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """``tests.worlds.build_world()``, built once per module inside a transaction rolled back at its end.

    Each test still runs in its own savepoint, so what one test writes is undone
    before the next. ``clients`` holds one logged-in test client per role
    (``tests.worlds.ROLES``); ``media_root`` the directory of the world's files.
    """
    media_root = tmp_path_factory.mktemp("whole_world_media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        world = build_world()
        world.media_root = media_root
        world.clients = {}
        for role, user in world.users.items():
            world.clients[role] = Client()
            if user is not None:
                world.clients[role].force_login(user)
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def frozen_minute(monkeypatch):
    """The minute daily pages are kept for (``core.versions.this_minute``), held still: a test that counts what a
    kept page reads again must not see the minute turn between two requests (a slow CI run often does)."""
    from core import versions

    minute = versions.this_minute()
    monkeypatch.setattr(versions, "this_minute", lambda: minute)
    return minute

"""Helpers of the API's tests: a test client that carries a Bearer token of a user."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.services import token_create


def bearer_client(user, *, scope=ApiToken.Scope.WRITE, council=None, days=30) -> Client:
    """A client whose every request carries a new token of ``user`` (``client.token``, ``client.plain``)."""
    token, plain = token_create(
        user=user,
        name="Pruebas",
        scope=scope,
        council=council,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    client.token, client.plain = token, plain
    return client


@pytest.fixture
def api_clients(whole_world):
    """One write-scope token client per role of ``tests.worlds.ROLES`` (the anonymous one carries no token)."""
    return {role: Client() if user is None else bearer_client(user) for role, user in whole_world.users.items()}

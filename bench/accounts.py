"""Signing the bench's users in as the verification page leaves them (council staff must use a second factor)."""

from django.test import Client

from members.permissions import TWO_FACTOR_SESSION_KEY


def verified_client(user, **kwargs) -> Client:
    """A test client logged in as ``user`` past the second step, as the verification page leaves a session."""
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = True
    session.save()
    return client

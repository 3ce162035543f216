"""Signing the bench's users in as a person would, second factor included (council staff must use one)."""

import binascii

from django.test import Client
from django_otp.oath import TOTP

from members.permissions import TWO_FACTOR_SESSION_KEY

# The bench staff's authenticator app (a throwaway account of a throwaway database).
STAFF_TOTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105


def verified_client(user, **kwargs) -> Client:
    """A test client logged in as ``user`` past the second step, as the verification page leaves a session."""
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = True
    session.save()
    return client


def totp_now(hex_key: str, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app with ``hex_key`` shows now (RFC 6238, as django-otp's TOTP devices)."""
    return f"{TOTP(binascii.unhexlify(hex_key), step=step, digits=digits).token():0{digits}d}"

"""The bench staff's authenticator app: its key and the code it shows now (no Django needed: bench/server.py)."""

import binascii

from django_otp.oath import TOTP

# A throwaway account of a throwaway database.
STAFF_TOTP_KEY = "3132333435363738393031323334353637383930"  # noqa: S105


def totp_now(hex_key: str, *, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app with ``hex_key`` shows now (RFC 6238, as django-otp's TOTP devices)."""
    return f"{TOTP(binascii.unhexlify(hex_key), step=step, digits=digits).token():0{digits}d}"

"""What django-axes asks of the login: the client's real address, the user name it records, the lockout page.

The lockout is keyed on the pair (user name, client address), so the address
must be the client's: behind the load balancer ``REMOTE_ADDR`` is the
balancer's, and every client would share one lockout. The balancer's
``X-Forwarded-For`` is believed only when the request comes from one of
``TRUSTED_PROXIES``; anyone else could write any address in it.
"""

import ipaddress
import math
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``): ``REMOTE_ADDR``, or, from a trusted proxy, the forwarded one.

    ``X-Forwarded-For`` is read from the right, the end our own proxies
    append to: the first address that is not one of them is the client.
    Whatever the client wrote into the header itself lies further left and
    is never reached.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    proxies = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    client = remote
    if _is_trusted(client, proxies):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(hop)
            if address is None:
                break  # not an address: the chain of our proxies ends here; keep the last one seen
            client = address
            if not _is_trusted(address, proxies):
                break
    return str(client)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address in network for network in proxies)


@lru_cache(maxsize=4)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


def lockout(request, original_response=None, credentials=None):
    """The page django-axes shows after too many failed logins: in Spanish, with the minutes to wait."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def login_attempt_username(request, credentials=None) -> str:
    """The user name django-axes records for a login attempt, cut to what a user name can be.

    A hostile login form may send a name of any length or with NUL characters;
    the record of the attempt must not fail (PostgreSQL refuses both), only the login.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    name = str(source.get(settings.AXES_USERNAME_FORM_FIELD, "") or "")
    return name.replace("\x00", "")[:150]

"""The client's real address behind the load balancer: what login lockouts, the password-reset limit and the
verification page's limit count by.

``REMOTE_ADDR`` is the balancer's when there is one, and every client would share one counter. The
balancer's ``X-Forwarded-For`` is believed only when the request comes from one of ``TRUSTED_PROXIES``;
anyone else could write any address in it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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

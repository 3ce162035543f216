"""What django-axes asks of the login: the client's real address, the user name it records, the lockout page.

The lockout is keyed on the pair (user name, client address), so the address
must be the client's: behind the load balancer ``REMOTE_ADDR`` is the
balancer's, and every client would share one lockout. The balancer's
``X-Forwarded-For`` is believed only when the request comes from one of
``TRUSTED_PROXIES``; anyone else could write any address in it.
"""

import math

from django.conf import settings
from django.shortcuts import render

from core.network import client_ip

__all__ = ["client_ip", "lockout", "login_attempt_username"]


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

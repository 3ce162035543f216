"""Who is logged in, without reading the user's row on every request.

With a shared cache that is not the database (Redis: ``CACHED_USERS``, on by default when ``REDIS_URL``
is set), the logged-in user is kept in the cache by primary key and dropped whenever the user is saved or
deleted (at once and again when the transaction commits). A request takes the kept user only when the
session's hash matches it (a changed password still ends every other session), the session's backend is
still configured and the user is active; anything else goes through Django's ``get_user``, which also
flushes a session that no longer verifies.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

USER_KEY = "members:user:%s"
USER_TIMEOUT = 5 * 60  # a safety net: a save drops the kept user long before


def _session_user(request):
    if not getattr(settings, "CACHED_USERS", False):
        return auth.get_user(request)
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    key = USER_KEY % user_id
    user = cache.get(key)
    session_hash = request.session.get(HASH_SESSION_KEY)
    if (
        user is not None
        and user.is_active
        and backend_path in settings.AUTHENTICATION_BACKENDS
        and session_hash
        and constant_time_compare(session_hash, user.get_session_auth_hash())
    ):
        return user
    user = auth.get_user(request)
    if user.is_authenticated:
        cache.set(key, user, USER_TIMEOUT)
    return user


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _session_user(request)
    return request._cached_user


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware``, with ``request.user`` read from the cache when it is kept there."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def forget_user(sender, instance, **kwargs):
    """A saved or deleted user is read again from the database by the next request."""
    key = USER_KEY % instance.pk
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))  # a request between the two may have kept what it read


def connect_signals():
    user_model = get_user_model()
    post_save.connect(forget_user, sender=user_model, dispatch_uid="members-forget-saved-user")
    post_delete.connect(forget_user, sender=user_model, dispatch_uid="members-forget-deleted-user")

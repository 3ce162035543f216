"""Versions of what a council's pages show, so that what has not changed is neither queried nor rendered again.

Each council has a version: a random token kept in the cache and replaced
whenever anything its pages show is saved or deleted — its sessions, their
agenda, invitations, votes, agreements and their progress, documents, actas,
its seats and groups. The directory (institutions and people, whose names
every page shows) has one version for all councils. A cached fragment or
result carries both versions in its key: a change makes a new key, and the
old entry is simply never read again (it expires on its own).

Saves and deletes through the ORM replace the version by themselves (the
signals below); a service that writes in bulk (``bulk_create``,
``bulk_update``, ``QuerySet.update``), which sends no signal, calls
``council_changed``. The version is replaced at once and again when the
transaction commits, so a page rendered from data read before the commit is
never kept under the new version. Permission checks are never cached: views
check them on every request, then use a fragment keyed by what the viewer
may see.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# How long a fragment is kept at most; a change makes a new key long before.
FRAGMENT_TIMEOUT = 24 * 60 * 60

_COUNCIL_KEY = "fragments:council:%s"
_DIRECTORY_KEY = "fragments:directory"


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


def version(council_id: int) -> str:
    """The current version of a council's pages (one cache round trip)."""
    keys = [_COUNCIL_KEY % council_id, _DIRECTORY_KEY]
    found = cache.get_many(keys)
    parts = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, _new_token(), timeout=None)
            token = cache.get(key)
        parts.append(token)
    return ".".join(parts)


def _replace(key: str) -> None:
    cache.set(key, _new_token(), timeout=None)
    # Again after the commit: a reader between the two may have cached what it read before the commit.
    transaction.on_commit(lambda: cache.set(key, _new_token(), timeout=None))


def council_changed(council_id: int | None) -> None:
    """Something a page of the council shows changed: its fragments are no longer used."""
    if council_id is not None:
        _replace(_COUNCIL_KEY % council_id)


def session_changed(session_id: int) -> None:
    """Something shown on a session's page changed in bulk: its council's fragments are no longer used."""
    council_changed(_council_of_session(session_id))


def directory_changed() -> None:
    """An institution or a person changed: every council's fragments are no longer used."""
    _replace(_DIRECTORY_KEY)


# --- Which council a changed row belongs to.


def _council_of_session(session_id):
    from sessions_app.models import Session

    return Session.objects.filter(pk=session_id).values_list("council_id", flat=True).first()


def _council_id(instance) -> int | None:
    """The council a row belongs to, from the objects already loaded when possible."""
    from council.models import Council, Seat, SeatAlternate, WorkingGroup
    from sessions_app.models import AgreementUpdate, Ballot, Session, Vote

    if isinstance(instance, Council):
        return instance.pk
    if isinstance(instance, Session | Seat | WorkingGroup):
        return instance.council_id
    if isinstance(instance, SeatAlternate):
        return instance.seat.council_id if instance.seat_id else None
    if isinstance(instance, AgreementUpdate):
        instance = instance.agreement
    elif isinstance(instance, Ballot):
        instance = instance.vote
    if isinstance(instance, Vote):
        instance = instance.agenda_item
    session_id = getattr(instance, "session_id", None)
    if session_id is None:
        return None
    cached = instance._state.fields_cache.get("session")
    return cached.council_id if cached is not None else _council_of_session(session_id)


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: no page has been rendered from this database yet
        return
    council_changed(_council_id(instance))


def _on_directory_change(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        directory_changed()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _on_change(sender, instance)


def connect() -> None:
    """Connect the signals (``SessionsAppConfig.ready``)."""
    from council.models import Council, Seat, SeatAlternate, WorkingGroup
    from members.models import Institution, Person
    from sessions_app.models import (
        AgendaItem,
        Agreement,
        AgreementUpdate,
        Ballot,
        Document,
        InformativeNote,
        Invitation,
        Minutes,
        Session,
        Vote,
    )

    for model in (
        Council,
        Seat,
        SeatAlternate,
        WorkingGroup,
        Session,
        AgendaItem,
        Invitation,
        Agreement,
        AgreementUpdate,
        Vote,
        Ballot,
        Document,
        Minutes,
        InformativeNote,
    ):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"fragments-save-{model._meta.label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"fragments-delete-{model._meta.label}")
    m2m_changed.connect(_on_m2m_change, sender=Agreement.responsible.through, dispatch_uid="fragments-responsible")
    for model in (Institution, Person):
        post_save.connect(_on_directory_change, sender=model, dispatch_uid=f"fragments-save-{model._meta.label}")
        post_delete.connect(_on_directory_change, sender=model, dispatch_uid=f"fragments-delete-{model._meta.label}")

"""Which council a saved or deleted row belongs to, so that its pages' version (``core.versions``) is replaced.

Saves and deletes through the ORM replace the version by themselves (the
signals below; an invitation's, the narrower attendance versions); a service that writes in bulk (``bulk_create``,
``bulk_update``, ``QuerySet.update``), which sends no signal, calls
``core.versions.council_changed`` or ``session_changed``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.versions import access_changed, attendance_changed, council_changed, directory_changed
from council.models import Council, Seat, SeatAlternate, WorkingGroup
from members.models import Institution, IssuingUnit, Person
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


def session_changed(session_id: int) -> None:
    """Something shown on a session's page changed in bulk: its council's fragments are no longer used."""
    council_changed(_council_of_session(session_id))


def _council_of_session(session_id):
    return Session.objects.filter(pk=session_id).values_list("council_id", flat=True).first()


def _council_id(instance) -> int | None:
    """The council a row belongs to, from the objects already loaded when possible."""
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


_HELD = (Session.Status.HELD, Session.Status.CLOSED)


def _held(invitation: Invitation) -> bool:
    """Whether the invitation's session was held: its attendance is in the statistics and the records then."""
    cached = invitation._state.fields_cache.get("session")
    if cached is not None:
        return cached.status in _HELD
    return Session.objects.filter(pk=invitation.session_id, status__in=_HELD).exists()


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: no page has been rendered from this database yet
        return
    # An institution convened or withdrawn changes more than attendance: which documents the session has.
    convened_or_withdrawn = kwargs.get("created") or kwargs.get("signal") is post_delete
    if isinstance(instance, Invitation) and not convened_or_withdrawn and not _held(instance):
        # An answer or a check-in: the council's lists and this session's page, not its agenda or other sessions.
        attendance_changed(_council_id(instance), instance.session_id)
    else:
        council_changed(_council_id(instance))


def _on_directory_change(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        directory_changed()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _on_change(sender, instance)


def _on_staff_change(sender, instance, action, **kwargs):
    """Someone joined or left a council's staff: who may see and manage what changed (and the council's pages,
    which name its secretariat)."""
    if action.startswith("post_"):
        access_changed()
        if isinstance(instance, Council):
            council_changed(instance.pk)
        else:  # from the user's side (``user.staffed_councils``): the councils named (a clear names none)
            for council_id in kwargs.get("pk_set") or ():
                council_changed(council_id)


def connect() -> None:
    """Connect the signals (``SessionsAppConfig.ready``)."""
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
    m2m_changed.connect(_on_staff_change, sender=Council.staff.through, dispatch_uid="fragments-council-staff")
    for model in (Institution, IssuingUnit, Person):
        post_save.connect(_on_directory_change, sender=model, dispatch_uid=f"fragments-save-{model._meta.label}")
        post_delete.connect(_on_directory_change, sender=model, dispatch_uid=f"fragments-delete-{model._meta.label}")

"""Reads about the nota informativa: what it is drafted from and its versions."""

from django.db.models import F

from council.models import WorkingGroup
from sessions_app.models import (
    AgendaItem,
    Agreement,
    InformativeNote,
    Invitation,
    Session,
)


def informative_note_source(*, session: Session, issuer) -> dict:
    """What the nota informativa's draft tells, in six queries whatever the size of the session.

    The session with its council, its group and the people recorded as presiding and as
    secretariat; the invitations in the seat order of the council (members first, then the
    invited figures), with their seats and
    each seat's suplentes (who came for a voting seat); the agenda; the
    agreements; the working groups the session formed.
    """
    session = Session.objects.select_related("council", "working_group", "presiding_person", "secretariat_person").get(
        pk=session.pk
    )
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "seat")
        .prefetch_related("seat__alternate_links")
        # Seats in the council's order; institutions invited to this session only (no seat) after them.
        .order_by("-has_vote", "role", F("seat__order").asc(nulls_last=True), "institution__name")
    )
    return {
        "session": session,
        "council": session.council,
        "issuer": issuer,
        "invitations": invitations,
        "agenda": list(AgendaItem.objects.filter(session=session).order_by("order")),
        "agreements": list(Agreement.objects.filter(session=session).order_by("sequence")),
        "groups": list(WorkingGroup.objects.filter(formed_at=session).order_by("pk")),
    }


def informative_note_versions(*, session: Session) -> list[InformativeNote]:
    """Every version of the session's nota, newest first, with its issuing unit and its published PDF."""
    return list(
        InformativeNote.objects.filter(session=session)
        .select_related("issuing_unit__institution", "document", "created_by")
        .order_by("-version")
    )


def informative_note_current(session: Session | int) -> InformativeNote | None:
    """The latest version of the session's nota (given the session or its id): the one staff edit and export."""
    return (
        InformativeNote.objects.filter(session=session)
        .select_related("issuing_unit__institution", "session__council", "document")
        .order_by("-version")
        .first()
    )

"""Reads about a session's official documents: what it holds that they would list."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q

from sessions_app.models import AgendaItem, Agreement, Invitation, Minutes, Session


@dataclass(frozen=True)
class SessionContents:
    """Whether a session holds what each of its documents lists: without it, the document would be empty."""

    agenda: bool  # the orden del día's items
    letters: bool  # someone convened other than the technical secretariat, who signs the letters
    invitations: bool  # the lista de asistencia's rows
    agreements: bool  # the reporte de acuerdos' rows
    minutes: bool  # the acta, once drafted


def session_contents(session: Session) -> SessionContents:
    """What the session holds for its documents, in one query whatever its size."""
    invitations = Invitation.objects.filter(session=OuterRef("pk"))
    # The convocatoria writes to every convened institution but the signer's own (``letter_invitations``).
    letters = invitations.filter(
        Q(session__council__secretariat_institution__isnull=True)
        | ~Q(institution_id=F("session__council__secretariat_institution_id"))
    )
    row = (
        Session.objects.filter(pk=session.pk)
        .annotate(
            has_agenda=Exists(AgendaItem.objects.filter(session=OuterRef("pk"))),
            has_letters=Exists(letters),
            has_invitations=Exists(invitations),
            has_agreements=Exists(Agreement.objects.filter(session=OuterRef("pk"))),
            has_minutes=Exists(Minutes.objects.filter(session=OuterRef("pk"))),
        )
        .values("has_agenda", "has_letters", "has_invitations", "has_agreements", "has_minutes")
        .first()
    )
    if row is None:
        return SessionContents(agenda=False, letters=False, invitations=False, agreements=False, minutes=False)
    return SessionContents(**{key.removeprefix("has_"): value for key, value in row.items()})

"""Every document of a session with its builder.

The session page offers them, the downloads serve them and the export writes them from here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sessions_app.documents.builders import (
    agenda_document,
    agreements_document,
    attendance_document,
    convocation_document,
    minutes_document,
)
from sessions_app.documents.note import FILENAME as NOTE_FILENAME
from sessions_app.documents.note import session_note_document
from sessions_app.documents.rendering import RenderedDocument
from sessions_app.models import Document, Minutes, Session


@dataclass(frozen=True)
class SessionDocument:
    """One of a session's documents as the session page and the export list it."""

    slug: str
    label: str
    build: Callable[[Session], RenderedDocument | None]
    staff_only: bool = True
    # Whether the session has this document now: the page offers it, and the download and export build it,
    # only then (the same predicate for all three).
    available: Callable[[Session], bool] = lambda session: True
    # The documents the staff publish themselves (a frozen, verifiable version that may be signed), and when:
    # the convocatoria once the session is convened, the lista once it is held. The acta and the nota are
    # published by their own steps (approval, making the nota final).
    publish_kind: str = ""
    publishable: Callable[[Session], bool] = lambda session: False

    def build_if_available(self, session: Session) -> RenderedDocument | None:
        """The document, or None when the session does not have it (yet)."""
        return self.build(session) if self.available(session) else None


CONVENED_OR_LATER = (Session.Status.CONVENED, Session.Status.HELD, Session.Status.CLOSED)


def _has_minutes(session: Session) -> bool:
    """The acta is a document once it has been drafted."""
    return Minutes.objects.filter(session=session).exists()


# The documents downloaded by slug (``sessions_app:document``) and listed on the session page.
DOCUMENTS = {
    document.slug: document
    for document in (
        SessionDocument("orden-del-dia", _("Orden del día"), agenda_document, staff_only=False),
        SessionDocument(
            "convocatoria",
            _("Convocatoria"),
            convocation_document,
            staff_only=False,
            publish_kind=Document.Kind.CONVOCATION,
            publishable=lambda session: session.status in CONVENED_OR_LATER,
        ),
        SessionDocument(
            "lista-de-asistencia",
            _("Lista de asistencia"),
            attendance_document,
            publish_kind=Document.Kind.ATTENDANCE,
            publishable=lambda session: session.has_been_held,
        ),
        SessionDocument("acta", _("Acta"), minutes_document, available=_has_minutes),
        SessionDocument(
            "reporte-de-acuerdos",
            _("Reporte de acuerdos"),
            lambda session: agreements_document(council=session.council, session=session),
            available=lambda session: session.reports_agreements,
        ),
    )
}


# Documents with pages of their own (the nota's editor) that the export and the ZIP also carry, by file name.
EXPORT_ONLY: dict[str, Callable[[Session], RenderedDocument | None]] = {NOTE_FILENAME: session_note_document}

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
from sessions_app.models import Document, Session
from sessions_app.selectors.documents import SessionContents, session_contents


@dataclass(frozen=True)
class SessionDocument:
    """One of a session's documents as the session page and the export list it."""

    slug: str
    label: str
    build: Callable[[Session], RenderedDocument | None]
    staff_only: bool = True
    # What the session must hold for this document not to be empty (an orden del día without items, a
    # convocatoria to nobody, a report without agreements): the page offers it, and the download, the ZIP and
    # the export build it, only then (``available``, the same predicate for all of them).
    requires: Callable[[Session, SessionContents], bool] = lambda session, contents: True
    # The documents the staff publish themselves (a frozen, verifiable version that may be signed), and when:
    # the convocatoria once the session is convened, the lista once it is held. The acta and the nota are
    # published by their own steps (approval, making the nota final).
    publish_kind: str = ""
    publishable: Callable[[Session], bool] = lambda session: False

    def available(self, session: Session, contents: SessionContents | None = None) -> bool:
        """Whether the session has this document now (``contents``, when the caller read them, spares a query)."""
        return self.requires(session, contents if contents is not None else session_contents(session))


CONVENED_OR_LATER = (Session.Status.CONVENED, Session.Status.HELD, Session.Status.CLOSED)


# The documents downloaded by slug (``sessions_app:document``) and listed on the session page.
DOCUMENTS = {
    document.slug: document
    for document in (
        SessionDocument(
            "orden-del-dia",
            _("Orden del día"),
            agenda_document,
            staff_only=False,
            requires=lambda session, contents: contents.agenda,
        ),
        SessionDocument(
            "convocatoria",
            _("Convocatoria"),
            convocation_document,
            staff_only=False,
            requires=lambda session, contents: contents.letters,
            publish_kind=Document.Kind.CONVOCATION,
            publishable=lambda session: session.status in CONVENED_OR_LATER,
        ),
        SessionDocument(
            "lista-de-asistencia",
            _("Lista de asistencia"),
            attendance_document,
            requires=lambda session, contents: contents.invitations,
            publish_kind=Document.Kind.ATTENDANCE,
            publishable=lambda session: session.has_been_held,
        ),
        SessionDocument("acta", _("Acta"), minutes_document, requires=lambda session, contents: contents.minutes),
        SessionDocument(
            "reporte-de-acuerdos",
            _("Reporte de acuerdos"),
            lambda session: agreements_document(council=session.council, session=session),
            # Once the session records outcomes, and only with agreements: never an empty report with a signature.
            requires=lambda session, contents: session.reports_agreements and contents.agreements,
        ),
    )
}


def available_documents(session: Session) -> list[SessionDocument]:
    """The documents the session has now (each one's ``available``), read in one query."""
    contents = session_contents(session)
    return [entry for entry in DOCUMENTS.values() if entry.available(session, contents)]


# Documents with pages of their own (the nota's editor) that the export and the ZIP also carry, by file name.
EXPORT_ONLY: dict[str, Callable[[Session], RenderedDocument | None]] = {NOTE_FILENAME: session_note_document}

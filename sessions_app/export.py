"""A session's documents as files: what the export command writes and the session's ZIP holds."""

import hashlib

from sessions_app.documents import DOCUMENTS
from sessions_app.models import Document, Session
from sessions_app.services.documents import published_pdf

# Optional builders other modules register (the nota informativa), called like DOCUMENTS' builders.
EXTRA_BUILDERS: dict[str, object] = {}


def session_files(session: Session) -> dict[str, bytes]:
    """``{"orden_del_dia.pdf": b"%PDF…", …}``: every document of the session, published versions included."""
    files: dict[str, bytes] = {}
    for entry in DOCUMENTS.values():
        document = entry.build(session)
        if document is not None:
            files[document.filename] = document.pdf
    for filename, build in EXTRA_BUILDERS.items():
        document = build(session)
        if document is not None:
            files[filename] = document.pdf
    published = Document.objects.filter(session=session, published_at__isnull=False).exclude(kind=Document.Kind.ANNEX)
    for document in published.order_by("kind", "version"):
        files[f"publicados/{document.kind}_v{document.version}.pdf"] = published_pdf(document)
    return files


def manifest(session: Session, files: dict[str, bytes]) -> dict:
    """Names and SHA-256 of the files of a session's export."""
    return {
        "session": session.title,
        "council": session.council.name,
        "documents": [{"name": name, "sha256": hashlib.sha256(content).hexdigest()} for name, content in files.items()],
    }

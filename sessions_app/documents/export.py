"""A session's documents as files: what the export command writes and the session's ZIP holds."""

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator

from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.registry import DOCUMENTS, EXPORT_ONLY
from sessions_app.models import Document, Session


def iter_session_files(session: Session) -> Iterator[tuple[str, bytes]]:
    """``("orden_del_dia.pdf", b"%PDF…")``, one document at a time, published versions included."""
    for entry in DOCUMENTS.values():
        document = entry.build_if_available(session)
        if document is not None:
            yield document.filename, document.pdf
    for filename, build in EXPORT_ONLY.items():
        document = build(session)
        if document is not None:
            yield filename, document.pdf
    published = Document.objects.filter(session=session, published_at__isnull=False).exclude(kind=Document.Kind.ANNEX)
    for document in published.order_by("kind", "version"):
        yield f"publicados/{document.kind}_v{document.version}.pdf", published_pdf(document)


def session_files(session: Session) -> dict[str, bytes]:
    """``{"orden_del_dia.pdf": b"%PDF…", …}``: every document of the session, published versions included."""
    return dict(iter_session_files(session))


def manifest(session: Session, files: dict[str, bytes]) -> dict:
    """Names and SHA-256 of the files of a session's export."""
    return {
        "session": session.title,
        "council": session.council.name,
        "documents": [{"name": name, "sha256": hashlib.sha256(content).hexdigest()} for name, content in files.items()],
    }


class _Chunks:
    """A write-only file whose bytes are taken away as they come: what lets a ZIP be streamed."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_stream(session: Session, files: Iterable[tuple[str, bytes]] | None = None) -> Iterator[bytes]:
    """The session's documents and their ``manifest.json`` as a ZIP, yielded file by file."""
    sink = _Chunks()
    hashes: dict[str, bytes] = {}
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in iter_session_files(session) if files is None else files:
            archive.writestr(name, content)
            hashes[name] = content
            yield sink.take()
        archive.writestr("manifest.json", json.dumps(manifest(session, hashes), ensure_ascii=False, indent=2))
    yield sink.take()

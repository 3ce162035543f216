"""A session's documents as files: what the export command writes and the session's ZIP holds.

The whole record of the session: its documents, their published versions, the agenda's annexes
(``anexos/``) and the evidence its agreements' progress reports carry (``evidencias/``), each named in
the manifest with its SHA-256.
"""

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Iterable, Iterator

from django.utils.text import slugify

from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.registry import EXPORT_ONLY, available_documents
from sessions_app.models import AgreementUpdate, Document, Session

logger = logging.getLogger(__name__)


def _read(field) -> bytes | None:
    """A stored file's bytes, or None (logged) when the storage no longer has it: the export goes on."""
    try:
        with field.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.warning("Archivo no encontrado al exportar: %s", field.name)
        return None


def _file_name(name: str) -> str:
    """ "Programa Estatal (v2).PDF" → "programa-estatal-v2.pdf": a safe name that keeps its extension."""
    stem, extension = os.path.splitext(os.path.basename(name))
    return f"{slugify(stem)[:80] or 'archivo'}{extension.lower()}"


def iter_attached_files(session: Session) -> Iterator[tuple[str, bytes]]:
    """The agenda's current annexes and the agreements' evidence files, in two queries.

    ``anexos/03-programa-estatal.pdf`` (the item's number, or 00 for the session's own),
    ``evidencias/CINL-01-ORD-2022-02/15-oficio.pdf`` (the agreement's number, the report's id).
    """
    annexes = (
        Document.objects.filter(session=session, kind=Document.Kind.ANNEX, archived_at__isnull=True)
        .select_related("agenda_item")
        .order_by("agenda_item__order", "pk")
    )
    seen: set[str] = set()
    for annex in annexes:
        order = annex.agenda_item.order if annex.agenda_item_id else 0
        name = f"anexos/{order:02d}-{_file_name(annex.file.name)}"
        if name in seen:  # two annexes of one item with one name: the later one takes its id too
            name = f"anexos/{order:02d}-{annex.pk}-{_file_name(annex.file.name)}"
        seen.add(name)
        content = _read(annex.file)
        if content is not None:
            yield name, content
    updates = (
        AgreementUpdate.objects.filter(agreement__session=session)
        .exclude(evidence="")
        .select_related("agreement")
        .order_by("agreement__sequence", "pk")
    )
    for update in updates:
        folder = slugify(update.agreement.number.replace("/", "-")) or str(update.agreement_id)
        content = _read(update.evidence)
        if content is not None:
            yield f"evidencias/{folder}/{update.pk}-{_file_name(update.evidence.name)}", content


def iter_session_files(session: Session) -> Iterator[tuple[str, bytes]]:
    """``("orden_del_dia.pdf", b"%PDF…")``, one file at a time: published versions, annexes and evidence included."""
    for entry in available_documents(session):  # none that would be empty
        document = entry.build(session)
        if document is not None:
            yield document.filename, document.pdf
    for filename, build in EXPORT_ONLY.items():
        document = build(session)
        if document is not None:
            yield filename, document.pdf
    published = Document.objects.filter(session=session, published_at__isnull=False).exclude(kind=Document.Kind.ANNEX)
    for document in published.order_by("kind", "version"):
        yield f"publicados/{document.kind}_v{document.version}.pdf", published_pdf(document)
    yield from iter_attached_files(session)


def session_files(session: Session) -> dict[str, bytes]:
    """``{"orden_del_dia.pdf": b"%PDF…", …}``: every file of the session (``iter_session_files``)."""
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

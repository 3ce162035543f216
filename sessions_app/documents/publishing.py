"""Publishing a document: the PDF is stored once, with its SHA-256, and never changes.

A final nota informativa and an approved acta are published. Publishing the
same kind of document again (after an edit) makes a new version; every
version stays stored and downloadable, and the history records who did it.
What is stored is the archival rendering (``RenderedDocument.archival_pdf``: PDF/A-2a, tagged,
with its XMP identification), as an archive keeps it.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Document, Session

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed by hand
CODE_LENGTH = 10


def new_verification_code() -> str:
    """A short code for the public page /verificar/<code>/ of one published version, not yet taken."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Document.objects.filter(verification_code=code).exists():
            return code


def verification_url(code: str) -> str:
    """The public page where anyone checks a published document (``/verificar/<code>/``), as an absolute address."""
    return settings.SITE_URL.rstrip("/") + reverse("verify_document", args=[code])


@transaction.atomic
def document_publish(
    *, session: Session, kind: str, title: str, pdf: bytes, filename: str, by=None, verification_code: str = ""
) -> Document:
    """Store ``pdf`` as the next version of the session's document of ``kind``; frozen from now on.

    Each version gets its verification code (``verification_code`` when the PDF already carries it).
    """
    Session.objects.select_for_update().filter(pk=session.pk).first()  # one version number at a time
    last = Document.objects.filter(session=session, kind=kind).aggregate(last=Max("version"))["last"] or 0
    version = last + 1
    stem = filename.removesuffix(".pdf")
    document = Document(
        session=session,
        kind=kind,
        title=title if version == 1 else f"{title} (v{version})",
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        version=version,
        published_at=timezone.now(),
        uploaded_by=by,
        verification_code=verification_code or new_verification_code(),
    )
    document.file.save(f"{stem}_v{version}.pdf", ContentFile(pdf), save=False)
    document.full_clean()
    document.save()
    return document


def published_pdf(document: Document) -> bytes:
    """The stored bytes of a published document, checked against the hash it was published with."""
    with document.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ValueError(f"El documento {document.pk} no coincide con su huella SHA-256.")
    return content

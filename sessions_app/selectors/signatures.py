"""What the public verification page shows about a published version."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from sessions_app.models import Document, DocumentSignature, VerificationAttempt


def verified_document(code: str) -> Document:
    """The published version with that verification code; 404 for anything else (never an unpublished one)."""
    if not code.isalnum():
        raise Http404
    return get_object_or_404(
        Document.objects.select_related("session__council").exclude(kind=Document.Kind.ANNEX),
        verification_code=code.upper(),
        published_at__isnull=False,
        archived_at__isnull=True,
    )


def document_versions(document: Document) -> list[Document]:
    """Every published version of the same document of the session, oldest first, each with the signature it added."""
    versions = list(
        Document.objects.filter(
            session_id=document.session_id, kind=document.kind, published_at__isnull=False, archived_at__isnull=True
        ).order_by("version")
    )
    signatures = {s.signed_id: s for s in DocumentSignature.objects.filter(signed__in=versions)}
    for version in versions:
        version.added_signature = signatures.get(version.pk)
    return versions


def signatures_of(document: Document, versions: list[Document]) -> list[DocumentSignature]:
    """The signatures a version carries, first first: the one it added, and those of the version it signed, back."""
    by_pk = {version.pk: version for version in versions}
    carried = []
    current = by_pk.get(document.pk)
    while current is not None and current.added_signature is not None:
        carried.append(current.added_signature)
        current = by_pk.get(current.added_signature.document_id)
    return carried[::-1]


def verification_attempt(token: str) -> VerificationAttempt | None:
    """A check made on the verification page, shown after its redirect; None for an unknown token."""
    if not token or len(token) > 32:
        return None
    return VerificationAttempt.objects.select_related("matched__session__council").filter(token=token).first()

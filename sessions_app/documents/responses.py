"""A document as an HTTP answer: the PDF with its ETag (the SHA-256 of its HTML or of the stored file).

A client that already has that version gets 304 Not Modified, and the PDF is neither rendered nor read.
Every download is ``private, no-cache``: no shared cache keeps it, and the browser asks again each time,
so the permission is checked on every use (after logging out on a shared computer, a kept copy is not
shown without it) while an unchanged document still costs only a 304.
"""

from collections.abc import Callable

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header

from sessions_app.documents.rendering import RenderedDocument


def document_response(request, document: RenderedDocument) -> HttpResponse:
    """A document as it stands now: revalidated on every download (``no-cache``), rendered only when new."""
    return _pdf_response(
        request, etag=document.etag, pdf=lambda: document.pdf, filename=document.filename, cache="private, no-cache"
    )


def file_response(*, content: bytes, filename: str, sha256: str, request) -> HttpResponse:
    """A stored (published) PDF, whose hash never changes: still revalidated, as its reader may change."""
    return _pdf_response(request, etag=f'"{sha256}"', pdf=lambda: content, filename=filename, cache="private, no-cache")


def _pdf_response(request, *, etag: str, pdf: Callable[[], bytes], filename: str, cache: str) -> HttpResponse:
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(pdf(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["ETag"] = etag
    response["Cache-Control"] = cache
    return response

"""A document as an HTTP answer: the PDF with its ETag (the SHA-256 of its HTML or of the stored file).

A client that already has that version gets 304 Not Modified.
"""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header

from sessions_app.documents.rendering import RenderedDocument


def document_response(request, document: RenderedDocument) -> HttpResponse:
    """Answer a download: 304 when the client holds this version, else the PDF as an attachment."""
    if document.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(document.pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["ETag"] = document.etag
    response["Cache-Control"] = "private, no-cache"
    return response


def file_response(*, content: bytes, filename: str, sha256: str, request) -> HttpResponse:
    """Answer the download of a stored (published) PDF, whose hash never changes."""
    etag = f'"{sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response

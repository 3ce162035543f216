"""A session's documents (generated, published with their SHA-256, annexes) and the calendars' addresses;
each download under the same permission rule as its page."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from api.access import session_for
from api.conventions import REFUSALS, Id, PageParams, conditional_file, paginate
from api.schemas import DocumentOut, DocumentPage, FeedPage
from council.permissions import can_manage_council, delegate_institution_id, managed_councils
from sessions_app.documents.builders import convocation_document
from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.registry import DOCUMENTS
from sessions_app.documents.responses import document_response, file_response
from sessions_app.models import Document
from sessions_app.permissions import can_download_annex, can_download_published, can_download_session_document
from sessions_app.services.annexes import annex_download_name

router = Router(tags=["Documentos y calendarios"])

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def _api_url(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"api-v1:{name}", kwargs=kwargs))


@router.get("/sessions/{int:session_id}/documents", response={200: DocumentPage, **REFUSALS}, summary="Documentos")
def session_documents(request, session_id: Path[Id], page: Query[PageParams]):
    """Los documentos de la sesión que el usuario puede descargar: los que se generan (orden del día, convocatoria,
    y para el personal lista de asistencia, acta, reporte de acuerdos), los publicados con su SHA-256 y los anexos."""
    session, _access = session_for(request, session_id)
    viewer = request.viewer
    found = [
        DocumentOut(
            kind=entry.slug,
            title=str(entry.label),
            url=_api_url(request, "session_document", session_id=session.pk, slug=entry.slug),
        )
        for entry in DOCUMENTS.values()
        if can_download_session_document(viewer, session, entry.slug)
    ]
    documents = Document.objects.filter(session=session).select_related("session__council").order_by("kind", "pk")
    for document in documents:
        document.session = session
        if document.kind == Document.Kind.ANNEX:
            if can_download_annex(viewer, document) and document.archived_at is None:
                url = _api_url(request, "annex_download", session_id=session.pk, document_id=document.pk)
                found.append(DocumentOut(kind=document.kind, title=document.title, url=url, version=document.version))
        elif document.published_at is not None and can_download_published(viewer, document):
            url = _api_url(request, "published_download", session_id=session.pk, document_id=document.pk)
            found.append(
                DocumentOut(
                    kind=document.kind,
                    title=document.title,
                    url=url,
                    published_at=document.published_at,
                    sha256=document.sha256,
                    version=document.version,
                )
            )
    return paginate(found, page)


@router.get(
    "/sessions/{int:session_id}/documents/{slug}",
    response=REFUSALS,
    openapi_extra={"responses": {200: {"description": "El PDF como está ahora.", "content": PDF}}},
    summary="Descargar un documento generado",
)
def session_document(request, session_id: Path[Id], slug: str):
    """El documento (`orden-del-dia`, `convocatoria`, `lista-de-asistencia`, `acta`, `reporte-de-acuerdos`) en PDF,
    con ETag. Un delegado recibe la convocatoria de su propia institución."""
    session, _access = session_for(request, session_id)
    entry = DOCUMENTS.get(slug)
    if entry is None:
        raise Http404(_("No existe ese documento."))
    if not can_download_session_document(request.viewer, session, entry.slug):
        raise PermissionDenied
    if entry.slug == "convocatoria" and not can_manage_council(request.viewer, session.council):
        document = convocation_document(session, institution_id=delegate_institution_id(request.viewer))
    else:
        document = entry.build(session)
    if document is None:
        raise Http404(_("Este documento aún no existe para esta sesión."))
    return document_response(request, document)


@router.get(
    "/sessions/{int:session_id}/published/{int:document_id}",
    response=REFUSALS,
    openapi_extra={"responses": {200: {"description": "El PDF publicado, idéntico siempre.", "content": PDF}}},
    summary="Descargar un documento publicado",
)
def published_download(request, session_id: Path[Id], document_id: Path[Id]):
    """Un acta aprobada o una nota final exactamente como se publicó; su SHA-256 viene en la lista de documentos."""
    session, _access = session_for(request, session_id)
    document = (
        Document.objects.exclude(kind=Document.Kind.ANNEX)
        .filter(session=session, pk=document_id, published_at__isnull=False)
        .first()
    )
    if document is None:
        raise Http404
    document.session = session
    if not can_download_published(request.viewer, document):
        raise PermissionDenied
    try:
        content = published_pdf(document)
    except FileNotFoundError as missing:
        raise Http404(_("El archivo ya no está disponible.")) from missing
    filename = f"{document.get_kind_display()}_v{document.version}.pdf".replace(" ", "_").lower()
    return file_response(content=content, filename=filename, sha256=document.sha256, request=request)


@router.get(
    "/sessions/{int:session_id}/annexes/{int:document_id}",
    response=REFUSALS,
    openapi_extra={"responses": {200: {"description": "El archivo anexo.", "content": BINARY}}},
    summary="Descargar un anexo",
)
def annex_download(request, session_id: Path[Id], document_id: Path[Id]):
    """Un anexo de un punto del orden del día (los archivados, solo para el personal), con ETag."""
    session, _access = session_for(request, session_id)
    document = Document.objects.filter(session=session, pk=document_id, kind=Document.Kind.ANNEX).first()
    if document is None:
        raise Http404
    document.session = session
    if not can_download_annex(request.viewer, document):
        raise PermissionDenied

    def respond():
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("El archivo ya no está disponible.")) from missing
        return FileResponse(handle, as_attachment=True, filename=annex_download_name(document))

    # An annex's file never changes (a new one is a new version): its SHA-256, or its version, names it.
    etag = f'"{document.sha256 or f"annex-{document.pk}-{document.version}"}"'
    return conditional_file(request, etag=etag, respond=respond)


@router.get("/calendars", response={200: FeedPage, **REFUSALS}, summary="Direcciones de calendario")
def calendars(request, page: Query[PageParams]):
    """Las direcciones privadas de suscripción (.ics) de los consejos que administra. Quien tenga una dirección ve
    las sesiones del consejo: compártala solo con el personal. El evento de cada sesión viene en su detalle."""
    found = paginate(managed_councils(request.viewer).order_by("name", "pk"), page)
    found["items"] = [
        {
            "council_id": council.pk,
            "council": council.short_name or council.name,
            "url": request.build_absolute_uri(reverse("sessions_app:feed", args=[council.feed_token])),
        }
        for council in found["items"]
    ]
    return found

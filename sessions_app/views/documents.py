"""Downloads of a session's official documents: drafts rendered on request, published versions as stored."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.submissions import create_once
from core.views import service_error_text
from council.permissions import can_manage_council, delegate_institution_id
from sessions_app.documents.builders import convocation_document, session_slug
from sessions_app.documents.export import zip_stream
from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.registry import DOCUMENTS
from sessions_app.documents.responses import document_response, file_response
from sessions_app.models import Document
from sessions_app.permissions import SessionAccessMixin, can_download_published, can_download_session_document
from sessions_app.services.publications import publish_refusal, session_document_publish


class SessionDocumentView(SessionAccessMixin, View):
    """A document of the session as it stands now, with an ETag: an unchanged one is not rendered again."""

    def get(self, request, *args, **kwargs):
        entry = DOCUMENTS.get(kwargs["slug"])
        if entry is None:
            raise Http404(_("No existe ese documento."))
        if not can_download_session_document(request.viewer, self.session, entry.slug):
            raise PermissionDenied
        if not entry.available(self.session):
            raise Http404(_("Este documento aún no existe para esta sesión."))
        if entry.slug == "convocatoria" and not can_manage_council(request.viewer, self.council):
            # A delegate gets their own institution's letter, not everyone's.
            document = convocation_document(self.session, institution_id=delegate_institution_id(request.viewer))
        else:
            document = entry.build(self.session)
        if document is None:
            raise Http404(_("Este documento aún no existe para esta sesión."))
        return document_response(request, document)


class PublishedDocumentView(SessionAccessMixin, View):
    """A published version of a document (approved acta, final nota), exactly as it was published."""

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            Document.objects.select_related("session__council").exclude(kind=Document.Kind.ANNEX),
            session=self.session,
            pk=kwargs["document_pk"],
            published_at__isnull=False,
        )
        if not can_download_published(request.viewer, document):
            raise PermissionDenied
        try:
            content = published_pdf(document)
        except FileNotFoundError as missing:
            raise Http404(_("El archivo ya no está disponible.")) from missing
        filename = f"{document.get_kind_display()}_v{document.version}.pdf".replace(" ", "_").lower()
        return file_response(content=content, filename=filename, sha256=document.sha256, request=request)


class SessionDocumentsZipView(SessionAccessMixin, View):
    """Every document of the session in one ZIP, with a manifest of names and SHA-256 (staff only), with its size.

    The ZIP is built whole before it is sent (in memory, on disk past a few megabytes of annexes), so that its
    Content-Length tells the browser how far along the download is; while it is built, the link on the page says
    that it is being prepared (static/js/forms.js).
    """

    permission = "manage"
    in_memory_bytes = 8 * 1024 * 1024

    def get(self, request, *args, **kwargs):
        archive = tempfile.SpooledTemporaryFile(max_size=self.in_memory_bytes)  # noqa: SIM115 (FileResponse closes it)
        for chunk in zip_stream(self.session):
            archive.write(chunk)
        archive.seek(0)
        return FileResponse(
            archive, as_attachment=True, filename=f"{session_slug(self.session)}.zip", content_type="application/zip"
        )


class DocumentPublishView(SessionAccessMixin, TemplateView):
    """Confirm, then publish the convocatoria or the lista de asistencia as it stands (a new frozen version)."""

    permission = "manage"
    template_name = "sessions_app/document_confirm_publish.html"

    def dispatch(self, request, *args, **kwargs):
        self.entry = DOCUMENTS.get(kwargs["slug"])
        if self.entry is None or not self.entry.publish_kind:
            raise Http404(_("Ese documento no se publica desde aquí."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        latest = (
            Document.objects.filter(session=self.session, kind=self.entry.publish_kind, archived_at__isnull=True)
            .order_by("-version")
            .first()
        )
        return super().get_context_data(
            session=self.session,
            council=self.council,
            entry=self.entry,
            latest=latest,
            refusal=publish_refusal(self.session, self.entry.slug),
            **kwargs,
        )

    @create_once
    def post(self, request, *args, **kwargs):
        try:
            document = session_document_publish(session=self.session, slug=self.entry.slug, by=request.user)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request,
                _("Se publicó %(label)s, versión %(version)s (código de verificación %(code)s).")
                % {"label": self.entry.label, "version": document.version, "code": document.verification_code},
            )
        return redirect(self.session.get_absolute_url())

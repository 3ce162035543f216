"""Signing a published document with an e.firma, and the public page that verifies a published version.

The e.firma's files never touch the disk: the signing view reads its upload
with a memory-only handler (set before the request body is read, hence
``csrf_exempt`` on the outside and ``csrf_protect`` inside, as Django's
documentation does it) and refuses a request larger than the files allowed.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.network import client_ip
from core.submissions import create_once
from core.views import add_service_errors
from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.responses import file_response
from sessions_app.forms.signatures import SignatureForm, VerificationForm
from sessions_app.models import Document
from sessions_app.permissions import SessionAccessMixin, sign_refusal, signs_for_council
from sessions_app.selectors.signatures import (
    document_versions,
    signatures_of,
    verification_attempt,
    verified_document,
)
from sessions_app.services.signatures import document_sign, pdf_check, signing_failure_record, verification_url


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Every uploaded file stays in memory, whatever its size: the view refused large requests before reading."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 (Django's name)
        self.activated = True


def _too_large(request, limit: int) -> HttpResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return HttpResponse(_("El envío es demasiado grande."), status=413, content_type="text/plain; charset=utf-8")
    return None


@method_decorator(csrf_exempt, name="dispatch")
class DocumentSignView(SessionAccessMixin, View):
    """Sign a published version (acta, nota, convocatoria, lista de asistencia) with the signer's e.firma."""

    template_name = "sessions_app/document_sign.html"
    creates_once = True  # includes/_form.html adds the one-time token: a double click signs once

    def dispatch(self, request, *args, **kwargs):
        refused = _too_large(request, 3 * settings.SIGNATURE_MAX_FILE_SIZE + 64 * 1024)
        if refused is not None:
            return refused
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def has_session_permission(self, access) -> bool:
        # The presidency's or the secretariat's signer need not be convened nor on the staff:
        # ``signs_for_council`` lets them in, and ``sign_refusal`` decides on the document.
        return True

    def document(self) -> Document:
        document = get_object_or_404(
            Document.objects.select_related("session__council"),
            session=self.session,
            pk=self.kwargs["document_pk"],
            published_at__isnull=False,
        )
        return document

    def refuse_others(self) -> None:
        if not signs_for_council(self.request.viewer, self.council):
            raise PermissionDenied(_("Solo la presidencia y la secretaría técnica firman la versión más reciente."))

    def render(self, document, form, *, refusal: str | None = None, status: int = 200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"session": self.session, "council": self.council, "document": document, "form": form, "refusal": refusal},
            status=status,
        )

    def refused(self, document, refusal: str):
        """The page says why this signer may not sign this version now (the presidency first…), without the form."""
        return self.render(document, None, refusal=refusal, status=403)

    def get(self, request, *args, **kwargs):
        document = self.document()
        self.refuse_others()
        refusal = sign_refusal(request.viewer, document)
        if refusal is not None:
            return self.refused(document, refusal)
        person = request.viewer.person
        return self.render(document, SignatureForm(initial={"post": person.post if person else ""}))

    def post(self, request, *args, **kwargs):
        document = self.document()
        self.failure = ""
        try:
            return self.sign(request, document)
        finally:
            # Kept after the one-time token's transaction, which a refusal rolls back.
            if self.failure:
                signing_failure_record(document=document, viewer=request.viewer, reason=self.failure)

    @create_once
    def sign(self, request, document):
        refusal = sign_refusal(request.viewer, document)
        if refusal is not None:
            self.refuse_others()  # anyone else is refused as on any page, unrecorded
            self.failure = refusal  # a signer's attempt: on the session's history
            return self.refused(document, refusal)
        form = SignatureForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(document, form)
        try:
            signed = document_sign(
                document=document,
                viewer=request.viewer,
                cer=form.cleaned_data["cer"],
                key=form.cleaned_data["key"],
                password=form.cleaned_data["key_password"],
                post=form.cleaned_data["post"],
            )
        except ValidationError as error:
            self.failure = " ".join(error.messages)
            if error.code == "refused":  # the rule said no meanwhile (another version was published…)
                return self.refused(document, error.messages[0])
            add_service_errors(form, error)
            return self.render(document, form)
        messages.success(
            request,
            _("Documento firmado: se publicó la versión %(version)s, con la firma.") % {"version": signed.version},
        )
        return redirect("sessions_app:detail", self.session.pk)


def _client_address(request) -> str:
    return client_ip(request) or "?"


class VerificationView(View):
    """The public page of a published version: what it is, its hash and signers; a PDF can be checked against it."""

    template_name = "sessions_app/verification.html"

    def render(self, request, document, form, check=None, refusal="", status=200):
        versions = document_versions(document)
        url = verification_url(document.verification_code)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "document": document,
                "session": document.session,
                "council": document.session.council,
                "versions": versions,
                "signatures": signatures_of(document, versions),
                "verification_url": url,
                "qr_code": segno_svg(url),
                "form": form,
                "check": check,
                "refusal": refusal,
            },
            status=status,
        )

    def get(self, request, code):
        document = verified_document(code)
        if request.GET.get("descargar") is not None:
            try:
                content = published_pdf(document)
            except (OSError, ValueError) as missing:
                raise Http404(_("El archivo ya no está disponible.")) from missing
            filename = f"{document.get_kind_display()}_v{document.version}.pdf".replace(" ", "_").lower()
            return file_response(content=content, filename=filename, sha256=document.sha256, request=request)
        check = verification_attempt(request.GET.get("comprobacion", ""))
        return self.render(request, document, VerificationForm(), check=check)

    def post(self, request, code):
        document = verified_document(code)
        refused = _too_large(request, settings.MAX_UPLOAD_SIZE + 64 * 1024)
        if refused is not None:
            return refused
        key = f"verification-checks:{_client_address(request)}"
        cache.add(key, 0, timeout=600)
        try:
            checks = cache.incr(key)
        except ValueError:
            checks = 1
        if checks > settings.VERIFICATION_CHECKS_PER_10_MINUTES:
            refusal = _("Demasiadas verificaciones desde su dirección; intente en unos minutos.")
            return self.render(request, document, VerificationForm(), refusal=refusal, status=429)
        form = VerificationForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, document, form, status=400)
        try:
            check = pdf_check(pdf=form.cleaned_data["pdf"], document=document)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(request, document, form, status=400)
        return redirect(f"{request.path}?comprobacion={check.token}")


def segno_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2)

"""Signing a published document with an e.firma, and checking a PDF against what was published.

A signature makes a new version of the document (``document_publish``): the
signed PDF, with its own SHA-256 and verification code; the version it signed
stays as it was. ``DocumentSignature`` records who signed and with which
certificate: the key and its password are used in memory for this one call and
kept nowhere (not in the database, the storage, the cache or the logs).
"""

import logging
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.wording import long_date
from sessions_app.documents.publishing import document_publish, new_verification_code, published_pdf
from sessions_app.documents.signing import SignatureError, efirma_load, pdf_sign, pdf_signatures, sha256
from sessions_app.models import Document, DocumentSignature, SigningFailure, VerificationAttempt
from sessions_app.permissions import sign_refusal, signing_role

logger = logging.getLogger(__name__)


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/verificar/{code}/"


def signing_failure_record(*, document: Document, viewer, reason: str) -> SigningFailure:
    """Keep, for the session's history, an attempt to sign ``document`` that did not sign it, and why."""
    failure = SigningFailure(
        document=document,
        version=document.version,
        document_title=document.title[:255],
        user=viewer.user,
        reason=reason[:500],
    )
    failure.full_clean()
    failure.save()
    return failure


def document_sign(*, document: Document, viewer, cer: bytes, key: bytes, password: str, post: str = "") -> Document:
    """Sign ``document`` with the e.firma in ``cer``/``key``; the signed PDF is the new version returned.

    ``ValidationError`` (Spanish) when the user may not sign it (``sign_refusal``, code ``refused``: not a
    signer, not the latest version, the presidency has not signed yet), the password is wrong, the key is not
    the certificate's, the certificate has expired, or a newer version was published meanwhile. The signing
    page keeps each of these in the session's history (``signing_failure_record``).
    """
    refusal = sign_refusal(viewer, document)
    if refusal is not None:
        raise ValidationError(refusal, code="refused")
    now = timezone.now()
    try:
        efirma = efirma_load(cer=cer, key=key, password=password, now=now)
    except SignatureError as error:
        raise ValidationError(str(error)) from None  # the cause may quote the file: not carried along
    if not post and viewer.person is not None:
        post = viewer.person.post
    with transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        if Document.objects.filter(session=document.session, kind=document.kind, version__gt=document.version).exists():
            raise ValidationError(_("Ya hay una versión más reciente de este documento: firme esa."))
        try:
            pdf = published_pdf(document)
        except (OSError, ValueError) as error:
            raise ValidationError(_("El archivo publicado no está disponible o no coincide con su huella.")) from error
        code = new_verification_code()
        try:
            signed_pdf = pdf_sign(
                pdf=pdf, efirma=efirma, post=post, verify_url=verification_url(code), tsa_url=settings.SIGNATURE_TSA_URL
            )
        except Exception as error:  # a PDF pyHanko cannot update, or the timestamp authority not answering
            logger.warning("Document %s could not be signed: %s", document.pk, type(error).__name__)
            raise ValidationError(_("No se pudo firmar el PDF publicado; avise a la secretaría técnica.")) from None
        stem = re.sub(r"_v\d+$", "", Path(document.file.name).stem)
        signed = document_publish(
            session=document.session,
            kind=document.kind,
            title=re.sub(r" \(v\d+\)$", "", document.title),
            pdf=signed_pdf,
            filename=f"{stem}.pdf",
            by=viewer.user,
            verification_code=code,
        )
        certificate = efirma.certificate
        DocumentSignature.objects.create(
            document=document,
            signed=signed,
            signer_name=efirma.signer_name[:255],
            post=post[:255],
            certificate_serial=efirma.serial[:80],
            certificate_subject=certificate.subject.rfc4514_string()[:500],
            certificate_issuer=certificate.issuer.rfc4514_string()[:500],
            certificate_not_after=certificate.not_valid_after_utc,
            signed_at=now,
            signed_by=viewer.user,
            role=signing_role(viewer, document.session.council),
        )
    return signed


def trust_roots() -> list[bytes]:
    """The CA certificates the operator configured (``SIGNATURE_TRUST_ROOTS``), read from their files."""
    return [Path(path).read_bytes() for path in settings.SIGNATURE_TRUST_ROOTS]


def pdf_check(*, pdf: bytes, document: Document | None = None) -> VerificationAttempt:
    """Whether ``pdf`` is exactly a published version, and its signatures: recorded as a ``VerificationAttempt``
    of the page of ``document`` it was uploaded on (in that session's history).

    ``ValidationError`` if it is not a PDF that can be read: not recorded. The file itself is not kept.
    """
    code = document.verification_code if document is not None else ""
    digest = sha256(pdf)
    if not pdf.startswith(b"%PDF-"):
        raise ValidationError(_("El archivo no es un PDF."))
    try:
        signatures = pdf_signatures(pdf, trust_roots=trust_roots())
    except ValueError as error:
        raise ValidationError(_("El archivo no es un PDF que se pueda leer.")) from error
    matched = Document.objects.filter(sha256=digest, published_at__isnull=False).order_by("pk").first()
    intact = bool(signatures) and all(signature.intact and signature.valid for signature in signatures)
    if matched is not None:
        result = _("Coincide exactamente con una versión publicada.")
    else:
        result = _("No coincide con ninguna versión publicada.")
    return VerificationAttempt.objects.create(
        document=document,
        code=code[:12],
        sha256=digest,
        matched=matched,
        signatures=len(signatures),
        intact=intact,
        findings=[
            {
                "signer_name": signature.signer_name,
                # Written as the page writes a date and time ("7 de octubre de 2022, 10:00 horas"), in the
                # language of whoever checks, who reads it on the next page.
                "signed_at": long_date(signature.signed_at, "datetime"),
                "intact": signature.intact,
                "valid": signature.valid,
                "trusted": signature.trusted,
                "covers_whole_file": signature.covers_whole_file,
                "timestamped": signature.timestamped,
            }
            for signature in signatures
        ],
        result=result,
        token=secrets.token_urlsafe(16),
    )

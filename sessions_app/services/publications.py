"""Publishing the convocatoria and the lista de asistencia: a frozen, verifiable version the signers may sign.

The acta is published when it is approved and the nota when it is made final (their own services); these two
are published by the staff when they are ready, as often as they change: each time a new version, kept with
its SHA-256 and its verification code, printed on it with the public page's QR (``verifiable_archival_pdf``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sessions_app.documents.publishing import document_publish, new_verification_code, verification_url
from sessions_app.documents.registry import DOCUMENTS
from sessions_app.models import Document, Session


def publish_refusal(session: Session, slug: str) -> str | None:
    """Why the staff may not publish this document of the session now, or None: the page and the service ask it."""
    entry = DOCUMENTS.get(slug)
    if entry is None or not entry.publish_kind:
        return str(_("Este documento no se publica desde aquí."))
    if not entry.publishable(session):
        if entry.publish_kind == Document.Kind.CONVOCATION:
            return str(_("La convocatoria se publica una vez convocada la sesión."))
        return str(_("La lista de asistencia se publica una vez celebrada la sesión."))
    if not entry.available(session):  # the page does not offer it either: it would be empty
        return str(_("No hay a quién dirigir este documento: aún no se ha convocado a ninguna institución."))
    return None


@transaction.atomic
def session_document_publish(*, session: Session, slug: str, by=None) -> Document:
    """Publish the document as it stands now: the next version, with its verification code printed on it."""
    locked = Session.objects.select_for_update().select_related("council").get(pk=session.pk)
    refusal = publish_refusal(locked, slug)
    if refusal:
        raise ValidationError(refusal, code="not_publishable")
    entry = DOCUMENTS[slug]
    rendered = entry.build(locked)
    code = new_verification_code()
    return document_publish(
        session=locked,
        kind=entry.publish_kind,
        title=f"{entry.label} — {locked.title}",
        pdf=rendered.verifiable_archival_pdf(code=code, url=verification_url(code)),
        filename=rendered.filename,
        by=by if getattr(by, "is_authenticated", False) else None,
        verification_code=code,
    )

"""Annexes of the orden del día: files uploaded per agenda item, checked, fingerprinted, archived but never deleted."""

import hashlib
import os

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import safe_filename, validate_upload
from sessions_app.models import AgendaItem, Document


def file_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def annex_upload(
    *, agenda_item: AgendaItem, file: UploadedFile, title: str = "", uploaded_by: AbstractBaseUser | None = None
) -> Document:
    """Attach a file to an agenda item, refusing what is too large, of a type not allowed, or not what it claims."""
    validate_upload(file)  # also makes the stored name safe
    document = Document(
        session=agenda_item.session,
        agenda_item=agenda_item,
        kind=Document.Kind.ANNEX,
        title=(title or "").strip() or os.path.splitext(file.name)[0].replace("_", " "),
        file=file,
        uploaded_by=uploaded_by,
    )
    document.sha256 = file_sha256(file)
    document.size = file.size
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def annex_archive(*, document: Document) -> Document:
    """Take an annex out of the agenda; the file and its history stay."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.kind != Document.Kind.ANNEX:
        raise ValidationError(_("Solo se archivan anexos desde el orden del día."), code="not_an_annex")
    if locked.archived_at is None:
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at"])
    return locked


def annex_download_name(document: Document) -> str:
    """The name a downloaded annex is saved under: its title, made safe, with the stored file's extension."""
    ext = os.path.splitext(document.file.name)[1].lower()
    # A title is not a path: slashes in it are words apart ("Programa 2024/2025").
    title = " ".join(document.title.replace("/", " ").replace("\\", " ").split())
    return safe_filename(title if title.lower().endswith(ext) else f"{title}{ext}")

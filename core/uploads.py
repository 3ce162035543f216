"""Validation of uploaded files: size limit, allowlist of types checked by name and by content, safe names."""

import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# extension -> the first bytes a file of that type starts with (None: text, checked as UTF-8/ASCII).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".csv": None,
    ".txt": None,
}
ALLOWED_EXTENSIONS = tuple(SIGNATURES)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")  # what a logo may be: what WeasyPrint prints on a letterhead


def safe_filename(name: str) -> str:
    """A file name without directories, accents or characters a file system or a header could misread."""
    base = os.path.basename(name.replace("\\", "/"))
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = get_valid_filename(base) if base.strip(". ") else ""
    stem, ext = os.path.splitext(base)
    return f"{(stem or 'archivo')[:80]}{ext.lower()[:10]}"


def validate_upload(upload, *, extensions: tuple[str, ...] = ALLOWED_EXTENSIONS, limit: int | None = None) -> None:
    """Refuse files that are too large, of a type not allowed, or whose content does not match their name.

    ``extensions`` narrows the allowed types (images only for a logo); ``limit`` the size (``MAX_UPLOAD_SIZE``).
    """
    limit = settings.MAX_UPLOAD_SIZE if limit is None else limit
    if upload.size > limit:
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo permitido es %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("El archivo está vacío."), code="file_empty")
    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in SIGNATURES or ext not in extensions:
        raise ValidationError(
            _("No se aceptan archivos %(ext)s. Tipos permitidos: %(allowed)s."),
            code="file_type",
            params={"ext": ext or _("sin extensión"), "allowed": ", ".join(extensions)},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = SIGNATURES[ext]
    if signatures is None:
        if b"\x00" in head:
            raise ValidationError(_("El contenido del archivo no corresponde a su tipo."), code="file_content")
    elif not head.startswith(signatures):
        raise ValidationError(_("El contenido del archivo no corresponde a su tipo."), code="file_content")
    upload.name = safe_filename(upload.name)

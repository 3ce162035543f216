import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import safe_filename, validate_upload


def test_a_real_pdf_is_accepted_and_its_name_sanitised():
    upload = SimpleUploadedFile("../../Presentación del programa.PDF", b"%PDF-1.7\n...")
    validate_upload(upload)
    assert upload.name == "Presentacion_del_programa.pdf"


def test_content_must_match_the_extension():
    with pytest.raises(ValidationError, match="no corresponde"):
        validate_upload(SimpleUploadedFile("programa.pdf", b"MZ\x90\x00 executable"))


def test_types_outside_the_allowlist_are_refused():
    with pytest.raises(ValidationError, match="No se aceptan archivos .exe"):
        validate_upload(SimpleUploadedFile("setup.exe", b"MZ"))


def test_size_limit_is_enforced_with_a_clear_message(settings):
    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError, match="máximo permitido"):
        validate_upload(SimpleUploadedFile("a.txt", b"x" * 11))


def test_names_cannot_escape_or_be_empty():
    assert safe_filename("..\\..\\windows\\system.ini.txt") == "system.ini.txt"
    assert safe_filename("....") == "archivo"

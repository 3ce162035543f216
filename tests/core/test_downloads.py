"""A generated file answers a download link's token with a cookie, so the page can stop showing that it waits."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.downloads import DownloadCookieMiddleware


def _answer(path, *, attachment=True):
    def view(request):
        response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
        if attachment:
            response["Content-Disposition"] = 'inline; filename="orden-del-dia.pdf"'
        return response

    return DownloadCookieMiddleware(view)(RequestFactory().get(path))


def test_a_file_asked_with_a_token_sets_the_tokens_cookie():
    response = _answer("/sesiones/1/documentos/orden-del-dia.pdf?descarga=abc123xyz")
    cookie = response.cookies["descarga_abc123xyz"]
    assert cookie.value == "1" and cookie["max-age"] == 120 and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("path", "attachment"),
    [
        ("/sesiones/1/documentos/orden-del-dia.pdf", True),  # no token
        ("/sesiones/1/documentos/orden-del-dia.pdf?descarga=<script>", True),  # not a token
        ("/sesiones/1/documentos/orden-del-dia.pdf?descarga=" + "a" * 40, True),  # too long
        ("/sesiones/1/?descarga=abc123", False),  # a page, not a file
    ],
)
def test_nothing_else_gets_a_cookie(path, attachment):
    assert not _answer(path, attachment=attachment).cookies

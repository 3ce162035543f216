"""The worker builds a convened session's documents ahead, and prepares each process for its first document."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from sessions_app.documents import rendering
from sessions_app.documents.prerender import session_documents_prerender
from sessions_app.services.convocation import session_convene

pytestmark = pytest.mark.django_db


def _download(client, session, slug: str):
    return client.get(reverse("sessions_app:document", args=[session.pk, slug]))


def test_convening_builds_the_convocatoria_and_the_agenda_before_anyone_asks(
    convening, client, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_PRERENDER = True
    cache.clear()
    built = []
    render = rendering.render_pdf

    def counted(*args, **kwargs):
        built.append(args)
        return render(*args, **kwargs)

    with mock.patch.object(rendering, "render_pdf", counted), django_capture_on_commit_callbacks(execute=True):
        session_convene(session=convening.session, by=convening.world.staff_x)
    assert len(built) == 2, "the convocatoria (its letters bound in one) and the orden del día"
    client.force_login(convening.world.staff_x)
    with mock.patch.object(rendering, "render_pdf", side_effect=AssertionError("rendered on download")):
        for slug in ("convocatoria", "orden-del-dia"):
            response = _download(client, convening.session, slug)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", slug


def test_without_a_worker_convening_does_not_wait_for_the_documents(
    convening, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_PRERENDER = False
    with (
        mock.patch.object(rendering, "render_pdf", side_effect=AssertionError("rendered while convening")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        session_convene(session=convening.session, by=convening.world.staff_x)


def test_a_draft_or_a_missing_session_builds_nothing(convening):
    assert session_documents_prerender(session_id=convening.session.pk) == []
    assert session_documents_prerender(session_id=10**9) == []


def test_warming_up_parses_the_stylesheets_and_compiles_the_print_templates(monkeypatch):
    monkeypatch.setattr(rendering, "_stylesheets", None)
    compiled = []
    monkeypatch.setattr(rendering, "get_template", lambda name: compiled.append(name))
    rendering.warm_up()
    assert rendering._stylesheets is not None
    assert compiled == list(rendering.PRINT_TEMPLATES)


def test_warming_up_loads_the_image_readers_a_logo_needs(monkeypatch):
    """Pillow imports its PNG and JPEG readers on the first image it opens: a worker's first logo, without this."""
    monkeypatch.setattr(rendering, "get_template", lambda name: None)
    monkeypatch.setattr(rendering.Image, "_initialized", 0)
    rendering.warm_up()
    assert rendering.Image._initialized >= 1


def test_a_document_using_glyph_counts_never_seen_parses_no_new_c_type():
    """The font subsetter asks cffi for arrays as long as each font's glyphs; each new length was a C type string
    parsed anew (about 9 ms), in nearly every new document and many times in a worker's first."""
    from weasyprint.text.ffi import ffi  # noqa: PLC0415 - WeasyPrint's own, only this test reads its cache

    rendering.render_pdf("<html lang='es'><body><p>Sesión</p></body></html>")
    known = set(ffi._parsed_types)
    rendering.render_pdf(
        "<html lang='es'><body><p>Orden del día: 1234567890 y QRSTUVWXYZ</p>"
        "<p><strong>Clausura</strong> <em>de la sesión</em></p></body></html>"
    )
    assert set(ffi._parsed_types) == known

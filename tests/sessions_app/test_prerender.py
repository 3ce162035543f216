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

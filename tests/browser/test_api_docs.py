"""The API's interactive documentation shows, for a read and for a write, a realistic Spanish example."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_the_examples(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_text("Sesiones a su alcance").click()
    answer = page.locator(".opblock.is-open .responses-wrapper .example").first
    answer.wait_for()
    assert "Segunda Sesión Ordinaria 2025" in answer.inner_text()
    page.get_by_text("Agregar un punto al orden del día").click()
    body = page.locator(".opblock.is-open .opblock-section-request-body .body-param__example").first
    body.wait_for()
    assert "Programa Estatal de Prevención del Delito 2025" in body.inner_text()

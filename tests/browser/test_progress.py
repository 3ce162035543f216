"""Journey: long work shows that it is working — a document being generated, a form being sent."""

import pytest
from django.core.management import call_command

from sessions_app.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_document_link_shows_it_is_preparing_until_the_file_arrives(live_server, page, login):
    call_command("load_demo", verbosity=0)
    held = Session.objects.filter(status=Session.Status.HELD).first()
    login("secretaria", password="sesiones-demo")
    page.goto(live_server.url + held.get_absolute_url())
    link = page.locator("a[href$='.pdf']").first
    # The server is slowed down by nothing here, so watch the attribute as the click sets it.
    page.evaluate(
        """() => { window.__busySeen = false;
                   new MutationObserver((records) => { for (const r of records) {
                     if ([...r.addedNodes].some((n) => n.classList && n.classList.contains("download-indicator")))
                       window.__busySeen = true; } })
                   .observe(document.body, {subtree: true, childList: true}); }"""
    )
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.evaluate("window.__busySeen"), "the link showed no sign of working"
    page.wait_for_function("() => !document.querySelector('a[aria-busy=true]')", timeout=10_000)
    assert page.locator(".download-indicator").count() == 0

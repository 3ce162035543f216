"""Journey: long work shows that it is working — a document being generated, a form being sent."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import Council
from sessions_app.models import Invitation, Session
from tests.browser.conftest import assert_accessible

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


WATCH_BUSY = """(selector) => { window.__busySeen = false;
    new MutationObserver((records) => { for (const r of records) {
      const node = r.target;
      if (node.matches && node.matches(selector) && node.classList.contains("htmx-request")
          && (node.tagName === "BUTTON" ? node.disabled : getComputedStyle(node).display !== "none"))
        window.__busySeen = true; } })
    .observe(document.body, {subtree: true, attributes: true, attributeFilter: ["class"]}); }"""

WATCH_DOWNLOAD = """() => { window.__preparingSeen = false;
    new MutationObserver((records) => { for (const r of records) {
      if ([...r.addedNodes].some((n) => n.classList && n.classList.contains("download-indicator")))
        window.__preparingSeen = true; } })
    .observe(document.body, {subtree: true, childList: true}); }"""


def test_moving_an_agenda_item_exports_and_sending_letters_show_how_they_go(live_server, page, login):
    """The agenda's up and down buttons turn busy (disabled, a spinner) until the list comes back; a drag shows
    «Guardando el orden…»; a CSV export says it is being prepared like a PDF; the session's ZIP comes with its
    size, so the browser's download shows how far along it is; the confirmations page shows a progress bar while
    the convocatoria's letters go out, and follows them without a reload."""
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(short_name__icontains="Trata")
    upcoming = Session.objects.filter(council=council, status=Session.Status.CONVENED).first()
    held = Session.objects.filter(council=council, status=Session.Status.HELD).first()
    login("secretaria", password="sesiones-demo")

    page.goto(live_server.url + reverse("sessions_app:agenda", args=[upcoming.pk]))
    first_title = page.locator(".agenda-list > li").first.locator(".fw-semibold").nth(1).inner_text()
    page.evaluate(WATCH_BUSY, "button[hx-post]")
    page.locator(".agenda-list > li").first.get_by_role("button", name=re.compile("^Bajar")).click()
    page.locator(".agenda-list > li").nth(1).get_by_text(first_title, exact=True).wait_for()
    assert page.evaluate("window.__busySeen"), "the pressed button showed no sign of working"
    assert page.locator("button.htmx-request").count() == 0
    assert not page.locator("#agenda-saving").is_visible(), "«Guardando el orden…» only while it is saved"
    page.evaluate(WATCH_BUSY, "#agenda-saving")
    page.evaluate("htmx.trigger(document.querySelector('#agenda-editor form'), 'agenda-reordered')")
    page.wait_for_function("window.__busySeen", timeout=10_000)
    assert_accessible(page, context="orden del día")

    page.goto(live_server.url + reverse("attendance:stats", args=[council.pk]))
    page.evaluate(WATCH_DOWNLOAD)
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert page.evaluate("window.__preparingSeen"), "the CSV link showed no sign of working"

    page.goto(live_server.url + held.get_absolute_url())
    with page.expect_response(re.compile(r"documentos\.zip")) as answer, page.expect_download():
        page.get_by_role("link", name="Todos en un ZIP").click()
    assert int(answer.value.headers["content-length"]) > 0

    queued = list(Invitation.objects.filter(session=upcoming).order_by("pk")[:3])
    Invitation.objects.filter(session=upcoming).update(delivery=Invitation.Delivery.SENT)
    for invitation in queued:
        invitation.delivery = Invitation.Delivery.QUEUED
        invitation.save(update_fields=["delivery"])
    total = Invitation.objects.filter(session=upcoming).count()
    page.goto(live_server.url + reverse("sessions_app:attendance_live", args=[upcoming.pk]))
    bar = page.locator("progress.sending-progress")
    assert bar.get_attribute("max") == str(total) and bar.get_attribute("value") == str(total - 3)
    assert page.get_by_text(f"Enviados {total - 3} de {total}.").is_visible()
    assert_accessible(page, context="confirmaciones con el envío en curso")
    for invitation in queued:
        invitation.delivery = Invitation.Delivery.SENT
        invitation.save(update_fields=["delivery"])
    bar.wait_for(state="detached", timeout=15_000)  # the panel polls every 5 s: the letters went, the bar goes
    assert page.get_by_text(f"{total} / {total}").is_visible()

"""A double click on a creation form's button sends it once: one agreement, one session, and the page says it."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from sessions_app.models import Agreement, Session
from sessions_app.views import agreements
from tests.council.factories import CouncilFactory, SeatFactory
from tests.members.factories import UserFactory
from tests.sessions_app.factories import AgendaItemFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPEATED = "Esto ya se había registrado"


WATCH_BUTTON = """() => {
  const button = document.querySelector("main form button[type=submit]");
  new MutationObserver(() => console.log((button.disabled ? "disabled " : "") + button.textContent.trim()))
    .observe(button, {attributes: true, childList: true, subtree: true});
}"""


def count_posts(page) -> list[str]:
    """The URLs of the POST requests the page sends from now on."""
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    return posts


@pytest.fixture
def council():
    council = CouncilFactory(name="Consejo Estatal", short_name="CE")
    SeatFactory(council=council, institution__name="Secretaría de Salud")
    council.staff.add(UserFactory(username="secretaria"))
    return council


def test_a_double_click_on_registrar_acuerdo_records_one_agreement(live_server, page, login, council):
    session = SessionFactory(council=council, starts_at=timezone.now() - dt.timedelta(days=1), status="held")
    AgendaItemFactory(session=session, title="Programa estatal")
    login("secretaria")
    page.goto(f"{live_server.url}/acuerdos/sesion/{session.pk}/nuevo/")
    page.locator("textarea[name=text]").fill("Se aprueba el Programa Estatal contra la Trata.")
    posts = count_posts(page)
    page.get_by_role("button", name="Guardar").dblclick()
    page.wait_for_load_state()
    page.get_by_text("Se registró el acuerdo").wait_for()
    # The second click never left the browser: one request, and the server did not have to say it was a repeat.
    assert len(posts) == 1 and REPEATED not in page.content()
    assert Agreement.objects.filter(session=session).count() == 1


def test_a_double_click_on_programar_sesion_schedules_one_session(live_server, page, login, council):
    login("secretaria")
    page.goto(f"{live_server.url}/sesiones/consejo/{council.pk}/programar/")
    day = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Fecha").fill(day.isoformat())
    page.get_by_label("Hora de inicio").fill("10:00")
    page.get_by_label("Hora de término").fill("12:00")
    page.get_by_label("Sede").fill("Palacio de Gobierno, Salón Verde")
    posts = count_posts(page)
    page.get_by_role("button", name="Programar sesión").dblclick()
    page.wait_for_load_state()
    page.get_by_text("Su orden del día parte de la plantilla").wait_for()
    assert len(posts) == 1 and REPEATED not in page.content()
    assert Session.objects.filter(council=council).count() == 1


def test_a_second_click_while_the_server_is_slow_sends_nothing_and_shows_it_is_working(
    live_server, page, login, council, monkeypatch
):
    """Chromium itself drops the second click of a quick double click; an impatient click later would be sent."""
    session = SessionFactory(council=council, starts_at=timezone.now() - dt.timedelta(days=1), status="held")
    original = agreements.agreement_create

    def slow(**kwargs):
        time.sleep(1.5)
        return original(**kwargs)

    monkeypatch.setattr(agreements, "agreement_create", slow)  # the live server runs in this process
    login("secretaria")
    page.goto(f"{live_server.url}/acuerdos/sesion/{session.pk}/nuevo/")
    page.locator("textarea[name=text]").fill("Se aprueba el Programa Estatal contra la Trata.")
    seen = []  # what the button looked like each time it changed, told by the page before it goes
    page.on("console", lambda message: seen.append(message.text))
    page.evaluate(WATCH_BUTTON)
    button = page.get_by_role("button", name="Guardar").bounding_box()
    posts = count_posts(page)
    page.mouse.click(button["x"] + 5, button["y"] + 5)
    page.wait_for_timeout(400)  # the agreement is still being saved: an impatient person clicks again
    page.mouse.click(button["x"] + 5, button["y"] + 5)
    page.get_by_text("Se registró el acuerdo").wait_for()
    assert len(posts) == 1 and REPEATED not in page.content()
    assert Agreement.objects.filter(session=session).count() == 1
    assert "disabled Guardar Enviando…" in seen, seen

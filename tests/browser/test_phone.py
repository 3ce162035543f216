"""Journey: the pages the secretariat and the delegates open every week, on a 390 px phone — none scrolls sideways."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import Council
from sessions_app.models import Agreement, Session
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> list[str]:
    """What sticks out of the phone's width, outside scrollable boxes (empty when nothing does)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)} px`);
        }"""
    )


def _walk(page, base_url, urls):
    for url in urls:
        page.goto(base_url + url)
        page.wait_for_load_state()
        assert page.url.startswith(base_url + url.split("?")[0]), f"{url} led to {page.url}"
        assert _overflow(page) == [], f"{url} scrolls sideways on a 390 px phone: {_overflow(page)}"


def test_no_page_of_the_week_scrolls_sideways_on_a_phone(live_server, page, login):
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(short_name__icontains="Trata")
    held = Session.objects.filter(council=council, status=Session.Status.HELD).first()
    upcoming = Session.objects.filter(council=council).exclude(pk=held.pk).first()
    agreement = Agreement.objects.filter(session=held).first()
    page.set_viewport_size(PHONE)

    login("secretaria", password="sesiones-demo")
    _walk(
        page,
        live_server.url,
        [
            reverse("dashboard"),
            reverse("council:list"),
            council.get_absolute_url(),
            reverse("sessions_app:list"),
            reverse("sessions_app:calendar_month"),
            held.get_absolute_url(),
            upcoming.get_absolute_url(),
            reverse("sessions_app:agenda", args=[upcoming.pk]),
            reverse("sessions_app:convene", args=[upcoming.pk]),
            reverse("sessions_app:attendance_live", args=[upcoming.pk]),
            reverse("sessions_app:checkin", args=[held.pk]),
            reverse("sessions_app:minutes", args=[held.pk]),
            reverse("sessions_app:note", args=[held.pk]),
            reverse("agreements:tracker", args=[council.pk]),
            agreement.get_absolute_url(),
            reverse("attendance:stats", args=[council.pk]),
            reverse("members:institution_list"),
        ],
    )
    page.goto(live_server.url + council.get_absolute_url())
    screenshot(page, "telefono-consejo")
    page.goto(live_server.url + reverse("agreements:tracker", args=[council.pk]))
    screenshot(page, "telefono-acuerdos")

    page.context.clear_cookies()
    login("salud", password="sesiones-demo")
    _walk(page, live_server.url, [reverse("dashboard"), reverse("sessions_app:list"), held.get_absolute_url()])

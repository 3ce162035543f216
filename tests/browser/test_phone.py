"""Journey: the pages the secretariat and the delegates open every week, on a 390 px phone — none scrolls sideways."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from council.models import Council
from members.models import Person
from sessions_app.models import Agreement, Invitation, Session
from sessions_app.tokens import invitation_token
from tests.browser.conftest import assert_accessible, screenshot
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> list[str]:
    """What makes a reader scroll sideways on the phone (empty when nothing does).

    Either the page itself is wider than the screen, or a box scrolls sideways inside itself (a
    ``.table-responsive`` or any element with ``overflow-x: auto`` or ``scroll`` wider than its box): a table
    hidden behind a sideways scroll is no easier to read on a phone than one that widens the page.
    """
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const name = (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
          const found = [];
          if (document.documentElement.scrollWidth > width) {
            found.push(...[...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > width + 1)
              .slice(0, 5)
              .map(e => `${name(e)} → ${Math.round(e.getBoundingClientRect().right)} px`));
          }
          for (const e of document.querySelectorAll('body *')) {
            const scrolls = e.classList.contains('table-responsive')
              || ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
            if (scrolls && e.scrollWidth > e.clientWidth + 1) {
              found.push(`${name(e)} scrolls sideways inside its box: ${e.scrollWidth} px in ${e.clientWidth} px`);
            }
          }
          return found.slice(0, 8);
        }"""
    )


def _walk(page, base_url, urls):
    """Open each page on the phone; every page that scrolls sideways is named, with what sticks out."""
    sideways = {}
    for url in urls:
        page.goto(base_url + url)
        page.wait_for_load_state()
        assert page.url.startswith(base_url + url.split("?")[0]), f"{url} led to {page.url}"
        if found := _overflow(page):
            sideways[url] = found
    assert sideways == {}, f"pages that scroll sideways on a 390 px phone: {sideways}"


def test_no_page_of_the_week_scrolls_sideways_on_a_phone(live_server, page, login):
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(short_name__icontains="Trata")
    held = Session.objects.filter(council=council, status=Session.Status.HELD).first()
    upcoming = Session.objects.filter(council=council).exclude(pk=held.pk).first()
    agreement = Agreement.objects.filter(session=held).first()
    convened = Session.objects.filter(council=council, status=Session.Status.CONVENED).first()
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
            reverse("sessions_app:history", args=[held.pk]),
            reverse("council:history", args=[council.pk]),
        ],
    )
    # The attendance grid, institutions × sessions, is a list on the phone: each institution with its sessions'
    # dates and marks under its name, nothing to scroll sideways (the walk above) and no column head to look up.
    page.goto(live_server.url + reverse("attendance:stats", args=[council.pk]))
    first = page.locator(".attendance-grid tbody tr").first
    cell = first.locator("td").first
    assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == '"7 oct 2022"'
    assert_accessible(page, context="asistencia en el teléfono")
    page.goto(live_server.url + council.get_absolute_url())
    screenshot(page, "telefono-consejo")
    page.goto(live_server.url + reverse("agreements:tracker", args=[council.pk]))
    screenshot(page, "telefono-acuerdos")

    # The delegate of the Secretaría de Salud: the e-mail's link first (no login), then her own pages.
    page.context.clear_cookies()
    salud = Person.objects.get(user__username="salud")
    invitation = Invitation.objects.get(session=convened, seat__institution=salud.institution)
    _walk(page, live_server.url, [reverse("sessions_app:answer", args=[invitation_token(invitation)])])
    reported = Agreement.objects.filter(responsible=salud.institution).first()
    login("salud", password="sesiones-demo")
    _walk(
        page,
        live_server.url,
        [
            reverse("dashboard"),
            reverse("sessions_app:list"),
            held.get_absolute_url(),
            reverse("agreements:mine"),
            reverse("agreements:report", args=[reported.pk]),
        ],
    )


def test_the_login_and_password_reset_pages_fit_a_phone(live_server, page):
    """Someone who forgot the password on the phone: every step of the reset fits the screen."""
    user = UserFactory(username="delegada", email="delegada@ejemplo.gob.mx")
    page.set_viewport_size(PHONE)
    _walk(page, live_server.url, [reverse("login"), reverse("password_reset"), reverse("password_reset_done")])
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    # The e-mail's link puts its token in the session and leads to the form without it in the address.
    page.goto(live_server.url + reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)]))
    assert page.get_by_label("Confirmación de contraseña nueva").is_visible()
    _walk(
        page,
        live_server.url,
        [reverse("password_reset_confirm", args=[uid, "set-password"]), reverse("password_reset_complete")],
    )

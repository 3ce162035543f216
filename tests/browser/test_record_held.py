"""Journey: the secretariat records, from scratch, a session held a year ago, then drafts its nota; no /admin/.

Attendance with a suplente and an absence, quorum at first call, an agenda item, a vote and an agreement;
the session is Celebrada with its real dates. Screenshots: the record form (desktop) and the check-in (tablet).
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from council.models import Council, Seat, WorkingGroup
from sessions_app.models import AgendaItem, Agreement, InformativeNote, Session, Vote
from sessions_app.selectors.convocation import body_seats
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "Presentación del diagnóstico estatal sobre trata de personas"
NOTES = "La Secretaría de Igualdad e Inclusión presentó el diagnóstico; las instituciones lo comentaron."
AGREEMENT = "La Secretaría de Igualdad e Inclusión circulará el diagnóstico a las instituciones integrantes."


def test_record_a_session_held_a_year_ago_and_draft_its_nota(live_server, page, login):
    call_command("load_demo", verbosity=0)
    council = Council.objects.get(short_name="Consejo Estatal contra la Trata NL")
    day = timezone.localdate() - dt.timedelta(days=365)
    voting = list(
        Seat.objects.filter(council=council, archived_at__isnull=True, has_vote=True)
        .exclude(role=Seat.Role.GUEST)
        .select_related("institution", "principal")
        .order_by("order", "institution__name")
    )
    with_alternate, absent, *present = voting
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    login("secretaria", password="sesiones-demo")
    page.goto(f"{live_server.url}{council.get_absolute_url()}")
    page.get_by_role("link", name="Registrar sesión celebrada").click()
    page.wait_for_load_state()

    page.locator("#id_date").fill(day.isoformat())
    # The table lists the seats of the body that sat, valid on the date: a working group's only, when chosen.
    seats = page.locator("[data-record-seat]")
    group = council.working_groups.filter(status=WorkingGroup.Status.ACTIVE).order_by("name").first()
    page.locator("#id_working_group").select_option(label=group.name)
    expect(seats).to_have_count(body_seats(council_id=council.pk, working_group=group, day=day).count())
    page.locator("#id_working_group").select_option(label="Pleno del consejo")
    expect(seats).to_have_count(body_seats(council_id=council.pk, working_group=None, day=day).count())
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_end_time").fill("12:30")
    page.locator("#id_venue").fill("Palacio de Gobierno")
    page.locator("#id_convened_on").fill((day - dt.timedelta(days=10)).isoformat())
    suplente = with_alternate.alternates.first()
    page.locator(f"#id_seat_{with_alternate.pk}").select_option(label=f"Suplente: {suplente.display_name}")
    page.locator(f"#id_seat_{with_alternate.pk}_time").fill("09:52")
    page.locator(f"#id_seat_{absent.pk}").select_option(label="No asistió")
    page.locator(f"#id_seat_{present[-1].pk}").select_option(label="Otra persona (escriba sus datos)")
    assert page.locator(f"#id_seat_{present[-1].pk}_name").is_visible()  # its fields open when it is chosen
    page.locator(f"#id_seat_{present[-1].pk}").select_option(label=f"Titular: {present[-1].principal.display_name}")
    for seat in present:
        page.locator(f"#id_seat_{seat.pk}").select_option(label=f"Titular: {seat.principal.display_name}")
    page.locator("#id_call").select_option(label="Primera convocatoria")
    page.locator("#id_quorum_time").fill("10:12")
    assert_accessible(page, context="registrar sesión celebrada")
    screenshot(page, "registrar-sesion-celebrada")
    page.get_by_role("button", name="Registrar sesión celebrada").click()
    page.wait_for_load_state()

    session = Session.objects.get(council=council, recorded_afterwards=True)
    assert page.get_by_text(f"Se registró la {session.title} como celebrada").is_visible()
    assert session.status == Session.Status.HELD
    assert timezone.localtime(session.starts_at).date() == day
    assert session.convened_on == day - dt.timedelta(days=10)
    assert session.call == Session.Call.FIRST and session.quorum_met
    assert page.get_by_text("Quórum declarado en Primera convocatoria").is_visible()
    alternate_invitation = session.invitations.get(seat=with_alternate)
    assert alternate_invitation.attendee == suplente and alternate_invitation.attended
    assert not session.invitations.get(seat=absent).attended

    # Its times corrected afterwards: the quorum was declared at 10:20, not 10:12.
    page.get_by_role("link", name="Corregir horarios").click()
    page.wait_for_load_state()
    page.get_by_label("Hora de la declaración de quórum").fill("10:20")
    assert_accessible(page, context="corregir horarios")
    screenshot(page, "corregir-horarios")
    page.get_by_role("button", name="Guardar horarios").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Se corrigieron los horarios de la {session.title}").is_visible()
    session.refresh_from_db()
    assert timezone.localtime(session.quorum_declared_at).strftime("%H:%M") == "10:20"

    # The check-in of the held session on a tablet: search, and an arrival recorded with one tap, no reload.
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_server.url}/sesiones/{session.pk}/registro/")
    page.get_by_label("Buscar institución").fill(absent.institution.name[:12])
    row = page.locator(f"#inv-{session.invitations.get(seat=absent).pk}")
    assert row.is_visible()
    assert page.locator("[data-checkin-row]:visible").count() < len(voting)
    screenshot(page, "registro-de-asistencia-tableta")
    page.evaluate("window.notReloaded = true")
    absent_invitation = session.invitations.get(seat=absent)
    row.locator(f"#q-{absent_invitation.pk}").fill("10:40")
    row.get_by_role("button", name=f"Llegó {absent.principal.display_name}").click()
    page.locator(f"#inv-{session.invitations.get(seat=absent).pk}").get_by_text("Presente desde las 10:40").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert session.invitations.get(seat=absent).attended
    page.set_viewport_size({"width": 1280, "height": 900})

    # An agenda item added afterwards, with its vote and an agreement.
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="Orden del día").first.click()
    page.wait_for_load_state()
    page.get_by_label("Título del punto").fill(ITEM)
    page.get_by_label("Tipo de punto").select_option(label="Asunto para acuerdo")
    page.get_by_role("button", name="Agregar punto").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    item = page.locator("li", has=page.get_by_text(ITEM, exact=True))
    item.get_by_role("link", name="Registrar desarrollo").click()
    page.wait_for_load_state()
    page.get_by_label("Desarrollo del punto").fill(NOTES)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert AgendaItem.objects.get(session=session, title=ITEM).notes == NOTES
    item = page.locator("li", has=page.get_by_text(ITEM, exact=True))
    item.get_by_role("link", name="Registrar votación").click()
    page.wait_for_load_state()
    page.get_by_label("Unanimidad").check()
    page.get_by_role("button", name="Registrar votación").click()
    page.wait_for_load_state()
    assert page.get_by_text("Votación registrada: Aprobado").is_visible()
    assert Vote.objects.get(agenda_item__session=session, agenda_item__title=ITEM).result == Vote.Result.APPROVED

    item = page.locator("li", has=page.get_by_text(ITEM, exact=True))
    item.get_by_role("link", name="Registrar acuerdo en este punto").click()
    page.wait_for_load_state()
    page.get_by_role("textbox", name="Acuerdo").fill(AGREEMENT)
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    agreement = Agreement.objects.get(session=session, text=AGREEMENT)
    assert page.get_by_text(f"Se registró el acuerdo {agreement.number}").is_visible()

    # The nota, drafted from the session's data, tells of the real date.
    page.get_by_role("link", name="Redactar la nota informativa").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Redactar la nota informativa").click()  # the nota's page, then its draft
    page.wait_for_load_state()
    page.get_by_role("button", name="Redactar borrador").click()
    page.wait_for_load_state()
    note = InformativeNote.objects.get(session=session)
    assert str(day.year) in note.body
    assert page.locator("article.note-preview").is_visible()
    assert not [url for url in requests if "/admin/" in url]

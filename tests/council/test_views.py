"""What each role sees on the read-only pages, and what it may not see."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from council.models import Council
from council.selectors import council_issuing_unit
from sessions_app.models import Invitation, InvitationAnswer, Session
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_anonymous_users_are_sent_to_the_login(client, world):
    for url in [reverse("dashboard"), world.council_x.get_absolute_url(), world.session_x.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_is_in_spanish(client):
    body = client.get(reverse("login")).content.decode()
    assert "Iniciar sesión" in body and "Aviso de privacidad" in body


def test_staff_see_their_council_and_not_the_other(client, world):
    assert _get(client, world.staff_x, world.council_x.get_absolute_url()).status_code == 200
    assert _get(client, world.staff_x, world.council_y.get_absolute_url()).status_code == 403
    assert _get(client, world.staff_x, world.session_y.get_absolute_url()).status_code == 403


def test_staff_see_every_invitation_of_their_session(client, world):
    body = _get(client, world.staff_x, world.session_x.get_absolute_url()).content.decode()
    assert "Institución A" in body and "Instituciones convocadas" in body


def test_delegates_see_only_their_institutions_councils_and_sessions(client, world):
    assert _get(client, world.delegate_a, world.council_x.get_absolute_url()).status_code == 200
    assert _get(client, world.delegate_a, world.session_x.get_absolute_url()).status_code == 200
    assert _get(client, world.delegate_a, world.council_y.get_absolute_url()).status_code == 403
    assert _get(client, world.delegate_a, world.session_y.get_absolute_url()).status_code == 403


def test_delegates_see_their_own_invitation_only(client, world):
    from tests.sessions_app.factories import InvitationFactory

    InvitationFactory(session=world.session_x, institution__name="Otra Institución Convocada")
    body = _get(client, world.delegate_a, world.session_x.get_absolute_url()).content.decode()
    assert "Su convocatoria" in body
    assert "Institución A" in body
    assert "Otra Institución Convocada" not in body


def test_dashboard_lists_what_each_role_may_see(client, world):
    body = _get(client, world.staff_x, reverse("dashboard")).content.decode()
    assert "Consejo X" in body and "Consejo Y" not in body
    client.logout()
    body = _get(client, world.delegate_b, reverse("dashboard")).content.decode()
    assert "Consejo Y" in body and "Consejo X" not in body
    assert "por responder" in body
    client.logout()
    body = _get(client, world.admin, reverse("dashboard")).content.decode()
    assert "Consejo X" in body and "Consejo Y" in body


def test_admin_sees_every_council(client, world):
    assert _get(client, world.admin, world.council_y.get_absolute_url()).status_code == 200


def test_unknown_objects_are_404(client, world):
    assert _get(client, world.admin, reverse("council:detail", args=[999999])).status_code == 404
    assert _get(client, world.admin, reverse("sessions_app:detail", args=[999999])).status_code == 404


def test_privacy_notice_is_public(client):
    body = client.get(reverse("privacy")).content.decode()
    assert "Aviso de privacidad simplificado" in body and "Aviso de privacidad integral" in body


def test_the_interface_switches_to_english_and_back(client, world):
    client.force_login(world.staff_x)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Upcoming sessions" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "es-mx", "next": "/"})
    assert "Próximas sesiones" in client.get(reverse("dashboard")).content.decode()


def _secretariat_work(council, days_ago=30):
    """One of each thing the secretariat must act on in ``council``."""
    now = timezone.now()
    held = SessionFactory(
        council=council,
        status=Session.Status.HELD,
        starts_at=now - dt.timedelta(days=days_ago),
        ends_at=now - dt.timedelta(days=days_ago) + dt.timedelta(hours=2),
    )
    AgreementFactory(session=held, due_date=timezone.localdate() - dt.timedelta(days=1))
    SessionFactory(
        council=council,
        status=Session.Status.DRAFT,
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2),
    )
    convened = SessionFactory(
        council=council,
        status=Session.Status.CONVENED,
        starts_at=now + dt.timedelta(days=days_ago + 10),
        ends_at=now + dt.timedelta(days=days_ago + 10, hours=2),
    )
    seat = SeatFactory(council=council)
    invitation = InvitationFactory(session=convened, institution=seat.institution, seat=seat)
    InvitationAnswer.objects.create(
        invitation=invitation, answer=Invitation.Answer.ALTERNATE, proposed_name="Lic. Rosa Treviño"
    )
    return held, convened


def test_the_staff_dashboard_lists_what_awaits_the_secretariat(client, world):
    """Suplentes to validate, overdue agreements, actas to draft and sessions to convene, each linked."""
    held, convened = _secretariat_work(world.council_x)
    body = _get(client, world.staff_x, reverse("dashboard")).content.decode()
    assert "Pendientes de la secretaría técnica" in body
    assert "1 suplente por validar para la sesión del" in body
    assert reverse("sessions_app:proposals", args=[convened.pk]) in body
    assert "1 acuerdo vencido en X" in body
    assert reverse("agreements:tracker", args=[world.council_x.pk]) + "?overdue=on" in body
    assert f"Redactar el acta de la {held.title}" in body
    assert reverse("sessions_app:minutes_draft", args=[held.pk]) in body
    assert "Convocar la " in body and "Urgente" in body


def test_staff_of_another_council_and_delegates_do_not_see_those_tasks(client, world):
    _secretariat_work(world.council_x)
    body = _get(client, world.staff_y, reverse("dashboard")).content.decode()
    assert "Nada pendiente" in body
    assert "acuerdo vencido" not in body
    body = _get(client, world.delegate_a, reverse("dashboard")).content.decode()
    assert "Pendientes de la secretaría técnica" not in body


def test_the_tasks_cost_the_same_queries_however_many_there_are(client, world):
    client.force_login(world.staff_x)
    _secretariat_work(world.council_x, days_ago=30)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    for days in (40, 50, 60):
        _secretariat_work(world.council_x, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("dashboard")).content.decode()
    assert body.count("Redactar el acta") == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_dashboard_schedules_a_session_in_the_councils_one_keeps(client, world):
    """Staff of one council get the button to its form; an admin picks the council; a delegate gets none."""
    create_x = reverse("sessions_app:create", args=[world.council_x.pk])
    create_y = reverse("sessions_app:create", args=[world.council_y.pk])
    body = _get(client, world.staff_x, reverse("dashboard")).content.decode()
    assert "Programar sesión" in body and create_x in body and create_y not in body
    body = _get(client, world.admin, reverse("dashboard")).content.decode()
    assert create_x in body and create_y in body and "dropdown-menu" in body
    body = _get(client, world.delegate_b, reverse("dashboard")).content.decode()
    assert "Programar sesión" not in body and create_y not in body


def test_the_privacy_notice_names_each_responsible_body_and_its_address(client):
    """The demo's secretariat answers for the data, at the address its council's documents print."""
    from demo.loader import load_demo

    load_demo(with_accounts=False)
    body = client.get(reverse("privacy")).content.decode()
    councils = Council.objects.select_related("secretariat_institution")
    assert councils
    for council in councils:
        institution = council.secretariat_institution
        assert escape(institution.name) in body and escape(council.name) in body
        unit = council_issuing_unit(council)  # the address its documents print at the foot
        assert escape(unit.footer_line.rstrip(".")) + "." in body
        assert ".." not in body.replace("...", "")
    assert "Unidad de Transparencia" in body

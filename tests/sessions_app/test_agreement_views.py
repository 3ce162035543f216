"""Agreement pages: who records, reports on and closes an agreement; the tracker, its CSV and the dashboard."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Agreement, AgreementUpdate, Minutes, Session
from sessions_app.services.agreements import agreement_create
from tests.formdata import read_version
from tests.members.factories import InstitutionFactory, PersonFactory, UserFactory
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def held(world):
    """A session of council X held last week, A convened; an agreement for A and one for C (also convened)."""
    session = SessionFactory(
        council=world.council_x, starts_at=timezone.now() - dt.timedelta(days=7), status=Session.Status.HELD
    )
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a)
    institution_c = InstitutionFactory(name="Institución C")
    InvitationFactory(session=session, institution=institution_c)
    delegate_c = UserFactory(username="delegado_c")
    PersonFactory(institution=institution_c, user=delegate_c)
    item = AgendaItemFactory(session=session, title="Programa estatal")
    for_a = agreement_create(
        session=session,
        agenda_item=item,
        text="La Institución A elaborará el protocolo de atención.",
        responsible=[world.seat_a.institution],
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    for_c = agreement_create(session=session, text="La Institución C enviará su informe.", responsible=[institution_c])
    world.__dict__.update(held=session, item=item, for_a=for_a, for_c=for_c, delegate_c=delegate_c)
    return world


def _login(client, user):
    client.force_login(user)
    return client


# --- recording ---


def test_staff_record_an_agreement_and_it_gets_the_next_number(client, held):
    _login(client, held.staff_x)
    url = reverse("agreements:create", args=[held.held.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "agenda_item": held.item.pk,
            "text": "Se aprueba el programa estatal.",
            "responsible": [held.seat_a.institution.pk],
            "due_date": "2030-06-30",
        },
        follow=True,
    )
    number = f"{held.council_x.agreement_prefix}/{held.held.number:02d}-ORD/{held.held.year}/03"
    assert f"Se registró el acuerdo {number}." in response.content.decode()
    agreement = Agreement.objects.get(number=number)
    assert list(agreement.responsible.all()) == [held.seat_a.institution]


def test_recording_before_the_session_starts_is_refused_on_the_form(client, world):
    _login(client, world.staff_x)
    response = client.post(
        reverse("agreements:create", args=[world.session_x.pk]), {"text": "Un acuerdo anticipado a la sesión."}
    )
    assert response.status_code == 200
    assert "La sesión aún no empieza" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_too_short_text_is_refused(client, held):
    _login(client, held.staff_x)
    response = client.post(reverse("agreements:create", args=[held.held.pk]), {"text": "Ok"})
    assert response.status_code == 200
    assert "al menos 10 caracteres" in response.content.decode()


def test_after_the_acta_is_approved_the_text_cannot_be_edited(client, held):
    Minutes.objects.create(session=held.held, status=Minutes.Status.APPROVED)
    _login(client, held.staff_x)
    url = reverse("agreements:edit", args=[held.for_a.pk])
    data = {"text": "Un texto distinto del aprobado.", "responsible": [held.seat_a.institution.pk]}
    response = client.post(url, {**data, **read_version(client, url)})
    assert response.status_code == 200
    assert "el texto y el punto del acuerdo no pueden cambiar" in response.content.decode()
    held.for_a.refresh_from_db()
    assert held.for_a.text == "La Institución A elaborará el protocolo de atención."


# --- progress reports ---


def test_a_delegate_reports_progress_with_evidence_and_the_agreement_moves_to_in_progress(client, held):
    _login(client, held.delegate_a)
    evidence = SimpleUploadedFile("Oficio número 12.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("agreements:report", args=[held.for_a.pk]),
        {"text": "Se envió el borrador a revisión.", "evidence": evidence},
        follow=True,
    )
    body = response.content.decode()
    assert "Se registró el avance" in body and "Se envió el borrador a revisión." in body
    held.for_a.refresh_from_db()
    assert held.for_a.status == Agreement.Status.IN_PROGRESS
    update = held.for_a.updates.get()
    assert update.institution == held.seat_a.institution and update.author == held.delegate_a
    download = client.get(reverse("agreements:evidence", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_evidence_whose_content_does_not_match_its_name_is_refused(client, held):
    _login(client, held.delegate_a)
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("agreements:report", args=[held.for_a.pk]), {"text": "Avance", "evidence": fake})
    assert response.status_code == 200
    assert "no corresponde a su tipo" in response.content.decode()
    assert not AgreementUpdate.objects.exists()


def test_delegates_of_another_institution_cannot_report_on_it(client, held):
    """C was convened to the same session and may read A's agreement, but not report on it; B may not even read it."""
    url = reverse("agreements:report", args=[held.for_a.pk])
    _login(client, held.delegate_c)
    assert client.get(held.for_a.get_absolute_url()).status_code == 200
    assert "Enviar avance" not in client.get(held.for_a.get_absolute_url()).content.decode()
    assert client.post(url, {"text": "Avance ajeno"}).status_code == 403
    _login(client, held.delegate_b)
    assert client.get(held.for_a.get_absolute_url()).status_code == 403
    assert client.post(url, {"text": "Avance ajeno"}).status_code == 403
    assert not AgreementUpdate.objects.exists()
    held.for_a.refresh_from_db()
    assert held.for_a.status == Agreement.Status.PENDING


def test_evidence_is_not_served_to_other_institutions(client, held):
    _login(client, held.delegate_a)
    client.post(
        reverse("agreements:report", args=[held.for_a.pk]),
        {"text": "Avance", "evidence": SimpleUploadedFile("oficio.pdf", PDF)},
    )
    update = held.for_a.updates.get()
    _login(client, held.delegate_b)
    assert client.get(reverse("agreements:evidence", args=[update.pk])).status_code == 403


# --- status ---


def test_delegates_cannot_close_their_own_agreement(client, held):
    _login(client, held.delegate_a)
    url = reverse("agreements:status", args=[held.for_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "fulfilled", "reason": "Listo"}).status_code == 403
    held.for_a.refresh_from_db()
    assert held.for_a.status == Agreement.Status.PENDING


def test_staff_mark_an_agreement_fulfilled_after_confirming_with_a_reason(client, held):
    _login(client, held.staff_x)
    url = reverse("agreements:status", args=[held.for_a.pk])
    page = client.get(url).content.decode()
    assert "Confirmar cambio de estado" in page and "Reabrir" not in page
    refused = client.post(url, {"status": "fulfilled", "reason": "   "})
    assert refused.status_code == 200 and "Indique el motivo" in refused.content.decode()
    response = client.post(url, {"status": "fulfilled", "reason": "Se recibió el protocolo firmado."}, follow=True)
    assert f"El acuerdo {held.for_a.number} quedó «Cumplido»." in response.content.decode()
    held.for_a.refresh_from_db()
    assert held.for_a.status == Agreement.Status.FULFILLED
    assert held.for_a.updates.get().text == "Se recibió el protocolo firmado."


# --- permissions across councils ---


@pytest.mark.parametrize("name", ["detail", "edit", "report", "status"])
def test_staff_of_council_y_cannot_touch_council_xs_agreements(client, held, name):
    _login(client, held.staff_y)
    url = reverse(f"agreements:{name}", args=[held.for_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Intrusión", "status": "cancelled", "reason": "x"}).status_code == 403
    held.for_a.refresh_from_db()
    assert held.for_a.status == Agreement.Status.PENDING and not held.for_a.updates.exists()


def test_staff_of_council_y_cannot_see_council_xs_tracker_or_record_there(client, held):
    _login(client, held.staff_y)
    assert client.get(reverse("agreements:tracker", args=[held.council_x.pk])).status_code == 403
    assert client.get(reverse("agreements:tracker_csv", args=[held.council_x.pk])).status_code == 403
    assert client.get(reverse("agreements:tracker_pdf", args=[held.council_x.pk])).status_code == 403
    assert client.post(reverse("agreements:create", args=[held.held.pk]), {"text": "Acuerdo ajeno"}).status_code == 403


def test_anonymous_users_go_to_the_login_and_unknown_agreements_are_404(client, held):
    for url in [
        held.for_a.get_absolute_url(),
        reverse("agreements:tracker", args=[held.council_x.pk]),
        reverse("agreements:mine"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    _login(client, held.admin)
    assert client.get(reverse("agreements:detail", args=[999999])).status_code == 404
    assert client.get(reverse("agreements:tracker", args=[999999])).status_code == 404


def test_delegates_do_not_see_the_council_tracker(client, held):
    _login(client, held.delegate_a)
    assert client.get(reverse("agreements:tracker", args=[held.council_x.pk])).status_code == 403
    assert client.get(reverse("agreements:tracker_pdf", args=[held.council_x.pk])).status_code == 403


# --- tracker ---


def _tracker(client, held, **params):
    _login(client, held.staff_x)
    return client.get(reverse("agreements:tracker", args=[held.council_x.pk]), params)


def test_the_tracker_lists_the_councils_agreements_and_overdue_ones_carry_a_label(client, held):
    body = _tracker(client, held).content.decode()
    assert held.for_a.number in body and held.for_c.number in body
    assert "2 acuerdos: 2 abiertos (1 vencidos), 0 cumplidos, 0 cancelados." in body
    assert body.count('class="overdue"') == 1 and body.count("overdue-label") == 1 and "Vencido" in body


def test_the_tracker_counts_by_status_and_overdue_by_institution(client, held):
    """Cards per status that filter, a stacked bar with its text, and the institutions with overdue agreements."""
    institution_b = InstitutionFactory(name="Institución Bravo", short_name="IB")
    for n in range(2):
        agreement_create(
            session=held.held,
            text=f"La Institución Bravo entregará el anexo {n}.",
            responsible=[institution_b, held.seat_a.institution],
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )
    Agreement.objects.filter(pk=held.for_c.pk).update(status=Agreement.Status.FULFILLED)
    body = _tracker(client, held).content.decode()
    assert 'data-count="pending">3<' in body and 'data-count="fulfilled">1<' in body
    assert 'data-count="in_progress">0<' in body and 'data-count="cancelled">0<' in body
    assert "4 acuerdos: 3 abiertos (3 vencidos), 1 cumplidos, 0 cancelados." in body
    assert body.count('class="status-overdue"') == 1 and body.count('class="status-fulfilled"') == 1
    listed = body[body.index("Vencidos por institución") :]
    # A: its own overdue agreement and the two shared with Bravo; Bravo: two. The most overdue first.
    assert listed.index("Institución A") < listed.index("IB")
    assert "3 vencidos" in listed and "2 vencidos" in listed
    assert f"?institution={institution_b.pk}&amp;overdue=on" in listed
    assert 'href="?status=pending"' in body


def test_the_tracker_says_when_nothing_is_overdue_and_shows_no_pictures_without_agreements(client, held):
    Agreement.objects.filter(pk=held.for_a.pk).update(due_date=None)
    assert "Ningún acuerdo vencido." in _tracker(client, held).content.decode()
    Agreement.objects.all().delete()
    body = _tracker(client, held).content.decode()
    assert "Vencidos por institución" not in body and "El consejo aún no tiene acuerdos." in body


def test_the_tracker_filters_by_status_institution_overdue_and_session(client, held):
    other_session = SessionFactory(
        council=held.council_x, starts_at=timezone.now() - dt.timedelta(days=1), status=Session.Status.HELD
    )
    later = agreement_create(session=other_session, text="Acuerdo de la otra sesión.")
    Agreement.objects.filter(pk=held.for_c.pk).update(status=Agreement.Status.FULFILLED)
    by_status = _tracker(client, held, status="fulfilled").content.decode()
    assert held.for_c.number in by_status and held.for_a.number not in by_status
    by_institution = _tracker(client, held, institution=held.seat_a.institution.pk).content.decode()
    assert held.for_a.number in by_institution and held.for_c.number not in by_institution
    overdue = _tracker(client, held, overdue="on").content.decode()
    assert held.for_a.number in overdue and later.number not in overdue and held.for_c.number not in overdue
    by_session = _tracker(client, held, session=other_session.pk).content.decode()
    assert later.number in by_session and held.for_a.number not in by_session


def test_invalid_filters_are_answered_not_crashed(client, held):
    response = _tracker(client, held, status="nonsense", session="abc", institution="999999")
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()


def test_the_tracker_pages_by_25(client, held):
    for n in range(30):
        agreement_create(session=held.held, text=f"Acuerdo número {n} del pleno.")
    first = _tracker(client, held).content.decode()
    assert "Página 1 de 2" in first
    second = _tracker(client, held, page=2).content.decode()
    assert "Página 2 de 2" in second


def test_the_csv_export_has_a_bom_and_the_filtered_rows(client, held):
    _login(client, held.staff_x)
    url = reverse("agreements:tracker_csv", args=[held.council_x.pk])
    response = client.get(url, {"institution": held.seat_a.institution.pk})
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Número", "Sesión", "Fecha de la sesión"]
    assert len(rows) == 2
    assert rows[1][0] == held.for_a.number
    assert rows[1][4] == "La Institución A elaborará el protocolo de atención."
    assert rows[1][5] == "Institución A" and rows[1][7] == "Pendiente" and rows[1][8] == "Sí"


# --- the delegate's dashboard ---


def test_the_delegates_dashboard_shows_their_institutions_agreements(client, held):
    body = _login(client, held.delegate_a).get(reverse("dashboard")).content.decode()
    assert "Acuerdos de mi institución" in body
    assert held.for_a.number in body and held.for_c.number not in body
    assert "Vencido" in body
    other = _login(client, held.delegate_b).get(reverse("dashboard")).content.decode()
    assert held.for_a.number not in other and "Su institución no tiene acuerdos abiertos." in other


def test_my_institutions_page_filters_by_status_and_is_for_delegates_only(client, held):
    Agreement.objects.filter(pk=held.for_a.pk).update(status=Agreement.Status.FULFILLED)
    _login(client, held.delegate_a)
    assert held.for_a.number in client.get(reverse("agreements:mine")).content.decode()
    pending = client.get(reverse("agreements:mine"), {"estado": "pending"}).content.decode()
    assert held.for_a.number not in pending
    _login(client, held.staff_x)
    assert client.get(reverse("agreements:mine")).status_code == 403


def test_the_responsible_picker_lists_only_the_councils_own_institutions(client, held, other_state):
    """The council's seats and the session's convened are listed; another state's "Institución B" is found only
    through the directory's search."""
    _login(client, held.staff_x)
    body = client.get(reverse("agreements:create", args=[held.held.pk])).content.decode()
    assert f"{held.seat_a.institution.label_with_place()}</option>" in body
    assert ">Institución C" in body  # convened to the session
    assert "Institución B (IB) · Jalisco</option>" not in body
    assert 'data-directory-search="/directorio/buscar/"' in body


def test_a_searched_institution_is_made_responsible(client, held, other_state):
    _login(client, held.staff_x)
    url = reverse("agreements:create", args=[held.held.pk])
    data = {"text": "Se solicita apoyo a la Institución B de Jalisco.", "responsible": [other_state.inst_b.pk]}
    client.post(url, data)
    agreement = Agreement.objects.get(text=data["text"])
    assert list(agreement.responsible.all()) == [other_state.inst_b]


def test_an_institution_outside_the_directory_is_a_form_error_on_the_agreement(client, held):
    _login(client, held.staff_x)
    retired = InstitutionFactory(name="Institución Extinta", is_active=False)
    data = {"text": "Un acuerdo para una institución extinta.", "responsible": [retired.pk]}
    response = client.post(reverse("agreements:create", args=[held.held.pk]), data)
    assert response.status_code == 200
    assert "responsible" in response.context["form"].errors
    assert not Agreement.objects.filter(text=data["text"]).exists()

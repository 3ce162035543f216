"""The reporte de acuerdos as an office signs it: each agreement once, its status in a column, its cut-off
date; offered only for a session that can have agreements."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from core import wording
from sessions_app.documents.builders import agreements_document
from sessions_app.models import Agreement, Session
from sessions_app.services.agreements import agreement_create
from tests.pdftext import pdf_text
from tests.sessions_app.factories import SessionFactory
from tests.worlds import build_other_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def jalisco(client):
    """The council of another state, one session held yesterday with its agreements, one not held yet."""
    other = build_other_state()
    other.held = SessionFactory(
        council=other.council, starts_at=timezone.now() - dt.timedelta(days=1), status=Session.Status.HELD
    )
    shared = agreement_create(
        session=other.held,
        text="Las instituciones A y B integrarán el diagnóstico estatal.",
        responsible=[other.inst_a, other.inst_b],
        due_date=timezone.localdate() - dt.timedelta(days=2),
    )
    done = agreement_create(session=other.held, text="Se aprueba el orden del día.")
    Agreement.objects.filter(pk=done.pk).update(status=Agreement.Status.FULFILLED)
    other.shared, other.done = shared, done
    staff = other.council.staff.create(username="staff_jalisco")
    client.force_login(staff)
    other.client = client
    return other


def _download(client, session):
    return client.get(reverse("sessions_app:document", args=[session.pk, "reporte-de-acuerdos"]))


def test_each_agreement_is_listed_once_with_all_its_responsibles_and_its_status_in_a_column(jalisco):
    response = _download(jalisco.client, jalisco.held)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert text.count("Las instituciones A y B integrarán el diagnóstico estatal.") == 1
    assert "Institución A; Institución B" in text  # both responsibles, in one row
    assert "(vencido)" not in text
    assert "Pendiente Vencido" in text  # status column
    assert "Cumplido" in text and "Total 2" in text
    assert f"Con corte al {wording.date_in_words(timezone.localdate())}" in text
    assert f"Guadalajara, Jalisco, a {wording.date_in_words(timezone.localdate())}" in text
    assert jalisco.shared.number in text and "Sin institución responsable" in text
    # The due date as every document writes dates, never "05/12/2026" nor "07".
    assert wording.date_in_words(jalisco.shared.due_date) in text
    assert "/" + str(timezone.localdate().year) + " " not in text.replace(jalisco.shared.number, "")
    for foreign in ("Nuevo León", "Monterrey", "Trata"):
        assert foreign not in text, foreign


def test_a_session_not_yet_held_offers_no_report_and_its_address_says_so(jalisco):
    upcoming = jalisco.session
    assert not upcoming.reports_agreements
    assert _download(jalisco.client, upcoming).status_code == 404
    page = jalisco.client.get(upcoming.get_absolute_url()).content.decode()
    report = reverse("sessions_app:document", args=[upcoming.pk, "reporte-de-acuerdos"])
    assert report not in page
    # Nor its orden del día while it has no items (tests/sessions_app/test_registry.py): no document is empty.
    assert reverse("sessions_app:document", args=[upcoming.pk, "orden-del-dia"]) not in page
    names = zipfile.ZipFile(
        io.BytesIO(
            b"".join(jalisco.client.get(reverse("sessions_app:documents_zip", args=[upcoming.pk])).streaming_content)
        )
    ).namelist()
    assert "reporte_de_acuerdos.pdf" not in names and "orden_del_dia.pdf" not in names
    assert names == ["manifest.json"]
    # Held: offered, downloaded and archived.
    page = jalisco.client.get(jalisco.held.get_absolute_url()).content.decode()
    assert reverse("sessions_app:document", args=[jalisco.held.pk, "reporte-de-acuerdos"]) in page


def test_the_councils_report_has_the_whole_council_once_per_agreement(jalisco):
    text = pdf_text(agreements_document(council=jalisco.council).pdf)
    assert text.count("Las instituciones A y B integrarán el diagnóstico estatal.") == 1
    assert jalisco.held.title not in text.split("Con corte")[0]  # the council's, not one session's

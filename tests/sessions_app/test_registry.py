"""No document is offered when it would be empty: the session page, the downloads, the ZIP and the export ask one
predicate (``SessionDocument.available``), and each document appears once the session holds what it lists."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.documents.export import session_files
from sessions_app.documents.registry import DOCUMENTS, available_documents
from sessions_app.models import Invitation, Session
from sessions_app.selectors.documents import session_contents
from sessions_app.services.agreements import agreement_create
from sessions_app.services.convocation import invitation_add_guest
from sessions_app.services.publications import publish_refusal, session_document_publish
from tests.council.factories import SeatFactory
from tests.members.factories import InstitutionFactory, PersonFactory, UserFactory
from tests.sessions_app.factories import AgendaItemFactory, SessionFactory
from tests.worlds import build_other_state

pytestmark = pytest.mark.django_db

FILES = {
    "orden-del-dia": "orden_del_dia.pdf",
    "convocatoria": "convocatoria.pdf",
    "lista-de-asistencia": "lista_de_asistencia.pdf",
    "acta": "acta.pdf",
    "reporte-de-acuerdos": "reporte_de_acuerdos.pdf",
}


@pytest.fixture
def jalisco(client):
    """Jalisco's council (presidency A, technical secretariat B) and its staff, logged in."""
    world = build_other_state()
    staff = UserFactory(username="staff_jalisco")
    world.council.staff.add(staff)
    client.force_login(staff)
    world.client = client
    return world


def _offered(client, session) -> dict[str, bool]:
    """For each document: whether the session page offers it, its download answers and the ZIP and export hold it —
    each surface separately, so that a disagreement shows."""
    page = client.get(session.get_absolute_url()).content.decode()
    archive = b"".join(client.get(reverse("sessions_app:documents_zip", args=[session.pk])).streaming_content)
    in_zip = set(zipfile.ZipFile(io.BytesIO(archive)).namelist())
    exported = set(session_files(session))
    offered = {}
    for slug, filename in FILES.items():
        url = reverse("sessions_app:document", args=[session.pk, slug])
        status = client.get(url).status_code
        assert status in (200, 404), (slug, status)
        surfaces = {url in page, status == 200, filename in in_zip, filename in exported}
        assert len(surfaces) == 1, (slug, url in page, status, filename in in_zip, filename in exported)
        offered[slug] = surfaces.pop()
    return offered


def _invite(session, seat, **fields) -> Invitation:
    return Invitation.objects.create(
        session=session, institution=seat.institution, seat=seat, has_vote=True, invitee=seat.principal, **fields
    )


def test_a_draft_without_agenda_nor_invitations_offers_no_document(jalisco):
    draft = SessionFactory(council=jalisco.council, status=Session.Status.DRAFT)
    assert not any(_offered(jalisco.client, draft).values())
    assert available_documents(draft) == []


def test_the_orden_del_dia_is_offered_once_the_session_has_items(jalisco):
    session = jalisco.session  # convened, nothing on its agenda yet
    assert _offered(jalisco.client, session)["orden-del-dia"] is False
    AgendaItemFactory(session=session, title="Informe anual")
    assert _offered(jalisco.client, session)["orden-del-dia"] is True


def test_the_convocatoria_is_offered_once_someone_besides_its_signer_is_convened(jalisco):
    """Convening the technical secretariat alone writes no letter (it signs them); its lista has a row."""
    session = jalisco.session
    _invite(session, jalisco.seat_b)
    offered = _offered(jalisco.client, session)
    assert (offered["convocatoria"], offered["lista-de-asistencia"]) == (False, True)
    _invite(session, jalisco.seat_a)
    offered = _offered(jalisco.client, session)
    assert (offered["convocatoria"], offered["lista-de-asistencia"]) == (True, True)


def test_a_guest_invited_to_a_kept_session_page_brings_the_convocatoria_on_it(jalisco):
    """The session page is kept in the cache; inviting the first institution makes it offer the letters."""
    session = jalisco.session
    url = reverse("sessions_app:document", args=[session.pk, "convocatoria"])
    assert url not in jalisco.client.get(session.get_absolute_url()).content.decode()  # now kept
    guest = InstitutionFactory(name="Universidad de Prueba", state=jalisco.inst_a.state)
    invitation_add_guest(session=session, institution=guest, person=PersonFactory(institution=guest))
    assert url in jalisco.client.get(session.get_absolute_url()).content.decode()


def test_a_held_session_without_agreements_offers_no_report_with_a_signature(jalisco):
    held = SessionFactory(
        council=jalisco.council, starts_at=timezone.now() - dt.timedelta(days=1), status=Session.Status.HELD
    )
    _invite(held, jalisco.seat_a, attended=True, attendee=jalisco.seat_a.principal)
    AgendaItemFactory(session=held, title="Informe anual")
    assert held.reports_agreements  # held: it could have agreements, it has none
    offered = _offered(jalisco.client, held)
    assert offered == {
        "orden-del-dia": True,
        "convocatoria": True,
        "lista-de-asistencia": True,
        "acta": False,
        "reporte-de-acuerdos": False,
    }
    agreement_create(session=held, text="La Institución A integrará el diagnóstico.", responsible=[jalisco.inst_a])
    assert _offered(jalisco.client, held)["reporte-de-acuerdos"] is True


def test_an_empty_convocatoria_or_lista_is_not_published(jalisco):
    """Convened or held, but nobody convened: nothing to publish, and the service refuses it as the page does."""
    held = SessionFactory(
        council=jalisco.council, starts_at=timezone.now() - dt.timedelta(days=1), status=Session.Status.HELD
    )
    refusal = "No hay a quién dirigir este documento: aún no se ha convocado a ninguna institución."
    assert publish_refusal(held, "convocatoria") == refusal
    assert publish_refusal(held, "lista-de-asistencia") == refusal
    with pytest.raises(Exception, match="aún no se ha convocado"):
        session_document_publish(session=held, slug="lista-de-asistencia")
    _invite(held, jalisco.seat_a, attended=True, attendee=jalisco.seat_a.principal)
    assert publish_refusal(held, "convocatoria") is None and publish_refusal(held, "lista-de-asistencia") is None


def test_what_the_session_holds_is_read_in_one_query(jalisco, django_assert_num_queries):
    seat = SeatFactory(council=jalisco.council)
    _invite(jalisco.session, seat)
    with django_assert_num_queries(1):
        contents = session_contents(jalisco.session)
    assert (contents.letters, contents.invitations, contents.agenda, contents.minutes) == (True, True, False, False)
    with django_assert_num_queries(1):
        assert [entry.slug for entry in available_documents(jalisco.session)] == [
            "convocatoria",
            "lista-de-asistencia",
        ]
    assert set(DOCUMENTS) == set(FILES)

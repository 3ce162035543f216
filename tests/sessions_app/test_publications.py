"""The staff publish the convocatoria and the lista de asistencia: a frozen, verifiable version that may be signed."""

import pytest
from django.urls import reverse

from sessions_app.documents.publishing import published_pdf
from sessions_app.models import Document, Session
from sessions_app.permissions import can_sign_document
from sessions_app.services.publications import publish_refusal, session_document_publish
from tests.members.factories import PersonFactory, UserFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(world, status):
    """A session of council X to which institution A was convened: its convocatoria and lista have a row."""
    session = SessionFactory(council=world.council_x, status=status)
    InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a)
    return session


def _publish_url(session, slug):
    return reverse("sessions_app:document_publish", args=[session.pk, slug])


def test_the_lista_of_a_held_session_is_published_with_its_verification_code(world):
    session = _session(world, Session.Status.HELD)
    document = session_document_publish(session=session, slug="lista-de-asistencia", by=world.staff_x)
    assert (document.kind, document.version, len(document.sha256)) == (Document.Kind.ATTENDANCE, 1, 64)
    text = pdf_text(published_pdf(document))
    assert "LISTA DE ASISTENCIA" in text.upper()
    assert f"/verificar/{document.verification_code}/ · código {document.verification_code}" in text
    again = session_document_publish(session=session, slug="lista-de-asistencia", by=world.staff_x)
    assert again.version == 2 and again.verification_code != document.verification_code


def test_each_document_is_published_only_when_it_can_be(world):
    draft = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    convened = _session(world, Session.Status.CONVENED)
    assert publish_refusal(draft, "convocatoria") == "La convocatoria se publica una vez convocada la sesión."
    assert publish_refusal(convened, "lista-de-asistencia") == (
        "La lista de asistencia se publica una vez celebrada la sesión."
    )
    assert publish_refusal(convened, "convocatoria") is None
    assert publish_refusal(convened, "acta") == "Este documento no se publica desde aquí."
    with pytest.raises(Exception, match="una vez celebrada"):
        session_document_publish(session=convened, slug="lista-de-asistencia")
    assert not Document.objects.filter(session=convened).exists()


def test_the_session_page_offers_it_and_the_page_publishes_it_once(client, world):
    session = _session(world, Session.Status.HELD)
    client.force_login(world.staff_x)
    page = client.get(session.get_absolute_url()).content.decode()
    assert _publish_url(session, "lista-de-asistencia") in page
    assert _publish_url(session, "convocatoria") in page
    confirm = client.get(_publish_url(session, "lista-de-asistencia")).content.decode()
    token = confirm.split('name="form_token" value="')[1].split('"')[0]
    first = client.post(_publish_url(session, "lista-de-asistencia"), {"form_token": token}, follow=True)
    assert "Se publicó Lista de asistencia, versión 1" in first.content.decode()
    second = client.post(_publish_url(session, "lista-de-asistencia"), {"form_token": token}, follow=True)
    assert second.status_code == 200  # a double click: answered, not published twice
    assert Document.objects.filter(session=session, kind=Document.Kind.ATTENDANCE).count() == 1


def test_a_draft_offers_nothing_and_its_page_says_why(client, world):
    draft = SessionFactory(council=world.council_x, status=Session.Status.DRAFT)
    client.force_login(world.staff_x)
    assert _publish_url(draft, "convocatoria") not in client.get(draft.get_absolute_url()).content.decode()
    page = client.get(_publish_url(draft, "convocatoria")).content.decode()
    assert "La convocatoria se publica una vez convocada la sesión." in page and "Sí, publicarlo" not in page


def test_only_the_councils_staff_publish(client, world):
    session = _session(world, Session.Status.HELD)
    for user in (world.staff_y, world.delegate_a):
        client.force_login(user)
        assert client.post(_publish_url(session, "lista-de-asistencia")).status_code in (403, 404)
    assert not Document.objects.filter(session=session).exists()


def test_a_published_lista_is_a_document_the_presidency_may_sign(world):
    session = _session(world, Session.Status.HELD)
    document = session_document_publish(session=session, slug="lista-de-asistencia")
    signer = UserFactory(username="presidencia_x")
    PersonFactory(institution=world.council_x.presiding_institution, user=signer)
    assert can_sign_document(signer, document)
    assert not can_sign_document(world.staff_y, document)
    newer = session_document_publish(session=session, slug="lista-de-asistencia")
    assert not can_sign_document(signer, document) and can_sign_document(signer, newer), "only the latest version"

"""The acta's lifecycle: drafted, edited, circulated, commented, approved at a later session, then locked."""

import datetime as dt
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions_app.documents.publishing import published_pdf
from sessions_app.models import AgendaItem, Agreement, Document, Minutes, MinutesComment, Session, Vote
from sessions_app.services.agreements import agreement_create
from sessions_app.services.minutes import (
    agenda_item_set_notes,
    minutes_approve,
    minutes_circulate,
    minutes_comment_add,
    minutes_draft,
    minutes_update,
)
from sessions_app.services.votes import vote_record
from tests.council.factories import GuestSeatFactory, SeatFactory
from tests.formdata import read_version
from tests.members.factories import PersonFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

TOMORROW = dt.timedelta(days=1)


@pytest.fixture
def acta(world):
    """Council X's session held last month (A and guest G present, C absent), and this week's session."""
    council = world.council_x
    held = SessionFactory(
        council=council,
        starts_at=timezone.now() - dt.timedelta(days=30),
        status=Session.Status.HELD,
        quorum_met=True,
        quorum_present=1,
        quorum_required=1,
        quorum_declared_at=timezone.now() - dt.timedelta(days=30),
        call=Session.Call.FIRST,
    )
    world.seat_a.principal.full_name = "María Titular Pérez"
    world.seat_a.principal.save()
    InvitationFactory(
        session=held,
        institution=world.seat_a.institution,
        seat=world.seat_a,
        invitee=world.seat_a.principal,
        attendee=world.seat_a.principal,
        attended=True,
    )
    seat_c = SeatFactory(council=council, institution__name="Institución C")
    InvitationFactory(session=held, institution=seat_c.institution, seat=seat_c, invitee=seat_c.principal)
    seat_g = GuestSeatFactory(council=council, institution__name="Institución Invitada G")
    InvitationFactory(session=held, institution=seat_g.institution, seat=seat_g, has_vote=False, attended=True)
    AgendaItemFactory(session=held, order=1, kind=AgendaItem.Kind.ROLL_CALL, title="Lista de asistencia")
    item = AgendaItemFactory(session=held, order=2, kind=AgendaItem.Kind.FOR_AGREEMENT, title="Programa estatal")
    agenda_item_set_notes(item=item, notes="La Secretaría Técnica presentó el proyecto de Programa Estatal.")
    vote_record(item=item, method=Vote.Method.UNANIMITY)
    agreement = agreement_create(
        session=held, agenda_item=item, text="Se aprueba el Programa Estatal.", responsible=[world.seat_a.institution]
    )
    following = SessionFactory(
        council=council,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        status=Session.Status.CONVENED,
        quorum_met=True,
    )
    approval = AgendaItemFactory(
        session=following, order=1, kind=AgendaItem.Kind.MINUTES_APPROVAL, title="Aprobación del acta anterior"
    )
    world.__dict__.update(held=held, item=item, agreement=agreement, following=following, approval=approval)
    return world


def _circulated(acta):
    minutes = minutes_draft(session=acta.held)
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + TOMORROW)
    minutes.refresh_from_db()
    return minutes


def _approved(acta):
    minutes = _circulated(acta)
    return minutes_approve(minutes=minutes, at_session=acta.following)


# --- drafting ---


def test_the_draft_tells_attendance_quorum_items_notes_votes_and_agreements(acta):
    body = minutes_draft(session=acta.held).body
    assert body.startswith(f"ACTA DE LA {acta.held.title.upper()}")
    assert "Institución A: Lic. María Titular Pérez" in body
    assert "Asistieron como invitadas, con voz y sin voto:\n- Institución Invitada G" in body
    assert "No asistieron: Institución C." in body
    assert "se declaró la existencia de quórum legal en primera convocatoria" in body
    assert "2. PROGRAMA ESTATAL\nLa Secretaría Técnica presentó el proyecto de Programa Estatal." in body
    assert "se aprobó por unanimidad de la institución con voto presente" in body
    assert f"ACUERDO {acta.agreement.number}. Se aprueba el Programa Estatal. Responsables: Institución A." in body
    assert "\n\n\n" not in body


def test_the_acta_is_drafted_only_once_the_session_is_held(acta):
    with pytest.raises(ValidationError, match="cuando la sesión ya se celebró"):
        minutes_draft(session=acta.following)
    assert not Minutes.objects.filter(session=acta.following).exists()


def test_drafting_again_replaces_a_draft_but_not_a_circulated_acta(acta):
    minutes = minutes_draft(session=acta.held)
    minutes_update(minutes=minutes, body="Texto editado a mano.")
    assert minutes_draft(session=acta.held).body == "Texto editado a mano.\n"  # drafting again without asking keeps it
    assert minutes_draft(session=acta.held, regenerate=True).body.startswith("ACTA DE LA")
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate())
    with pytest.raises(ValidationError, match="ya se circuló"):
        minutes_draft(session=acta.held, regenerate=True)


# --- circulation and comments ---


def test_circulating_sets_a_deadline_and_e_mails_the_people_convened(acta, django_capture_on_commit_callbacks):
    minutes = minutes_draft(session=acta.held)
    with pytest.raises(ValidationError, match="fecha pasada"):
        minutes_circulate(minutes=minutes, comments_due=timezone.localdate() - TOMORROW)
    with django_capture_on_commit_callbacks(execute=True):
        sent = minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + TOMORROW, notify=True)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED and minutes.comments_due == timezone.localdate() + TOMORROW
    assert sent == len(mail.outbox) == 2  # A's titular and C's titular (the guest has nobody named)
    assert acta.seat_a.principal.email in {m.to[0] for m in mail.outbox}
    assert "Acta para comentarios" in mail.outbox[0].subject
    assert reverse("sessions_app:minutes", args=[acta.held.pk]) in mail.outbox[0].body


def test_members_comment_in_the_app_until_the_deadline(client, acta):
    minutes = minutes_draft(session=acta.held)
    with pytest.raises(ValidationError, match="aún no se ha circulado"):
        minutes_comment_add(minutes=minutes, institution=acta.seat_a.institution, text="Prematuro")
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate())
    client.force_login(acta.delegate_a)
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "ACTA DE LA" in page and "Comentar el acta" in page
    response = client.post(
        reverse("sessions_app:minutes_comment", args=[acta.held.pk]), {"text": "Corregir el nombre del punto 2."}
    )
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert comment.institution == acta.seat_a.institution and comment.author == acta.delegate_a
    Minutes.objects.filter(pk=minutes.pk).update(comments_due=timezone.localdate() - TOMORROW)
    late = client.post(reverse("sessions_app:minutes_comment", args=[acta.held.pk]), {"text": "Tarde"})
    assert late.status_code == 200 and "El plazo para comentarios venció" in late.content.decode()
    assert MinutesComment.objects.count() == 1


def test_only_delegates_of_institutions_convened_comment(client, acta):
    _circulated(acta)
    client.force_login(acta.delegate_b)  # B sits in council Y and was not convened
    url = reverse("sessions_app:minutes_comment", args=[acta.held.pk])
    assert client.post(url, {"text": "Ajeno"}).status_code == 403
    client.force_login(acta.staff_y)
    assert client.post(url, {"text": "Ajeno"}).status_code == 403
    assert not MinutesComment.objects.exists()


def test_delegates_do_not_read_a_draft(client, acta):
    minutes_draft(session=acta.held)
    client.force_login(acta.delegate_a)
    page = client.get(reverse("sessions_app:minutes", args=[acta.held.pk])).content.decode()
    assert "ACTA DE LA" not in page and "podrá leerla y comentarla cuando la circule" in page
    client.force_login(acta.staff_x)
    assert "ACTA DE LA" in client.get(reverse("sessions_app:minutes", args=[acta.held.pk])).content.decode()


# --- approval ---


def test_approval_at_the_next_session_closes_the_session_and_locks_the_acta(acta):
    minutes = _approved(acta)
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_at_session == acta.following
    acta.held.refresh_from_db()
    assert acta.held.status == Session.Status.CLOSED


def test_the_approved_acta_is_published_as_a_frozen_pdf(acta, client):
    """Approval stores the acta's PDF once, with its hash; members download exactly those bytes."""
    minutes = _approved(acta)
    document = minutes.document
    assert document.kind == Document.Kind.MINUTES and document.version == 1 and document.published_at
    content = published_pdf(document)
    assert hashlib.sha256(content).hexdigest() == document.sha256
    text = pdf_text(content)
    assert "ACTA DE LA" in text and "Proyecto de acta" not in text
    client.force_login(acta.delegate_a)
    response = client.get(reverse("sessions_app:published_document", args=[acta.held.pk, document.pk]))
    assert response.status_code == 200 and response.content == content


def test_an_acta_is_circulated_before_its_approval(acta):
    minutes = minutes_draft(session=acta.held)
    with pytest.raises(ValidationError, match="Circule el acta"):
        minutes_approve(minutes=minutes, at_session=acta.following)


def test_approval_needs_a_later_session_of_the_same_body_with_the_approval_item_and_quorum(acta):
    minutes = _circulated(acta)
    with pytest.raises(ValidationError, match="sesión posterior del mismo órgano"):
        minutes_approve(minutes=minutes, at_session=acta.held)
    with pytest.raises(ValidationError, match="sesión posterior del mismo órgano"):
        minutes_approve(minutes=minutes, at_session=acta.session_y)
    acta.approval.kind = AgendaItem.Kind.GENERAL_MATTERS
    acta.approval.save()
    with pytest.raises(ValidationError, match="no tiene en su orden del día el punto «Aprobación del acta anterior»"):
        minutes_approve(minutes=minutes, at_session=acta.following)
    acta.approval.kind = AgendaItem.Kind.MINUTES_APPROVAL
    acta.approval.save()
    Session.objects.filter(pk=acta.following.pk).update(quorum_met=False)
    with pytest.raises(ValidationError, match="Sin quórum"):
        minutes_approve(minutes=minutes, at_session=acta.following)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED


def test_a_rejected_vote_on_the_approval_item_refuses_the_approval(acta):
    minutes = _circulated(acta)
    InvitationFactory(session=acta.following, institution=acta.seat_a.institution, seat=acta.seat_a, attended=True)
    vote_record(
        item=acta.approval, method=Vote.Method.MAJORITY, ballots={acta.following.invitations.get().pk: "against"}
    )
    with pytest.raises(ValidationError, match="no aprobó el acta"):
        minutes_approve(minutes=minutes, at_session=acta.following)


def test_nothing_of_the_session_changes_once_its_acta_is_approved(acta):
    """Locked: the text, the notes, the votes, new agreements and comments are all refused."""
    minutes = _approved(acta)
    acta.held.refresh_from_db()
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        minutes_update(minutes=minutes, body="Cambio posterior")
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + TOMORROW)
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        minutes_comment_add(minutes=minutes, institution=acta.seat_a.institution, text="Tarde")
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        agenda_item_set_notes(item=acta.item, notes="Otra versión")
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        minutes_approve(minutes=minutes, at_session=acta.following)
    with pytest.raises(ValidationError):
        vote_record(item=acta.item, method=Vote.Method.UNANIMITY)
    with pytest.raises(ValidationError):
        agreement_create(session=acta.held, text="Acuerdo tardío")
    minutes.refresh_from_db()
    assert minutes.body.startswith("ACTA DE LA") and Agreement.objects.filter(session=acta.held).count() == 1


# --- pages ---


def test_staff_go_through_the_lifecycle_in_the_browser_pages(client, acta):
    client.force_login(acta.staff_x)
    minutes_url = reverse("sessions_app:minutes", args=[acta.held.pk])
    assert "Redactar borrador del acta" in client.get(minutes_url).content.decode()
    client.post(reverse("sessions_app:minutes_draft", args=[acta.held.pk]))
    edit_url = reverse("sessions_app:minutes_edit", args=[acta.held.pk])
    edited = client.post(edit_url, {"body": "ACTA editada.\n\nSegundo párrafo.", **read_version(client, edit_url)})
    assert edited.status_code == 302
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    circulated = client.post(
        reverse("sessions_app:minutes_circulate", args=[acta.held.pk]), {"comments_due": due}, follow=True
    )
    assert "El acta quedó en revisión de los integrantes" in circulated.content.decode()
    following_page = client.get(acta.following.get_absolute_url()).content.decode()
    approve_url = reverse("sessions_app:minutes_approve", args=[acta.following.pk, acta.held.minutes.pk])
    assert approve_url in following_page and "En revisión de integrantes" in following_page
    confirm = client.get(approve_url).content.decode()
    assert "Sí, registrar la aprobación" in confirm
    approved = client.post(approve_url, follow=True).content.decode()
    assert "queda cerrada y ya no se modifica" in approved
    assert Minutes.objects.get(session=acta.held).status == Minutes.Status.APPROVED


def test_an_approved_acta_cannot_be_edited_through_its_page(client, acta):
    minutes = _approved(acta)
    client.force_login(acta.staff_x)
    url = reverse("sessions_app:minutes_edit", args=[acta.held.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"body": "Reescrita después de aprobada"})
    assert response.status_code == 200
    assert "El acta ya fue aprobada: no se modifica." in response.content.decode()
    minutes.refresh_from_db()
    assert "Reescrita" not in minutes.body
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "Editar texto" not in page and "ya no se modifica" in page


def test_approval_refused_on_the_page_says_why(client, acta):
    minutes = minutes_draft(session=acta.held)
    client.force_login(acta.staff_x)
    response = client.post(reverse("sessions_app:minutes_approve", args=[acta.following.pk, minutes.pk]))
    assert response.status_code == 400
    assert "Circule el acta entre los integrantes" in response.content.decode()


@pytest.mark.parametrize("name", ["minutes", "minutes_draft", "minutes_edit", "minutes_circulate", "minutes_comment"])
def test_staff_of_council_y_cannot_touch_council_xs_acta(client, acta, name):
    minutes = minutes_draft(session=acta.held)
    client.force_login(acta.staff_y)
    url = reverse(f"sessions_app:{name}", args=[acta.held.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Intrusión", "text": "x", "comments_due": "2099-01-01"}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT and "Intrusión" not in minutes.body


def test_staff_of_council_y_cannot_approve_council_xs_acta(client, acta):
    minutes = _circulated(acta)
    client.force_login(acta.staff_y)
    url = reverse("sessions_app:minutes_approve", args=[acta.following.pk, minutes.pk])
    assert client.post(url).status_code == 403
    # Nor through one of their own sessions: the acta is not found in council Y.
    assert client.post(reverse("sessions_app:minutes_approve", args=[acta.session_y.pk, minutes.pk])).status_code == 404
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED


def test_delegates_cannot_manage_the_acta(client, acta):
    minutes_draft(session=acta.held)
    client.force_login(acta.delegate_a)
    for name in ["minutes_draft", "minutes_edit", "minutes_circulate"]:
        assert client.post(reverse(f"sessions_app:{name}", args=[acta.held.pk]), {"body": "x"}).status_code == 403


def test_persons_without_account_are_not_e_mailed_twice(acta, django_capture_on_commit_callbacks):
    """The same person convened and attending gets one notice."""
    invitation = acta.held.invitations.get(institution=acta.seat_a.institution)
    invitation.attendee = PersonFactory(institution=acta.seat_a.institution, email=acta.seat_a.principal.email)
    invitation.save()
    minutes = minutes_draft(session=acta.held)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_circulate(minutes=minutes, comments_due=timezone.localdate(), notify=True)
    assert len(mail.outbox) == 2

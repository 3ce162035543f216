"""Writes through the API go through the pages' forms and services: the same results, the same refusals."""

import pytest

from sessions_app.models import AgendaItem, Agreement, AgreementUpdate, Invitation, InvitationAnswer, Session
from sessions_app.services.agenda import agenda_item_version
from tests.api.conftest import bearer_client
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_an_item_goes_before_general_matters_and_closing(world):
    session = world.session_x
    AgendaItemFactory(session=session, order=1, kind=AgendaItem.Kind.ROLL_CALL, title="Lista")
    AgendaItemFactory(session=session, order=2, kind=AgendaItem.Kind.GENERAL_MATTERS, title="Asuntos generales")
    AgendaItemFactory(session=session, order=3, kind=AgendaItem.Kind.CLOSING, title="Clausura")
    client = bearer_client(world.staff_x)
    response = client.post(
        f"/api/v1/sessions/{session.pk}/agenda",
        {"title": "Informe anual", "duration_minutes": 20, "presenter_institution": world.seat_a.institution.pk},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    assert response.json()["order"] == 2
    assert response.json()["presenter_institution"]["id"] == world.seat_a.institution.pk
    titles = list(AgendaItem.objects.filter(session=session).order_by("order").values_list("title", flat=True))
    assert titles == ["Lista", "Informe anual", "Asuntos generales", "Clausura"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "uno\ndos"}, "title"),
        ({"title": "Informe", "duration_minutes": 0}, "duration_minutes"),
        ({"title": "Informe", "kind": "fiesta"}, "kind"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_item_is_a_422_and_nothing_is_added(world, body, field):
    client = bearer_client(world.staff_x)
    response = client.post(f"/api/v1/sessions/{world.session_x.pk}/agenda", body, content_type=JSON)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not AgendaItem.objects.filter(session=world.session_x).exists()


def test_a_presenter_of_another_institution_is_refused_by_the_forms_rule(world):
    other = PersonFactory(institution=InstitutionFactory())
    client = bearer_client(world.staff_x)
    response = client.post(
        f"/api/v1/sessions/{world.session_x.pk}/agenda",
        {"title": "Informe", "presenter_institution": world.seat_a.institution.pk, "presenter": other.pk},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "presenter" in response.json()["errors"]


def test_editing_an_item_needs_the_version_read(world):
    item = AgendaItemFactory(session=world.session_x, title="Informe", duration_minutes=15)
    client = bearer_client(world.staff_x)
    url = f"/api/v1/sessions/{world.session_x.pk}/agenda/{item.pk}"
    version = client.get(f"/api/v1/sessions/{world.session_x.pk}").json()["agenda"][0]["version"]
    assert version == agenda_item_version(item)
    response = client.patch(url, {"version": version, "title": "Informe anual"}, content_type=JSON)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Informe anual", 15)  # what was not sent stays
    stale = client.patch(url, {"version": version, "title": "Otro título"}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    item.refresh_from_db()
    assert item.title == "Informe anual"


def test_reordering_merges_what_others_added(world):
    one, two, three = (AgendaItemFactory(session=world.session_x, order=n) for n in (1, 2, 3))
    client = bearer_client(world.staff_x)
    response = client.put(
        f"/api/v1/sessions/{world.session_x.pk}/agenda/order",
        {"order": [three.pk, one.pk], "seen": [one.pk, three.pk]},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()] == [three.pk, one.pk, two.pk]


def test_the_agenda_of_a_held_session_no_longer_changes(world):
    world.session_x.status = Session.Status.HELD
    world.session_x.save()
    client = bearer_client(world.staff_x)
    response = client.post(f"/api/v1/sessions/{world.session_x.pk}/agenda", {"title": "Tarde"}, content_type=JSON)
    assert response.status_code == 422 and response.json()["code"] == "agenda_not_editable"
    assert not AgendaItem.objects.filter(session=world.session_x).exists()


def test_a_delegate_answers_for_their_own_institution(world):
    client = bearer_client(world.delegate_a)
    response = client.post(
        f"/api/v1/invitations/{world.invitation_a.pk}/answer", {"answer": "declined"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "declined"
    record = InvitationAnswer.objects.get(invitation=world.invitation_a)
    assert (record.channel, record.answered_by) == (InvitationAnswer.Channel.DASHBOARD, world.delegate_a)
    refused = client.post(
        f"/api/v1/invitations/{world.invitation_b.pk}/answer", {"answer": "declined"}, content_type=JSON
    )
    assert refused.status_code == 403
    world.invitation_b.refresh_from_db()
    assert world.invitation_b.answer == Invitation.Answer.PENDING


def test_a_suplente_named_by_a_delegate_waits_for_validation(world):
    client = bearer_client(world.delegate_a)
    body = {"answer": "alternate", "full_name": "Ana Ruiz", "post": "Directora", "email": "ana.ruiz@nl.gob.mx"}
    response = client.post(f"/api/v1/invitations/{world.invitation_a.pk}/answer", body, content_type=JSON)
    assert response.status_code == 200, response.content
    record = InvitationAnswer.objects.get(invitation=world.invitation_a)
    assert (record.proposed_name, record.validated) == ("Ana Ruiz", False)
    missing = client.post(
        f"/api/v1/invitations/{world.invitation_a.pk}/answer",
        {"answer": "alternate", "full_name": "Sin datos"},
        content_type=JSON,
    )
    assert missing.status_code == 422 and {"post", "email"} <= set(missing.json()["errors"])


def test_progress_moves_a_pending_agreement_forward(world):
    agreement = AgreementFactory(session=world.session_x)
    agreement.responsible.add(world.seat_a.institution)
    client = bearer_client(world.delegate_a)
    url = f"/api/v1/agreements/{agreement.pk}/updates"
    response = client.post(url, {"text": "Se envió el oficio."}, content_type=JSON)
    assert response.status_code == 201, response.content
    update = AgreementUpdate.objects.get(agreement=agreement)
    assert (update.institution, update.author, update.text) == (
        world.seat_a.institution,
        world.delegate_a,
        "Se envió el oficio.",
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_PROGRESS
    detail = client.get(f"/api/v1/agreements/{agreement.pk}").json()
    assert [row["text"] for row in detail["updates"]] == ["Se envió el oficio."]


def test_a_closed_agreement_takes_no_progress(world):
    agreement = AgreementFactory(session=world.session_x, status=Agreement.Status.FULFILLED)
    agreement.responsible.add(world.seat_a.institution)
    response = bearer_client(world.delegate_a).post(
        f"/api/v1/agreements/{agreement.pk}/updates", {"text": "Tarde"}, content_type=JSON
    )
    assert response.status_code == 422 and response.json()["code"] == "agreement_closed"
    assert not AgreementUpdate.objects.exists()


def test_staff_report_for_a_responsible_institution_only(world):
    agreement = AgreementFactory(session=world.session_x)
    agreement.responsible.add(world.seat_a.institution)
    client = bearer_client(world.staff_x)
    url = f"/api/v1/agreements/{agreement.pk}/updates"
    other = client.post(url, {"text": "Avance", "institution": InstitutionFactory().pk}, content_type=JSON)
    assert other.status_code == 422 and "institution" in other.json()["errors"]
    ok = client.post(url, {"text": "Avance", "institution": world.seat_a.institution.pk}, content_type=JSON)
    assert ok.status_code == 201 and ok.json()["institution"]["id"] == world.seat_a.institution.pk

"""Sessions recorded afterwards: a held session on a past date, its attendance and quorum, and its times corrected."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core import wording
from council.models import SeatAlternate
from sessions_app.documents.builders import attendance_document, convocation_document, minutes_document
from sessions_app.documents.note import informative_note_compose
from sessions_app.models import Invitation, InvitationAnswer, Session
from sessions_app.services.answers import NewPerson
from sessions_app.services.minutes import minutes_draft
from sessions_app.services.records import SeatAttendance, session_correct_times, session_record_held
from tests.council.factories import GuestSeatFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory, IssuingUnitFactory, PersonFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import InvitationFactory

pytestmark = pytest.mark.django_db

A_YEAR_AGO = timezone.localdate() - dt.timedelta(days=365)


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def council(world):
    """Council X: A (world) with a suplente, C and D with vote, guest seat G."""
    seat_a = world.seat_a
    alternate = PersonFactory(institution=seat_a.institution, full_name="Ana Suplente")
    SeatAlternate.objects.create(seat=seat_a, person=alternate)
    seat_c = SeatFactory(council=world.council_x, institution__name="Institución C")
    seat_d = SeatFactory(council=world.council_x, institution__name="Institución D")
    seat_g = GuestSeatFactory(council=world.council_x, institution__name="Invitada G")
    world.council_x.presiding_institution = seat_a.institution
    world.council_x.save()
    world.alternate, world.seat_c, world.seat_d, world.seat_g = alternate, seat_c, seat_d, seat_g
    return world


def record(world, **overrides):
    data = {
        "council": world.council_x,
        "kind": Session.Kind.ORDINARY,
        "starts_at": at(A_YEAR_AGO, 10),
        "ends_at": at(A_YEAR_AGO, 12),
        "venue": "Palacio",
        "convened_on": A_YEAR_AGO - dt.timedelta(days=7),
        "attendance": [
            SeatAttendance(
                seat=world.seat_a, person=world.alternate, as_alternate=True, arrived_at=at(A_YEAR_AGO, 9, 50)
            ),
            SeatAttendance(seat=world.seat_c, person=world.seat_c.principal),
        ],
        "call": Session.Call.FIRST,
        "quorum_declared_at": at(A_YEAR_AGO, 10, 15),
        "by": world.staff_x,
    }
    return session_record_held(**{**data, **overrides})


def test_a_past_session_is_recorded_held_with_its_attendance_and_quorum_and_nobody_is_emailed(council):
    session = record(council)
    assert session.status == Session.Status.HELD
    assert session.convened_on == A_YEAR_AGO - dt.timedelta(days=7)
    assert (session.call, session.quorum_met, session.quorum_present, session.quorum_required) == ("first", True, 2, 2)
    assert timezone.localtime(session.quorum_declared_at).time() == dt.time(10, 15)
    assert session.quorum_declared
    invitations = {i.institution.name: i for i in session.invitations.select_related("institution")}
    assert set(invitations) == {"Institución A", "Institución C", "Institución D", "Invitada G"}
    a, c, d = invitations["Institución A"], invitations["Institución C"], invitations["Institución D"]
    assert (a.attended, a.attendee, a.answer) == (True, council.alternate, Invitation.Answer.ALTERNATE)
    assert timezone.localtime(a.arrived_at).time() == dt.time(9, 50)
    assert (c.attended, c.answer, c.arrived_at) == (True, Invitation.Answer.CONFIRMED, None)  # no time was given
    assert not d.attended and d.answer == Invitation.Answer.PENDING
    assert {i.delivery for i in invitations.values()} == {Invitation.Delivery.NOT_SENT}
    assert InvitationAnswer.objects.filter(invitation=a, channel=InvitationAnswer.Channel.STAFF).exists()
    assert mail.outbox == []
    assert session.records_outcomes


def test_a_future_date_is_refused_and_nothing_is_written(council):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Exception) as caught:
        record(council, starts_at=at(tomorrow, 10), ends_at=at(tomorrow, 12), quorum_declared_at=None, attendance=[])
    assert "Solo se registran sesiones ya celebradas" in str(caught.value)
    assert not Session.objects.filter(status=Session.Status.HELD).exists()


def test_a_quorum_the_attendance_does_not_reach_is_refused_naming_the_numbers(council):
    with pytest.raises(Exception) as caught:
        record(council, attendance=[SeatAttendance(seat=council.seat_c, person=council.seat_c.principal)])
    assert "hay 1 integrantes con voto de 2 requeridos: no hubo quórum en primera convocatoria" in str(caught.value)
    assert not Session.objects.filter(status=Session.Status.HELD).exists()


def test_a_new_person_comes_as_suplente_and_an_arrival_outside_the_session_is_refused(council):
    new = NewPerson(full_name="Nueva Persona", post="Directora", email="nueva@c.gob.mx")
    session = record(
        council, attendance=[SeatAttendance(seat=council.seat_c, new_person=new, as_alternate=True)], call=""
    )
    c = session.invitations.get(institution=council.seat_c.institution)
    assert c.attendee.full_name == "Nueva Persona" and c.answer == Invitation.Answer.ALTERNATE
    late = [
        SeatAttendance(
            seat=council.seat_d, person=council.seat_d.principal, arrived_at=at(A_YEAR_AGO + dt.timedelta(days=1), 18)
        )
    ]
    with pytest.raises(Exception) as caught:
        record(
            council,
            attendance=late,
            call="",
            starts_at=at(A_YEAR_AGO + dt.timedelta(days=1), 10),
            ends_at=at(A_YEAR_AGO + dt.timedelta(days=1), 12),
        )
    assert "La hora de llegada (18:00 horas)" in str(caught.value)  # as pages write a time, not "18:00"


def test_the_record_page_is_offered_on_the_council_page_to_its_staff_only(client, council):
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    client.force_login(council.staff_x)
    assert url in client.get(council.council_x.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(council.staff_y)
    assert client.get(url).status_code == 403
    client.force_login(council.delegate_a)
    assert client.get(url).status_code == 403


def _form_data(world, **overrides):
    data = {
        "form_token": "t1",
        "kind": "ordinary",
        "date": A_YEAR_AGO.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "venue": "Palacio",
        "modality": "in_person",
        "convened_on": (A_YEAR_AGO - dt.timedelta(days=5)).isoformat(),
        f"seat_{world.seat_a.pk}": f"suplente-{world.alternate.pk}",
        f"seat_{world.seat_a.pk}_time": "09:55",
        f"seat_{world.seat_c.pk}": "titular",
        "call": "first",
        "quorum_time": "10:10",
    }
    return {**data, **overrides}


def test_the_record_form_creates_the_held_session_once_however_often_it_is_sent(client, council):
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    response = client.post(url, _form_data(council))
    session = Session.objects.get(status=Session.Status.HELD, council=council.council_x)
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    client.post(url, _form_data(council))
    assert Session.objects.filter(status=Session.Status.HELD, council=council.council_x).count() == 1
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Quórum declarado en Primera convocatoria" in page
    assert reverse("sessions_app:correct_times", args=[session.pk]) in page


def test_a_new_person_missing_data_is_shown_once_beside_its_field_and_the_typed_time_is_kept(client, council):
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    data = _form_data(council, **{f"seat_{council.seat_d.pk}": "otra", f"seat_{council.seat_d.pk}_name": "Luis"})
    page = client.post(url, data).content.decode()
    assert page.count("Este dato es obligatorio.") == 2  # post and e-mail, once each
    assert 'value="09:55"' in page and 'value="Luis"' in page
    assert not Session.objects.filter(status=Session.Status.HELD).exists()


def test_a_future_date_in_the_form_is_refused_beside_the_date(client, council):
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url, _form_data(council, date=tomorrow, quorum_time="", call=""))
    assert response.status_code == 200
    assert "Solo se registran sesiones ya celebradas: la sesión debe haber terminado." in response.content.decode()


def test_times_are_corrected_on_a_held_session_with_history_and_a_stale_form_is_refused(client, council):
    session = record(council)
    url = reverse("sessions_app:correct_times", args=[session.pk])
    client.force_login(council.staff_x)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    a = session.invitations.get(institution=council.seat_a.institution)
    data = {
        "version": form.initial["version"],
        "date": A_YEAR_AGO.isoformat(),
        "start_time": "10:30",
        "end_time": "12:30",
        "quorum_time": "10:40",
        f"arrival_{a.pk}": "10:20",
    }
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    a.refresh_from_db()
    assert timezone.localtime(session.starts_at).time() == dt.time(10, 30)
    assert timezone.localtime(session.quorum_declared_at).time() == dt.time(10, 40)
    assert timezone.localtime(a.arrived_at).time() == dt.time(10, 20)
    assert session.history.count() >= 2 and a.history.count() >= 2
    stale = client.post(url, {**data, "start_time": "09:00"})
    assert stale.status_code in (200, 409)
    assert "Otra persona guardó cambios" in stale.content.decode()
    client.force_login(council.staff_y)
    assert client.get(url).status_code == 403


def test_times_of_a_session_not_held_are_not_corrected(council):
    with pytest.raises(Exception) as caught:
        session_correct_times(session=council.session_x, starts_at=at(A_YEAR_AGO, 9), ends_at=at(A_YEAR_AGO, 10))
    assert "Solo se corrigen los horarios de una sesión celebrada" in str(caught.value)


def test_a_body_invited_to_this_session_only_is_recorded_present_and_a_seated_one_is_refused(client, council):
    guest = PersonFactory(institution=InstitutionFactory(name="Comisión Invitada"), full_name="Gina Invitada")
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    seated = client.post(url, _form_data(council, guests=[council.seat_d.principal.pk], form_token="t2"))
    assert "tiene un lugar en el consejo: registre su asistencia en su lugar." in seated.content.decode()
    assert not Session.objects.filter(status=Session.Status.HELD).exists()
    assert client.post(url, _form_data(council, guests=[guest.pk])).status_code == 302
    session = Session.objects.get(status=Session.Status.HELD)
    invitation = session.invitations.get(institution=guest.institution)
    assert (invitation.role, invitation.has_vote, invitation.attended, invitation.attendee) == (
        Invitation.Role.GUEST,
        False,
        True,
        guest,
    )
    assert invitation.delivery == Invitation.Delivery.NOT_SENT


def test_a_quorum_at_second_call_follows_a_first_call_without_it(council):
    """At second call the council's second-call rule applies; the record says the first call had none."""
    session = record(council, call=Session.Call.SECOND)
    assert (session.call, session.quorum_met) == (Session.Call.SECOND, True)


def test_attendance_for_a_seat_not_valid_on_the_date_is_refused(council):
    council.seat_d.valid_from = A_YEAR_AGO + dt.timedelta(days=30)
    council.seat_d.save()
    late_seat = [SeatAttendance(seat=council.seat_d, person=council.seat_d.principal)]
    with pytest.raises(Exception) as caught:
        record(council, attendance=late_seat, call="")
    assert "Institución D no estaba convocada a esta sesión" in str(caught.value)


def test_the_guest_picker_offers_bodies_invited_before_not_those_with_a_seat(client, council):
    earlier = PersonFactory(institution=InstitutionFactory(name="Comisión Invitada Antes"), full_name="Iris Invitada")
    InvitationFactory(session=council.session_x, institution=earlier.institution, role=Invitation.Role.GUEST)
    client.force_login(council.staff_x)
    form = client.get(reverse("sessions_app:record", args=[council.council_x.pk])).context["form"]
    picker = str(form["guests"])
    assert "Iris Invitada" in picker
    assert council.seat_d.principal.full_name not in picker


def test_another_person_recorded_for_a_seat_signs_the_lista_as_its_representative(client, council):
    """ "Otra persona": someone the seat does not know came for it; the lista names them, not the titular."""
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    d = council.seat_d.pk
    other = {f"seat_{d}": "otra", f"seat_{d}_name": "Luis Otro Enviado", f"seat_{d}_post": "Asesor"}
    response = client.post(url, _form_data(council, **other, **{f"seat_{d}_email": "luis@d.gob.mx"}))
    assert response.status_code == 302
    session = Session.objects.get(status=Session.Status.HELD)
    invitation = session.invitations.get(seat=council.seat_d)
    assert invitation.attended and invitation.attendee.full_name == "Luis Otro Enviado"
    assert invitation.attendee.institution == council.seat_d.institution
    assert invitation.answer == Invitation.Answer.CONFIRMED  # not a suplente: the institution sent someone else
    text = pdf_text(attendance_document(session).pdf)
    assert "Luis Otro Enviado Asesor Representante con voto" in text
    assert council.seat_d.principal.full_name not in text


def test_an_arrival_left_blank_prints_no_time_and_the_quorum_lista_and_acta_still_work(client, council):
    """Only A's arrival was typed (9:55): C, present without one, has no time on the lista, not the start's."""
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    assert client.post(url, _form_data(council)).status_code == 302
    session = Session.objects.get(status=Session.Status.HELD)
    c = session.invitations.get(seat=council.seat_c)
    assert c.attended and c.arrived_at is None
    assert session.quorum_met and session.quorum_present == 2
    text = pdf_text(attendance_document(session).pdf)
    assert text.count("Llegó a las") == 1 and "Llegó a las 9:55" in text
    minutes_draft(session=session)
    acta = pdf_text(minutes_document(session).pdf)
    assert council.seat_c.principal.display_name in acta
    checkin = client.get(reverse("sessions_app:checkin", args=[session.pk])).content.decode()
    assert f"Presente, sin hora de llegada registrada: {council.seat_c.principal.display_name}" in checkin
    # The times' correction shows C's arrival blank and accepts the form as shown.
    correction = reverse("sessions_app:correct_times", args=[session.pk])
    form = client.get(correction).context["form"]
    assert form.initial[f"arrival_{c.pk}"] is None
    data = {
        key: value.strftime("%H:%M") if hasattr(value, "strftime") and key != "date" else value
        for key, value in form.initial.items()
        if value is not None
    }
    data["date"] = A_YEAR_AGO.isoformat()
    assert client.post(correction, data).status_code == 302
    c.refresh_from_db()
    assert c.arrived_at is None


def test_the_convocation_date_typed_is_the_date_of_every_letter(council):
    """The record's convocation date, not the session's day nor today, heads each letter of the convocatoria."""
    convened = A_YEAR_AGO - dt.timedelta(days=9)
    session = record(council, convened_on=convened)
    letters = session.invitations.exclude(institution=council.council_x.secretariat_institution).count()
    text = pdf_text(convocation_document(session).pdf)
    with translation.override("es-mx"):
        assert text.count(f", a {wording.long_date(convened)}") == letters > 0
        assert f", a {wording.long_date(A_YEAR_AGO)}" not in text
        assert f", a {wording.long_date(timezone.localdate())}" not in text


def test_who_presided_and_kept_the_secretariat_are_named_on_the_page_the_acta_and_the_nota(client, council):
    """Recorded with the session, the people who presided and acted as technical secretariat are named where the
    institutions were (the seat's attendee signed for the presidency, the nota named only the institutions)."""
    presiding = PersonFactory(institution=council.seat_a.institution, full_name="Paula Preside", post="Gobernadora")
    secretary = PersonFactory(
        institution=council.council_x.secretariat_institution, full_name="Sergio Secretario", post="Secretario Técnico"
    )
    session = record(council, presiding_person=presiding, secretariat_person=secretary)
    client.force_login(council.staff_x)
    page = client.get(session.get_absolute_url()).content.decode()
    assert f"Presidió: {presiding.display_name}, Gobernadora (Institución A)" in page
    assert f"Secretaría Técnica: {secretary.display_name}, Secretario Técnico" in page
    body = minutes_draft(session=session).body
    assert f"Presidió la sesión {presiding.display_name}, Gobernadora, Institución A." in body
    assert f"Fungió como Secretaría Técnica {secretary.display_name}, Secretario Técnico" in body
    acta = pdf_text(minutes_document(session).pdf)
    assert f"PRESIDENCIA {presiding.display_name} Gobernadora Institución A" in acta
    assert f"SECRETARÍA TÉCNICA {secretary.display_name} Secretario Técnico" in acta
    nota = informative_note_compose(session=session, unit=IssuingUnitFactory(), written_on=timezone.localdate())
    assert (
        f"La sesión fue presidida por {presiding.display_name}, Gobernadora, con {secretary.display_name}, "
        "Secretario Técnico, como Secretaría Técnica." in nota
    )


def test_without_a_recorded_presiding_person_the_acta_and_the_nota_name_who_came_for_the_presidency(client, council):
    session = record(council)
    client.force_login(council.staff_x)
    assert "data-session-officers" not in client.get(session.get_absolute_url()).content.decode()
    minutes_draft(session=session)
    acta = pdf_text(minutes_document(session).pdf)
    assert f"PRESIDENCIA {council.alternate.display_name}" in acta
    nota = informative_note_compose(session=session, unit=IssuingUnitFactory(), written_on=timezone.localdate())
    assert "La sesión fue presidida por la Institución A." in nota


@pytest.fixture
def group(council):
    """A working group of council X with C as its member and D as its coordinator; A and the guest seat are outside."""
    group = WorkingGroupFactory(council=council.council_x, coordinator=council.seat_d.institution)
    group.members.set([council.seat_c.institution])
    return group


def test_the_record_form_offers_only_the_seats_of_the_group_valid_on_the_date(client, council, group):
    """It listed every council seat, and the service then refused those outside the group or not yet valid."""
    council.seat_c.valid_from = A_YEAR_AGO + dt.timedelta(days=30)
    council.seat_c.save()
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    form = client.get(url, {"working_group": group.pk, "date": A_YEAR_AGO.isoformat()}).context["form"]
    assert [seat.institution.name for seat in form.seats] == ["Institución D"]  # C's seat starts later
    later = client.get(url, {"working_group": group.pk, "date": timezone.localdate().isoformat()})
    assert {seat.institution.name for seat in later.context["form"].seats} == {"Institución C", "Institución D"}
    plenary = client.get(url, {"date": A_YEAR_AGO.isoformat()}).content.decode()
    assert f'name="seat_{council.seat_a.pk}"' in plenary and f'name="seat_{council.seat_c.pk}"' not in plenary


def test_a_working_group_session_is_recorded_with_the_groups_seats(client, council, group):
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    data = {
        **_form_data(council, working_group=group.pk, call="", quorum_time=""),
        f"seat_{council.seat_a.pk}": "",
        f"seat_{council.seat_a.pk}_time": "",
        f"seat_{council.seat_d.pk}": "titular",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    session = Session.objects.get(status=Session.Status.HELD)
    assert session.working_group == group and group.name in session.title
    invitations = {i.institution.name: i.attended for i in session.invitations.select_related("institution")}
    assert invitations == {"Institución C": True, "Institución D": True}


def test_attendance_sent_for_a_seat_outside_the_group_is_shown_again_with_the_groups_seats(client, council, group):
    """Sent from the plenary's table (the group chosen without the page asking again): nothing is recorded, and
    the table comes back with the group's seats only."""
    client.force_login(council.staff_x)
    url = reverse("sessions_app:record", args=[council.council_x.pk])
    response = client.post(url, _form_data(council, working_group=group.pk, call="", quorum_time=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "La asistencia incluía lugares que no corresponden al órgano o a la fecha elegidos." in page
    assert f'name="seat_{council.seat_a.pk}"' not in page and f'name="seat_{council.seat_d.pk}"' in page
    assert not Session.objects.filter(status=Session.Status.HELD).exists()

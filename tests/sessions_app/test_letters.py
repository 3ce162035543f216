"""The convocatoria's letters as the office that signs them reads them: whom each goes to, in what words,
with which number, date, basis, copies and signature; for the demo council and for a council of another state."""

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import wording
from demo.loader import load_demo
from members.models import Institution, IssuingUnit, Person, State
from members.services.issuing_units import oficio_numbers_take
from sessions_app import emails
from sessions_app.documents.builders import convocation_document
from sessions_app.models import Invitation, Session
from sessions_app.selectors.convocation import convocation_date, invitation_for_message
from sessions_app.services.convocation import invitation_add_guest
from sessions_app.services.invitations import convocation_prepare
from tests.council.factories import SeatFactory
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.pdftext import pdf_pages, pdf_text
from tests.worlds import build_other_state

pytestmark = pytest.mark.django_db

FULL_NAME = "Consejo Interinstitucional para la Prevención, Atención, Combate y Erradicación de la Trata de Personas"


@pytest.fixture
def demo():
    load_demo(with_accounts=False)
    return Session.objects.select_related("council").get(starts_at__year=2022)


def _letters(session, **kwargs) -> str:
    return pdf_text(convocation_document(session, **kwargs).pdf)


def _letter_of(session, institution) -> str:
    return _letters(session, institution_id=institution.pk)


def test_no_letter_goes_to_the_technical_secretariat_who_signs_them(demo):
    council = demo.council
    document = convocation_document(demo)
    text = pdf_text(document.pdf)
    letters = demo.invitations.exclude(institution=council.secretariat_institution).count()
    assert pdf_pages(document.pdf) == letters == demo.invitations.count() - 1
    # The signer's name appears only under "Atentamente", once per letter, never as an addressee.
    assert text.count("Mtra. Marta Ejemplo Ficticia") == letters
    own = _letter_of(demo, council.secretariat_institution)
    assert "no se le dirige carta" in own and "P r e s e n t e" not in own


def test_the_signature_carries_the_signers_post_and_the_councils_full_name(demo):
    text = _letter_of(demo, Institution.objects.get(name="Secretaría de Salud"))
    signature = text[text.index("Atentamente") :]
    assert "Mtra. Marta Ejemplo Ficticia" in signature
    assert "Secretaria de Igualdad e Inclusión" in signature
    assert f"Técnica del {FULL_NAME}" in signature
    assert "Consejo Estatal contra la Trata NL" not in text  # the app's short name


def test_members_are_convened_and_guests_invited_with_their_gender(demo):
    salud = _letter_of(demo, Institution.objects.get(name="Secretaría de Salud"))
    assert "Asunto: Convocatoria a la Primera Sesión Ordinaria 2022" in salud
    assert f"me permito convocarle a la Primera Sesión Ordinaria 2022 del {FULL_NAME}" in salud
    assert "invitarle" not in salud
    guest = Invitation.objects.get(session=demo, role=Invitation.Role.GUEST, institution__name="Academia")
    assert guest.invitee.gender == ""  # unstated: the neutral wording, never a guessed gender
    text = _letter_of(demo, guest.institution)
    assert "Asunto: Invitación a la Primera Sesión Ordinaria 2022" in text
    assert "me permito invitarle, en calidad de persona invitada, a la Primera Sesión Ordinaria 2022" in text
    assert "convocarle" not in text
    Person.objects.filter(pk=guest.invitee_id).update(gender="f")
    assert "en calidad de invitada," in _letter_of(demo, guest.institution)
    Person.objects.filter(pk=guest.invitee_id).update(gender="m")
    assert "en calidad de invitado," in _letter_of(demo, guest.institution)


def test_sectors_are_addressed_through_their_representative_not_as_an_institution(demo):
    civil = Institution.objects.get(name="Sociedad civil")
    text = _letter_of(demo, civil)
    assert "Lic. Patricia Ejemplo Ficticia Representante de organizaciones de la sociedad civil P r e s e n t e" in (
        text
    )
    assert "Sociedad civil" not in text
    # Without a person to address, the letter goes to the sector's representation.
    Invitation.objects.filter(session=demo, institution=civil).update(invitee=None)
    assert "Representación de la sociedad civil P r e s e n t e" in _letter_of(demo, civil)


def test_the_oficio_number_place_date_legal_basis_copies_and_initials_of_the_demo(demo):
    text = _letter_of(demo, Institution.objects.get(name="Secretaría de Salud"))
    assert "Oficio núm. SII/2022/0" in text
    # Dated the day the convocation went out (ten days before the session), not today.
    assert "Monterrey, Nuevo León, a 27 de septiembre de 2022" in text
    assert "Con fundamento en lo dispuesto en la Ley para Prevenir, Atender, Combatir y Erradicar la Trata" in text
    assert "disposiciones que rigen" not in text
    assert "c.c.p. Secretaría General de Gobierno. Presidencia del Consejo. Para su conocimiento." in text
    assert "Expediente de la sesión." in text and "ST/amr" in text
    assert "viernes 7 de octubre de 2022 a las 10:00 horas, en Palacio de Gobierno, Monterrey" in text
    assert "Página 1 de 1" in text


def test_each_letter_keeps_its_own_number_however_often_it_is_printed(demo):
    numbers = list(
        demo.invitations.exclude(institution=demo.council.secretariat_institution)
        .order_by("oficio_number")
        .values_list("oficio_number", flat=True)
    )
    assert numbers == [f"SII/2022/{n:03d}" for n in range(1, len(numbers) + 1)]
    assert demo.invitations.get(institution=demo.council.secretariat_institution).oficio_number == ""
    salud = Invitation.objects.get(session=demo, institution__name="Secretaría de Salud")
    first = _letter_of(demo, salud.institution)
    load_demo(with_accounts=False)  # loading again numbers nothing twice
    salud.refresh_from_db()
    assert f"Oficio núm. {salud.oficio_number}" in first
    assert f"Oficio núm. {salud.oficio_number}" in _letter_of(demo, salud.institution)
    assert sorted(demo.invitations.exclude(oficio_number="").values_list("oficio_number", flat=True)) == numbers


def test_a_hybrid_sessions_letter_carries_the_video_link(demo):
    upcoming = Session.objects.get(council=demo.council, starts_at__year=2026)
    assert upcoming.modality == Session.Modality.HYBRID
    text = _letter_of(upcoming, Institution.objects.get(name="Secretaría de Salud"))
    assert "modalidad híbrida (presencial y por videoconferencia)" in text
    assert "Enlace para participar por videoconferencia: https://reuniones.nl.gob.mx/consejo-trata" in text
    assert "Oficio núm. SII/2026/0" in text  # numbered in the convocation's year


def test_a_virtual_session_without_a_link_says_it_will_come(demo):
    upcoming = Session.objects.get(council=demo.council, starts_at__year=2026)
    Session.objects.filter(pk=upcoming.pk).update(modality=Session.Modality.VIRTUAL, video_url="")
    text = _letter_of(upcoming, Institution.objects.get(name="Secretaría de Salud"))
    assert "horas, a distancia por videoconferencia, conforme al siguiente orden del día" in text  # no venue
    assert "El enlace para participar por videoconferencia se le hará llegar" in text


def test_the_delegate_of_a_municipality_downloads_a_letter_with_the_municipality(client):
    other = build_other_state()
    city = InstitutionFactory(
        name="Presidencia Municipal",
        short_name="PMSP",
        kind=Institution.Kind.MUNICIPALITY,
        government_order=Institution.GovernmentOrder.MUNICIPAL,
        state=State.NUEVO_LEON,
        municipality="San Pedro Garza García",
    )
    mayor = PersonFactory(institution=city, honorific="", full_name="Rosa Elena Ibarra", post="Presidenta Municipal")
    SeatFactory(council=other.council, institution=city, principal=mayor)
    convocation_prepare(session_id=other.session.pk)
    text = _letter_of(other.session, city)
    assert "C. Rosa Elena Ibarra Presidenta Municipal Presidencia Municipal de San Pedro Garza García" in text


@pytest.fixture
def jalisco():
    """The council of another state with its own issuer: its pattern, place, basis, copies and initials."""
    other = build_other_state()
    council = other.council
    council.legal_basis = "el artículo 9 del Reglamento Interior del Consejo Estatal de Jalisco"
    council.copy_to = "Institución A. Presidencia del Consejo."
    council.save()
    unit = IssuingUnit.objects.get(institution=other.inst_b)
    unit.oficio_pattern = "IB/DG/{n}/{year}"
    unit.initials = "RGL/pmt"
    unit.save()
    secretary = PersonFactory(
        institution=other.inst_b, honorific="Dr.", full_name="Jorge Sánchez Ruiz", post="Director General", gender="m"
    )
    other.seat_b.principal = secretary
    other.seat_b.save()
    other.member = SeatFactory(
        council=council,
        institution=InstitutionFactory(name="Institución C", short_name="IC", state=State.JALISCO),
        principal=None,
    )
    other.member.principal = PersonFactory(
        institution=other.member.institution, honorific="", full_name="Lucía Méndez Ortega", post="", gender="f"
    )
    other.member.save()
    Session.objects.filter(pk=other.session.pk).update(
        modality=Session.Modality.VIRTUAL, video_url="https://meet.jal/x"
    )
    convocation_prepare(session_id=other.session.pk)
    other.session.refresh_from_db()
    return other


def test_a_council_of_another_state_writes_its_own_letters(jalisco, demo):
    text = _letters(jalisco.session)
    year = timezone.localdate().year
    assert pdf_pages(convocation_document(jalisco.session).pdf) == 2  # A and C; never B, who signs
    assert f"Oficio núm. IB/DG/1/{year}" in text and f"Oficio núm. IB/DG/2/{year}" in text
    assert f"Guadalajara, Jalisco, a {wording.date_in_words(timezone.localdate())}" in text  # not sent yet: today
    assert "Con fundamento en el artículo 9 del Reglamento Interior del Consejo Estatal de Jalisco" in text
    assert "C. Lucía Méndez Ortega Institución C P r e s e n t e" in text
    assert "Enlace para participar por videoconferencia: https://meet.jal/x" in text
    # Its session has no agenda yet: the letter does not announce a list that does not follow.
    assert "El orden del día se le hará llegar con anticipación." in text and "siguiente orden del día" not in text
    assert "c.c.p. Institución A. Presidencia del Consejo." in text and "RGL/pmt" in text
    assert "Dr. Jorge Sánchez Ruiz Director General Secretario Técnico del Consejo Estatal de Jalisco" in text
    # Nothing of the demo's council or issuer.
    for foreign in ("Nuevo León", "Monterrey", "SII/", "ST/amr", "Trata", "Igualdad", "Expediente de la sesión"):
        assert foreign not in text, foreign


def test_the_letter_is_dated_the_day_the_convocation_went_out(jalisco):
    sent = timezone.now() - dt.timedelta(days=3)
    Invitation.objects.filter(session=jalisco.session).update(sent_at=sent)
    assert convocation_date(jalisco.session) == timezone.localtime(sent).date()
    assert f"Guadalajara, Jalisco, a {wording.date_in_words(timezone.localtime(sent).date())}" in _letters(
        jalisco.session
    )


def test_a_past_session_never_sent_is_not_dated_after_it_was_held(jalisco):
    held = timezone.now() - dt.timedelta(days=40)
    Session.objects.filter(pk=jalisco.session.pk).update(
        starts_at=held, ends_at=held + dt.timedelta(hours=2), status=Session.Status.HELD
    )
    jalisco.session.refresh_from_db()
    day = timezone.localtime(held).date()
    assert convocation_date(jalisco.session) == day
    assert f"Guadalajara, Jalisco, a {wording.date_in_words(day)}" in _letters(jalisco.session)


def test_a_guest_added_later_gets_the_next_number(jalisco):
    guest = InstitutionFactory(name="Universidad de Guadalajara", short_name="UdeG", state=State.JALISCO)
    person = PersonFactory(institution=guest, honorific="Mtro.", full_name="Iván Ríos", gender="m")
    invitation = invitation_add_guest(session=jalisco.session, institution=guest, person=person)
    invitation.refresh_from_db()
    assert invitation.oficio_number == f"IB/DG/3/{timezone.localdate().year}"
    text = _letter_of(jalisco.session, guest)
    assert "me permito invitarle, en calidad de invitado, a la" in text


def test_oficio_numbers_run_per_unit_and_year():
    unit = IssuingUnit.objects.get(institution=InstitutionFactory())
    unit.oficio_pattern = "DG/{year}/{n:03d}"
    unit.save()
    assert oficio_numbers_take(unit=unit, year=2026, count=2) == ["DG/2026/001", "DG/2026/002"]
    assert oficio_numbers_take(unit=unit, year=2027) == ["DG/2027/001"]
    assert oficio_numbers_take(unit=unit, year=2026) == ["DG/2026/003"]
    unit.oficio_pattern = ""
    unit.save()
    assert oficio_numbers_take(unit=unit, year=2026) == []


@pytest.mark.django_db(transaction=True)
def test_two_letters_issued_at_once_never_share_a_number():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes and has no SELECT … FOR UPDATE; the race only exists on PostgreSQL.")
    unit = IssuingUnit.objects.get(institution=InstitutionFactory())
    unit.oficio_pattern = "DG/{year}/{n}"
    unit.save()
    taken, barrier = [], threading.Barrier(4)

    def take():
        try:
            barrier.wait()
            taken.extend(oficio_numbers_take(unit=unit, year=2026, count=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken, key=lambda number: int(number.rsplit("/", 1)[1])) == [f"DG/2026/{n}" for n in range(1, 21)]


def test_the_download_of_a_letter_answers_with_the_delegates_own(client, demo):
    load_demo(with_accounts=True)
    client.force_login(get_user_model().objects.get(username="salud"))
    response = client.get(reverse("sessions_app:document", args=[demo.pk, "convocatoria"]))
    text = pdf_text(response.content)
    assert "Dra. Alma Ejemplo Ficticia Secretaria de Salud P r e s e n t e" in text  # not its name twice
    fiscal = _letter_of(demo, Institution.objects.get(short_name="FGJNL"))
    assert "Fiscal General de Justicia Fiscalía General de Justicia del Estado de Nuevo León P r e s e n t e" in fiscal


def test_the_convocation_email_convenes_members_invites_guests_and_addresses_sectors_by_person(demo):
    upcoming = Session.objects.get(council=demo.council, starts_at__year=2026)

    def body(name):
        invitation = Invitation.objects.get(session=upcoming, institution__name=name)
        message = emails.invitation_message(
            invitation_for_message(invitation_id=invitation.pk), purpose=emails.Purpose.CONVOCATION, agenda=[]
        )
        return " ".join(message.body.split())

    member, guest = body("Secretaría de Salud"), body("Sociedad civil")
    assert "se le convoca a la Primera Sesión Ordinaria 2026" in member and "se le invita" not in member
    assert "se le invita a la Primera Sesión Ordinaria 2026" in guest and "se le convoca" not in guest
    assert "Representante de organizaciones de la sociedad civil Presente" in guest
    assert "Sociedad civil" not in guest
    assert "De 10:00 a 12:00 horas (hora del centro de México)" in member
    assert " h (" not in member


def test_the_letters_cost_the_same_queries_for_one_institution_or_twenty(demo):
    """A fixed number of reads whatever the number of letters."""
    one = Institution.objects.get(name="Secretaría de Salud")
    cache.clear()
    with CaptureQueriesContext(connection) as single:
        convocation_document(demo, institution_id=one.pk)
    cache.clear()
    with CaptureQueriesContext(connection) as every:
        convocation_document(demo)
    assert len(every) == len(single)

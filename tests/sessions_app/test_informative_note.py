"""The nota informativa: drafted from the session's data like the seed, made final once, versioned after."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from council.models import Council, Seat, SeatAlternate
from demo.data import COUNCIL_NAME, FEDERAL_NAME, GUESTS, MEMBERS, SEGOB_FOOTER, SEGOB_STANDING
from demo.loader import load_demo
from members.models import IssuingUnit, State
from sessions_app.documents.builders import session_slug
from sessions_app.documents.note import informative_note_compose, informative_note_document
from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.rendering import render_pdf
from sessions_app.models import Document, InformativeNote, Session
from sessions_app.selectors.notes import informative_note_current, informative_note_source
from sessions_app.services.notes import (
    informative_note_create_draft,
    informative_note_make_final,
    informative_note_redraft,
    informative_note_update,
    informative_note_version,
)
from tests.council.factories import CouncilFactory, GuestSeatFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory, IssuingUnitFactory, PersonFactory
from tests.pdftext import pdf_fonts, pdf_pages, pdf_text
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo(with_accounts=True)
    return Session.objects.select_related("council").get(starts_at__year=2022)


@pytest.fixture
def note(demo):
    return demo.informative_notes.get()


def _edit(note, **changes):
    values = {field: getattr(note, field) for field in ("place", "date", "unit_lines", "body", "footer_address")}
    return informative_note_update(note=note, **{**values, **changes})


def _seed_facts() -> list[str]:
    """Every fact of the seed nota (``shared/seed/nota_informativa_2022-10-07.txt``), as the demo names it.

    The seed writes "Instituto Estatal de la Mujeres" (a typo) and groups both
    zones of mayors in one phrase; the demo names each institution properly,
    so the names come from the demo's data, which reproduces the seed.
    """
    return [
        "Ciudad de México, a 7 de octubre de 2022",
        "NOTA INFORMATIVA",
        "SUBSECRETARÍA DE DERECHOS HUMANOS, POBLACIÓN Y MIGRACIÓN",
        "DIRECCIÓN GENERAL DE ESTRATEGIAS PARA LA ATENCIÓN DE DERECHOS HUMANOS",
        "El 7 de octubre del presente año, la Secretaría de Gobernación, en su calidad de Secretaría Técnica",
        FEDERAL_NAME,
        "(Comisión Intersecretarial)",
        "acudió al Palacio de Gobierno, en la Ciudad de Monterrey, en el Estado de Nuevo León",
        f"“{COUNCIL_NAME}”",
        *(name for name, *_ in MEMBERS),
        *(name for name, *_ in GUESTS),
        "El Consejo ha sido instituido como un mecanismo que dé seguimiento de los compromisos asumidos por la "
        "administración pública estatal en la materia de trata de personas",
        "La sesión se desarrolló conforme a lo listado en el orden del día",
        "Programa Estatal para la Prevención, Atención, Combate y Erradicación de la Trata de Personas",
        "conformación de grupos de trabajo especializados en materia de trata de personas",
        "Al final del encuentro, se llevó a cabo un acercamiento entre Secretarías Técnicas",
        "fortalecimiento de canales de comunicación con los estados de la región",
        SEGOB_FOOTER,
    ]


def test_the_exported_nota_of_the_7_october_2022_session_carries_every_fact_of_the_seed(demo, tmp_path):
    """THE check of issues 5 and 18: the demo's nota says everything the real nota says, on one page."""
    call_command("export_session", "--session", str(demo.pk), "--out", str(tmp_path))
    content = (tmp_path / session_slug(demo) / "nota_informativa.pdf").read_bytes()
    text = pdf_text(content).lower()
    missing = [fact for fact in _seed_facts() if " ".join(fact.split()).lower() not in text]
    assert missing == []
    assert {"Montserrat", "Montserrat-Bold"} <= pdf_fonts(content)
    assert pdf_pages(content) == 1 and "página 1 de 1" in text


def test_the_demo_nota_adds_only_what_the_data_attests_and_nothing_the_seed_left_out(note):
    """Facts the app holds (time, modality, presidency, secretariat, quorum, groups, a count of agreements),
    none the seed's author chose not to write: that everyone attended, the coordinators, the agreements' text."""
    body = " ".join(note.body.split())
    for fact in (
        "de 10:00 a 12:30 horas, de manera presencial.",
        "La sesión fue presidida por la Secretaría General de Gobierno, con la Secretaría de Igualdad e Inclusión "
        "como Secretaría Técnica.",
        "Se declaró el quórum legal en primera convocatoria (mitad más uno de los integrantes con voto).",
        "Se conformaron los grupos de trabajo de Prevención de la Trata de Personas, de Atención y Protección a "
        "Víctimas y de Combate y Procuración de Justicia.",
        "Se adoptaron cinco acuerdos.",
    ):
        assert fact in body
    assert "todas las instituciones" not in body and "asistieron" not in body.lower()  # everyone came: unsaid
    assert "coordinad" not in body and "CINL/" not in body and "Se aprueba el orden del día" not in body
    words = len(note.body.replace("**", "").split())
    assert 300 <= words <= 450, words  # the seed has 325; the draft used to run to 519


def test_the_draft_reads_like_the_seed(note):
    """Members and invited figures apart, as Spanish lists with their articles; the council's name in bold."""
    body = note.body
    assert body.startswith("El 7 de octubre del presente año, la Secretaría de Gobernación, en su calidad de")
    assert f"del **“{COUNCIL_NAME}”**, de 10:00 a 12:30 horas" in body
    assert (
        "Como integrantes del Consejo fueron convocados: alcaldes y alcaldesas de la zona norte, alcaldes y "
        "alcaldesas de la zona sur, la Secretaría General de Gobierno, la Fiscalía General" in body
    )
    assert "el Instituto Estatal de las Mujeres, la Secretaría de Turismo y la Secretaría de las Mujeres." in body
    assert (
        "Adicionalmente, como figuras invitadas fueron convocados: el Poder Judicial del Estado de Nuevo León, "
        "el Poder Legislativo del Estado de Nuevo León, la Comisión Estatal de Derechos Humanos, sociedad civil, "
        "sector empresarial y academia." in body
    )
    assert "Secretaría de Gobernación," not in body.split("\n\n")[1]  # the issuer is the subject, not a guest
    assert (note.place, note.date) == ("Ciudad de México", dt.date(2022, 10, 7))
    assert note.units == [
        "SUBSECRETARÍA DE DERECHOS HUMANOS, POBLACIÓN Y MIGRACIÓN",
        "DIRECCIÓN GENERAL DE ESTRATEGIAS PARA LA ATENCIÓN DE DERECHOS HUMANOS",
    ]
    assert note.footer_address == SEGOB_FOOTER
    assert (note.status, note.version) == (InformativeNote.Status.DRAFT, 1)


def test_loading_the_demo_twice_keeps_one_nota(demo):
    load_demo(with_accounts=False)
    assert InformativeNote.objects.filter(session=demo).count() == 1


def test_a_nota_dated_another_year_writes_the_year_and_the_host_celebrates(demo):
    """The council's own secretariat "celebró" the session; written in 2023, the day says "de 2022"."""
    body = informative_note_compose(
        session=demo, unit=demo.council.default_issuing_unit, written_on=dt.date(2023, 1, 9)
    )
    assert body.startswith(
        "El 7 de octubre de 2022, la Secretaría de Igualdad e Inclusión, en su calidad de Secretaría Técnica "
        "del Consejo, celebró en el Palacio de Gobierno, en la Ciudad de Monterrey"
    )
    assert "del presente año" not in body
    assert "sector empresarial, academia y la Secretaría de Gobernación." in body  # SEGOB: one more invited figure


def test_the_draft_is_spanish_whatever_the_interface_language(demo):
    with translation.override("en"):
        body = informative_note_compose(
            session=demo, unit=IssuingUnit.objects.get(institution__short_name="SEGOB"), written_on=dt.date(2022, 10, 7)
        )
    assert "en su calidad de Secretaría Técnica" in body and "Primera Sesión Ordinaria 2022" in body
    assert "Se adoptaron cinco acuerdos." in body  # counts in Spanish words, though numbers follow the interface


def test_the_source_of_the_draft_costs_six_queries_whatever_the_size(world, django_assert_num_queries):
    """A session with 3 or with 30 institutions, items and agreements reads the same six queries."""
    issuer = world.council_x.secretariat_institution

    def session_of(size):
        session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
        for _ in range(size):
            seat = SeatFactory(council=world.council_x)
            InvitationFactory(session=session, institution=seat.institution, seat=seat, attended=True)
            AgendaItemFactory(session=session, highlight=True)
            AgreementFactory(session=session)
            WorkingGroupFactory(council=world.council_x, formed_at=session)
        return session

    for size in (3, 30):
        session = session_of(size)
        with django_assert_num_queries(6):
            source = informative_note_source(session=session, issuer=issuer)
        assert len(source["invitations"]) == size and len(source["groups"]) == size


def test_a_nota_is_drafted_only_for_a_held_session_and_only_once(world, demo):
    upcoming = Session.objects.get(council=demo.council, starts_at__year=2026)
    with pytest.raises(ValidationError, match="cuando la sesión ya se celebró"):
        informative_note_create_draft(session=upcoming, issuing_unit=demo.council.default_issuing_unit)
    with pytest.raises(ValidationError, match="ya tiene nota informativa"):
        informative_note_create_draft(session=demo, issuing_unit=demo.council.default_issuing_unit)


def test_an_issuer_without_letterhead_data_uses_its_address_and_the_session_city(world):
    issuer = InstitutionFactory(name="Secretaría de Prueba Emisora", unit=None)
    unit = IssuingUnitFactory(institution=issuer, place="", address="Calle 1\nCentro, Monterrey")
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD, starts_at=timezone.now())
    note = informative_note_create_draft(session=session, issuing_unit=unit)
    assert (note.place, note.footer_address, note.unit_lines) == ("Monterrey", "Calle 1, Centro, Monterrey", "")
    assert note.body.startswith(f"El {timezone.localdate().day} de ")
    assert "se celebró, en el Palacio de Gobierno, en la Ciudad de Monterrey," in note.body  # not convened itself


def test_a_guest_seat_issuer_who_did_not_come_was_convened(world):
    seat = GuestSeatFactory(council=world.council_x, institution__name="Comisión Estatal de Prueba")
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
    InvitationFactory(session=session, institution=seat.institution, seat=seat, role="guest", attended=False)
    body = informative_note_create_draft(session=session, issuing_unit=seat.institution.issuing_units.get()).body
    assert "la Comisión Estatal de Prueba, fue convocada como invitada a la celebración de" in body
    assert seat.role == Seat.Role.GUEST


def _capacity_session(world, *, role, standing=""):
    """A held session of council X (held in the Palacio de Gobierno, Monterrey) that the issuer attended from a
    seat of ``role``; its unit records ``standing`` elsewhere."""
    seat = SeatFactory(council=world.council_x, institution__name="Secretaría de Prueba Emisora", role=role)
    if role == Seat.Role.PRESIDENCY:
        world.council_x.presiding_institution = seat.institution
        world.council_x.save()
    starts = dt.datetime(2023, 5, 10, 10, 0, tzinfo=timezone.get_current_timezone())
    session = SessionFactory(
        council=world.council_x, status=Session.Status.HELD, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    InvitationFactory(session=session, institution=seat.institution, seat=seat, attended=True, attendee=seat.principal)
    unit = seat.institution.issuing_units.get()
    unit.standing = standing
    unit.save()
    body = informative_note_compose(session=session, unit=unit, written_on=dt.date(2023, 5, 11))
    return body.split("\n\n")[0].strip()


def test_a_member_issuer_attended_as_integrante_in_no_capacity_it_does_not_hold(world):
    """A member's nota says it came as an integrante; "en su calidad de" only with a standing its unit records."""
    opening = _capacity_session(world, role=Seat.Role.MEMBER)
    assert opening == (
        "El 10 de mayo del presente año, la Secretaría de Prueba Emisora, acudió al Palacio de Gobierno, en la "
        "Ciudad de Monterrey, como integrante a la celebración de la Primera Sesión Ordinaria 2023 del "
        "**“Consejo X”**, de 10:00 a 12:00 horas, de manera presencial."
    )
    assert "en su calidad de" not in opening and "invitad" not in opening and "celebró" not in opening


def test_a_member_issuer_with_a_standing_on_its_unit_writes_it_and_still_came_as_integrante(world):
    opening = _capacity_session(world, role=Seat.Role.MEMBER, standing="Coordinación Estatal del Programa de Prueba")
    assert opening.startswith(
        "El 10 de mayo del presente año, la Secretaría de Prueba Emisora, en su calidad de Coordinación Estatal "
        "del Programa de Prueba, acudió al Palacio de Gobierno, en la Ciudad de Monterrey, como integrante a la "
        "celebración de"
    )


def test_the_presidency_issues_it_as_the_presidency_that_held_the_session(world):
    """The presidency "celebró" the session in its capacity at the council; a standing elsewhere gives way to it."""
    opening = _capacity_session(world, role=Seat.Role.PRESIDENCY, standing="Coordinación Nacional de Prueba")
    assert opening == (
        "El 10 de mayo del presente año, la Secretaría de Prueba Emisora, en su calidad de Presidencia del "
        "Consejo, celebró en el Palacio de Gobierno, en la Ciudad de Monterrey, la Primera Sesión Ordinaria 2023 "
        "del **“Consejo X”**, de 10:00 a 12:00 horas, de manera presencial."
    )
    assert "Coordinación Nacional de Prueba" not in opening and "integrante" not in opening


def test_an_empty_nota_cannot_be_made_final(note):
    empty = _edit(note, body="  \n\n  ")
    assert empty.pk == note.pk and empty.body == ""
    with pytest.raises(ValidationError, match="La nota informativa está vacía"):
        informative_note_make_final(note=empty)
    assert not Document.objects.filter(kind=Document.Kind.NOTE).exists()


def test_making_it_final_publishes_the_pdf_and_editing_it_makes_version_two(note):
    """The final PDF is stored with its hash; edits then make version 2; both published versions stay."""
    final = informative_note_make_final(note=note)
    assert final.status == InformativeNote.Status.FINAL and final.document.version == 1
    first_pdf = published_pdf(final.document)
    assert "NOTA INFORMATIVA" in pdf_text(first_pdf) and "Borrador" not in pdf_text(first_pdf)
    # It says where anyone checks it: its own code and the public page's address, and it is still one page.
    code = final.document.verification_code
    assert f"/verificar/{code}/ · código {code}" in pdf_text(first_pdf)
    assert pdf_pages(first_pdf) == 1

    assert _edit(final, place=final.place) == final  # saving without a change makes no version
    second = _edit(final, body=final.body + "\nPárrafo añadido después de publicar.\n")
    assert (second.pk != final.pk, second.version, second.status) == (True, 2, InformativeNote.Status.DRAFT)
    final.refresh_from_db()
    assert final.status == InformativeNote.Status.FINAL and "Párrafo añadido" not in final.body
    with pytest.raises(ValidationError, match="edite la más reciente"):
        _edit(final, body="otra cosa")

    second = informative_note_make_final(note=second)
    assert second.document.version == 2
    assert "Párrafo añadido después de publicar." in pdf_text(published_pdf(second.document))
    assert published_pdf(final.document) == first_pdf
    with pytest.raises(ValidationError, match="ya es final"):
        informative_note_make_final(note=second)


def test_a_very_long_nota_paginates_with_the_letterhead_and_footer_on_every_page(note, tmp_path):
    """Forty paragraphs: several pages, each with the letterhead, the footer address and "Página N de M"."""
    paragraph = (
        "La Secretaría Técnica informó sobre los avances del programa estatal y de los grupos de trabajo, "
        "con los compromisos de cada institución integrante para el siguiente periodo. "
    ) * 3
    long = _edit(note, body="\n\n".join(f"{number}. {paragraph}" for number in range(1, 41)))
    content = render_pdf(informative_note_document(long).html)
    pages = pdf_pages(content)
    assert pages > 1
    text = pdf_text(content)
    assert text.count("SECRETARÍA DE GOBERNACIÓN") == pages
    assert text.count("Circular de Morelia No.8") == pages
    assert all(f"Página {page} de {pages}" in text for page in range(1, pages + 1))
    assert "40. La Secretaría Técnica" in text
    (tmp_path / "nota_larga.pdf").write_bytes(content)


def test_a_comision_is_written_with_its_own_article_in_the_nota(world):
    """A council of the other gender: "de la Comisión", never "del Comisión"."""
    council = world.council_x
    council.name, council.kind, council.purpose = "Comisión Estatal de Prueba", "commission", "Coordinar acciones."
    council.save()
    member = SeatFactory(council=council, institution__name="Secretaría de Salud")
    session = SessionFactory(council=council, status=Session.Status.HELD, starts_at=timezone.now())
    InvitationFactory(session=session, institution=member.institution, seat=member, role="member", attended=True)
    body = informative_note_create_draft(
        session=session, issuing_unit=InstitutionFactory(name="Fiscalía General").issuing_units.get()
    ).body
    assert "de la **“Comisión Estatal de Prueba”**" in body
    assert "Como integrantes de la Comisión fueron convocados: la Secretaría de Salud." in body
    assert "La Comisión ha sido instituida para coordinar acciones." in body
    assert "del Comisión" not in body and "al Comisión" not in body


def test_a_unit_of_an_institution_not_convened_issues_the_nota_on_its_own_letterhead(world):
    """Any unit of the directory may issue the nota: the text tells of its institution, the letterhead is the unit's."""
    federal = InstitutionFactory(name="Secretaría Federal de Prueba", unit=None)
    IssuingUnitFactory(institution=federal, lines="Subsecretaría Primera")
    second = IssuingUnitFactory(
        institution=federal,
        lines="Subsecretaría de Derechos\nDirección General de Enlace",
        place="Ciudad de México",
        address="Insurgentes Sur 1, Ciudad de México",
        phone="55 5000 0000",
        web="www.gob.mx/prueba",
    )
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
    assert not session.invitations.filter(institution=federal).exists()
    note = informative_note_create_draft(session=session, issuing_unit=second)
    assert note.issuing_unit == second and note.place == "Ciudad de México"
    assert note.units == ["Subsecretaría de Derechos", "Dirección General de Enlace"]
    assert note.footer_address == "Insurgentes Sur 1, Ciudad de México · Tel. 55 5000 0000 · www.gob.mx/prueba"
    assert "la Secretaría Federal de Prueba" not in note.body.split("\n\n")[0]  # not convened: no subject
    text = pdf_text(render_pdf(informative_note_document(note).html))
    assert "SECRETARÍA FEDERAL DE PRUEBA" in text and "Dirección General de Enlace" in text
    assert "Subsecretaría Primera" not in text and "www.gob.mx/prueba" in text


def test_an_archived_unit_issues_nothing(world):
    unit = IssuingUnitFactory(archived_at=timezone.now())
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
    with pytest.raises(ValidationError, match="archivada"):
        informative_note_create_draft(session=session, issuing_unit=unit)


def _yucatan_council(world):
    """A fictional council unlike the demo: another state, a hybrid session at second call, a suplente, an
    absence, no highlighted item, and a federal guest whose own unit records its standing and its footer."""
    place = {"state": State.YUCATAN, "unit__place": "Mérida, Yucatán"}
    presiding = InstitutionFactory(name="Secretaría de Gobierno del Estado", **place)
    secretariat = InstitutionFactory(name="Secretaría de Bienestar Estatal", **place)
    health = InstitutionFactory(name="Servicios de Salud Estatales", **place)
    tourism = InstitutionFactory(name="Secretaría de Fomento Turístico", **place)
    university = InstitutionFactory(name="Universidad Autónoma Estatal", **place)
    council = CouncilFactory(
        name="Comité Estatal de Protección a Migrantes",
        short_name="CEPM",
        kind="committee",
        purpose="Coordinar la atención a personas migrantes en tránsito.",
        presiding_institution=presiding,
        secretariat_institution=secretariat,
        quorum_rule=Council.QuorumRule.TWO_THIRDS,
        second_call_rule=Council.QuorumRule.ONE_THIRD,
        default_city="Mérida",
    )
    seats = {
        "presiding": SeatFactory(council=council, institution=presiding, role=Seat.Role.PRESIDENCY),
        "secretariat": SeatFactory(council=council, institution=secretariat, role=Seat.Role.SECRETARIAT),
        "health": SeatFactory(council=council, institution=health),
        "tourism": SeatFactory(council=council, institution=tourism),
        "university": GuestSeatFactory(council=council, institution=university),
    }
    alternate = PersonFactory(institution=tourism, full_name="Persona Suplente de Turismo")
    SeatAlternate.objects.create(seat=seats["tourism"], person=alternate)
    federal = InstitutionFactory(name="Instituto Federal de Prueba", government_order="federal", unit=None)
    unit = IssuingUnitFactory(
        institution=federal,
        lines="Unidad de Política Migratoria de Prueba",
        place="Ciudad de México",
        address="Avenida Ficticia 10, Ciudad de México",
        phone="55 1111 2222",
        web="www.ejemplo.gob.mx/instituto",
        standing="Coordinación Nacional del Programa de Prueba",
    )
    starts = dt.datetime(2023, 3, 15, 9, 30, tzinfo=timezone.get_current_timezone())
    session = SessionFactory(
        council=council,
        status=Session.Status.HELD,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        venue="Centro de Convenciones Siglo XXI",
        city="Mérida",
        state="Yucatán",
        modality=Session.Modality.HYBRID,
        call=Session.Call.SECOND,
        quorum_met=True,
    )
    for key in ("presiding", "secretariat", "health"):
        seat = seats[key]
        InvitationFactory(
            session=session,
            institution=seat.institution,
            seat=seat,
            attended=key != "health",
            attendee=seat.principal if key != "health" else None,
        )
    InvitationFactory(session=session, institution=tourism, seat=seats["tourism"], attended=True, attendee=alternate)
    InvitationFactory(
        session=session, institution=university, seat=seats["university"], role="guest", has_vote=False, attended=True
    )
    InvitationFactory(session=session, institution=federal, role="guest", has_vote=False, attended=True)
    AgendaItemFactory(session=session, title="Informe de actividades", highlight=False)
    AgendaItemFactory(session=session, title="Asuntos generales", highlight=False)
    AgreementFactory(session=session, text="Se integrará un directorio de albergues.")
    return SimpleNamespace(council=council, session=session, unit=unit, presiding=presiding)


def test_another_councils_nota_tells_each_attested_fact_and_nothing_of_the_demo(world, demo):
    """Every sentence from a field of this council: its issuer's standing, the hybrid session's time, who
    presided, four of five voting seats with a suplente and an absence, second call with its rule; no demo text."""
    other = _yucatan_council(world)
    note = informative_note_create_draft(session=other.session, issuing_unit=other.unit)
    body = " ".join(note.body.split())
    for fact in (
        "El 15 de marzo del presente año, el Instituto Federal de Prueba, en su calidad de Coordinación Nacional "
        "del Programa de Prueba, acudió al Centro de Convenciones Siglo XXI, en la Ciudad de Mérida, en el Estado "
        "de Yucatán, como invitado a la celebración de la Primera Sesión Ordinaria 2023 del **“Comité Estatal de "
        "Protección a Migrantes”**, de 9:30 a 11:30 horas, de manera híbrida, presencial y a distancia.",
        "Como integrantes del Comité fueron convocados: la Secretaría de Bienestar Estatal, la Secretaría de "
        "Fomento Turístico, la Secretaría de Gobierno del Estado y los Servicios de Salud Estatales.",
        "como figuras invitadas fueron convocados: la Universidad Autónoma Estatal.",
        "La sesión fue presidida por la Secretaría de Gobierno del Estado, con la Secretaría de Bienestar Estatal "
        "como Secretaría Técnica.",
        "Asistieron tres de las cuatro instituciones integrantes con voto; la Secretaría de Fomento Turístico por "
        "medio de su suplente; no asistieron los Servicios de Salud Estatales.",
        "Se declaró el quórum legal en segunda convocatoria (una tercera parte de los integrantes con voto).",
        "El Comité ha sido instituido para coordinar la atención a personas migrantes en tránsito.",
        "que comprendió dos puntos. Se adoptó un acuerdo.",
    ):
        assert fact in body, fact
    assert (note.place, note.units) == ("Ciudad de México", ["Unidad de Política Migratoria de Prueba"])
    assert (
        note.footer_address
        == "Avenida Ficticia 10, Ciudad de México · Tel. 55 1111 2222 · www.ejemplo.gob.mx/instituto"
    )
    demo_texts = (
        SEGOB_STANDING,
        "Comisión Intersecretarial",
        "Secretaría Técnica de la",
        "Nuevo León",
        "Monterrey",
        "Palacio de Gobierno",
        "Gobernación",
        "Circular de Morelia",
        "resaltando",
        "grupos de trabajo",
        "primera convocatoria",
        "mitad más uno",
        "Secretarías Técnicas",
    )
    assert [text for text in demo_texts if text in body or text in note.footer_address] == []
    text = pdf_text(render_pdf(informative_note_document(note).html))
    assert "INSTITUTO FEDERAL DE PRUEBA" in text and "Unidad de Política Migratoria de Prueba" in text
    assert "www.ejemplo.gob.mx/instituto" in text
    assert "SUBSECRETARÍA DE DERECHOS HUMANOS" not in text and "Circular de Morelia" not in text


def test_staff_may_choose_to_list_the_agreements(world):
    other = _yucatan_council(world)
    note = informative_note_create_draft(session=other.session, issuing_unit=other.unit, list_agreements=True)
    assert "Se adoptó el siguiente acuerdo:\n" in note.body and "Se integrará un directorio de albergues." in note.body
    assert "Se adoptó un acuerdo." not in note.body


def test_the_demo_issuer_writes_its_capacity_only_from_its_own_unit(demo):
    """Without a standing recorded on its unit, SEGOB is only the session's invited guest: nothing is guessed."""
    unit = IssuingUnit.objects.get(institution__short_name="SEGOB")
    unit.standing = ""
    unit.save()
    body = informative_note_compose(session=demo, unit=unit, written_on=dt.date(2022, 10, 7))
    assert body.startswith("El 7 de octubre del presente año, la Secretaría de Gobernación, acudió al Palacio")
    assert "en su calidad de" not in body.split("\n\n")[0] and "Comisión Intersecretarial" not in body


# --- Drafting again (issue 17) ---


def test_drafting_again_writes_the_next_version_from_the_current_data_and_keeps_the_previous(note):
    """A sixth agreement after the draft: drafted again, version 2 counts six; version 1 still says five."""
    edited = _edit(note, body=note.body + "\nUn párrafo escrito a mano.\n")
    AgreementFactory(session=note.session, sequence=6, text="Se agrega un sexto acuerdo.")
    second = informative_note_redraft(note=edited, version=informative_note_version(edited))
    assert (second.version, second.status) == (2, InformativeNote.Status.DRAFT)
    assert "Se adoptaron seis acuerdos." in second.body and "escrito a mano" not in second.body
    assert (second.place, second.date, second.units) == (edited.place, edited.date, edited.units)
    edited.refresh_from_db()
    assert "Se adoptaron cinco acuerdos." in edited.body and "escrito a mano" in edited.body
    assert informative_note_current(note.session) == second
    with pytest.raises(ValidationError, match="edite la más reciente"):
        informative_note_redraft(note=edited, version=informative_note_version(edited))


def test_drafting_again_is_refused_from_a_stale_reading_and_a_same_text_makes_no_version(note):
    read = informative_note_version(note)
    _edit(note, body=note.body + "\nUn párrafo escrito a mano.\n")
    with pytest.raises(ValidationError) as refused:
        informative_note_redraft(note=note, version=read)
    assert refused.value.code == "stale"
    fresh = InformativeNote.objects.get(pk=note.pk)
    again = informative_note_redraft(note=fresh, version=informative_note_version(fresh))
    same = informative_note_redraft(note=again, version=informative_note_version(again))
    assert same == again and InformativeNote.objects.filter(session=note.session).count() == 2


def test_drafting_a_final_nota_again_makes_a_new_draft_and_keeps_the_published_one(note):
    final = informative_note_make_final(note=note)
    AgreementFactory(session=note.session, sequence=6, text="Se agrega un sexto acuerdo.")
    second = informative_note_redraft(note=final, version=informative_note_version(final), list_agreements=True)
    assert (second.version, second.status) == (2, InformativeNote.Status.DRAFT)
    assert "Se adoptaron seis acuerdos:\n" in second.body
    final.refresh_from_db()
    assert final.status == InformativeNote.Status.FINAL and "seis" not in pdf_text(published_pdf(final.document))


def test_a_working_groups_session_is_coordinated_by_its_coordinator_not_presided_by_the_council(world):
    council = world.council_x
    coordinator = SeatFactory(council=council, institution__name="Secretaría Coordinadora de Prueba")
    group = WorkingGroupFactory(council=council, name="Grupo de Trabajo de Prueba", coordinator=coordinator.institution)
    presidency = SeatFactory(council=council, institution=council.presiding_institution, role=Seat.Role.PRESIDENCY)
    session = SessionFactory(council=council, working_group=group, status=Session.Status.HELD)
    for seat in (coordinator, presidency):
        InvitationFactory(session=session, institution=seat.institution, seat=seat, attended=True)
    body = informative_note_create_draft(session=session, issuing_unit=IssuingUnitFactory()).body
    assert "La sesión fue coordinada por la Secretaría Coordinadora de Prueba." in body
    assert "presidida" not in body

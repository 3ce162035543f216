"""The formalities of the documents an office signs: orden del día, lista de asistencia, acta; tagged, archival PDFs.

Each is read as the office would (its text, with ``tests.pdftext``), its structure with pikepdf, and its
layout as WeasyPrint laid it out (column widths, rows per page): for the demo and for a council of Jalisco
unlike it.
"""

import datetime as dt
import io
import re

import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from core.wording import cardinal_words, date_in_full_words, hour, time_in_words
from council.models import Seat, SeatAlternate
from demo.loader import load_demo
from sessions_app.documents import rendering
from sessions_app.documents.builders import agenda_document, attendance_document, minutes_document
from sessions_app.documents.note import session_note_document
from sessions_app.documents.publishing import published_pdf
from sessions_app.documents.registry import DOCUMENTS
from sessions_app.models import AgendaItem, Invitation, Minutes, Session
from sessions_app.services.agenda import agenda_set_shows_times
from sessions_app.services.minutes import minutes_approve, minutes_circulate, minutes_draft
from sessions_app.services.notes import informative_note_make_final
from sessions_app.services.publications import session_document_publish
from tests.council.factories import SeatFactory
from tests.members.factories import InstitutionFactory, PersonFactory, UserFactory
from tests.pdftext import pdf_page_texts, pdf_reader, pdf_text
from tests.sessions_app.factories import SessionFactory
from tests.worlds import build_other_state

pytestmark = pytest.mark.django_db

CM = 96 / 2.54  # CSS pixels in a centimetre, WeasyPrint's unit of layout


@pytest.fixture
def demo():
    load_demo(with_accounts=True)
    return Session.objects.select_related("council").get(starts_at__year=2022)


@pytest.fixture
def jalisco():
    """Jalisco's council held a session: its presidency sent a suplente, its secretariat came, a member
    sent someone its seat does not know, another did not come; one point has no notes."""
    world = build_other_state()
    place = {"state": world.inst_a.state}
    alternate = PersonFactory(institution=world.inst_a, full_name="Rosa Suplente Ibarra", post="Directora de Área")
    SeatAlternate.objects.create(seat=world.seat_a, person=alternate)
    inst_c = InstitutionFactory(name="Institución C de Jalisco", **place)
    inst_d = InstitutionFactory(name="Institución D de Jalisco", **place)
    seat_c = SeatFactory(council=world.council, institution=inst_c, order=3)
    seat_d = SeatFactory(council=world.council, institution=inst_d, order=4)
    world.seat_a.order, world.seat_b.order = 1, 2
    world.seat_a.save(), world.seat_b.save()
    stranger = PersonFactory(institution=inst_c, full_name="Pedro Enviado Luna", post="Asesor")
    starts = timezone.make_aware(dt.datetime(2023, 3, 1, 9, 30), timezone.get_current_timezone())
    session = world.session
    session.starts_at, session.ends_at = starts, starts + dt.timedelta(hours=2, minutes=15)
    session.status, session.city = Session.Status.HELD, "Zapopan"
    session.save()
    attendance = {
        world.seat_a: alternate,
        world.seat_b: world.seat_b.principal,
        seat_c: stranger,
        seat_d: None,
    }
    for seat, person in attendance.items():
        Invitation.objects.create(
            session=session,
            institution=seat.institution,
            seat=seat,
            has_vote=True,
            invitee=seat.principal,
            attendee=person,
            attended=person is not None,
            arrived_at=starts if person else None,
        )
    AgendaItem.objects.create(session=session, order=1, title="Lista de asistencia", kind=AgendaItem.Kind.ROLL_CALL)
    AgendaItem.objects.create(
        session=session, order=2, title="Informe anual", notes="Se presentó el informe anual del consejo."
    )
    world.alternate, world.stranger, world.seat_c, world.seat_d = alternate, stranger, seat_c, seat_d
    return world


def _laid_out(html: str):
    fonts, sheets = rendering.stylesheets()
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=rendering.url_fetcher).render(
        stylesheets=sheets, font_config=fonts
    )


def _boxes(box, kind: str):
    """Every box of a class named ``kind`` under ``box``, in document order."""
    if type(box).__name__ == kind:
        yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child, kind)


def _rows_per_page(html: str) -> list[list[int]]:
    """For each page, how many body rows of each table it holds."""
    pages = []
    for page in _laid_out(html).pages:
        counts = []
        for table in _boxes(page._page_box, "TableBox"):
            if "signature-grid" in (table.element.get("class") or ""):
                continue  # the acta's presidency and secretariat: one row of two blocks by design
            rows = [row for group in table.children if not group.is_header for row in group.children]
            counts.append(len(rows))
        pages.append(counts)
    return pages


# --- Spanish wording of times and dates.


def test_times_and_dates_are_written_as_an_office_writes_them():
    assert hour(dt.time(10, 0)) == "10:00 horas"
    assert hour(dt.time(7, 5)) == "7:05 horas"
    assert time_in_words(dt.time(10, 0)) == "las diez horas"
    assert time_in_words(dt.time(13, 31)) == "las trece horas con treinta y un minutos"
    assert time_in_words(dt.time(1, 0)) == "la una hora"
    assert date_in_full_words(dt.date(2022, 10, 7)) == "siete de octubre de dos mil veintidós"
    assert date_in_full_words(dt.date(2021, 1, 1)) == "primero de enero de dos mil veintiuno"
    assert [cardinal_words(n) for n in (16, 45, 100, 115, 1999)] == [
        "dieciséis",
        "cuarenta y cinco",
        "cien",
        "ciento quince",
        "mil novecientos noventa y nueve",
    ]


# A date written in digits ("07/10/2022", "7/10/22"), not inside an oficio number ("SII/2022/001") or a path.
NUMERIC_DATE = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/\d{2,4}(?![\w/])")
# A time of day ("9:30", "09:30", "10:00"); it must read "9:30 horas", or "de 9:30 a 11:00 horas".
TIME_OF_DAY = re.compile(r"(?<![\w:/.])(\d{1,2}):(\d{2})(?![\w:])")
TIME_WELL_WRITTEN = re.compile(r"[1-9]?\d:\d{2}(?: a [1-9]?\d:\d{2})? horas")


def _misworded_dates_and_times(text: str) -> list[str]:
    found = [match.group() for match in NUMERIC_DATE.finditer(text)]
    for match in TIME_OF_DAY.finditer(text):
        start = match.start()
        written = TIME_WELL_WRITTEN.match(text, start)
        if not written or (match.group(1).startswith("0") and match.group(1) != "0"):
            found.append(text[max(0, start - 20) : match.end() + 10])
    return found


def test_the_finder_of_misworded_dates_and_times_tells_them_from_numbers_that_are_not():
    assert (
        _misworded_dates_and_times(
            "Oficio SII/2022/001. Tel. 81 2020 3000. SHA-256 3f0a9c. El 7 de octubre de 2022, de 10:00 a 12:30 horas; "
            "llegó a las 9:30 horas y a las 0:05 horas."
        )
        == []
    )
    assert len(_misworded_dates_and_times("Sesión del 07/10/2022, 9:30 h; llegó a las 09:30 horas; 10:00.")) == 4


def test_no_document_writes_a_date_in_digits_or_a_time_without_horas(demo):
    """Every document of the demo session (orden del día, convocatoria, lista, acta, reporte, nota) writes
    "7 de octubre de 2022" and "9:30 horas": never "07/10/2022", "9:30 h", "09:30" or a bare "9:30"."""
    minutes_draft(session=demo)
    arrival = demo.starts_at + dt.timedelta(minutes=25)  # someone arrived late: the lista says when
    late = demo.invitations.filter(attended=True).order_by("pk").first()
    Invitation.objects.filter(pk=late.pk).update(arrived_at=arrival)
    builders = {slug: document.build for slug, document in DOCUMENTS.items()} | {"nota": session_note_document}
    texts = {slug: pdf_text(build(demo).pdf) for slug, build in sorted(builders.items())}
    assert {slug: _misworded_dates_and_times(text) for slug, text in texts.items()} == {slug: [] for slug in texts}
    assert f"Llegó a las {hour(arrival)}" in texts["lista-de-asistencia"]  # "Llegó a las 10:25 horas"


# --- PDF standards.


@pytest.mark.parametrize("slug", sorted(DOCUMENTS))
def test_every_document_is_tagged_with_title_language_subject_and_creation_date(demo, slug):
    minutes_draft(session=demo)
    pdf = pikepdf.open(io.BytesIO(DOCUMENTS[slug].build(demo).pdf))
    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked is True
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert str(pdf.Root.Lang) == "es-MX"
    assert str(pdf.docinfo["/CreationDate"]).startswith("D:" + timezone.localdate().strftime("%Y%m%d"))
    assert demo.council.name in str(pdf.docinfo["/Subject"]) and demo.title in str(pdf.docinfo["/Subject"])
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == str(pdf.docinfo["/Title"]) and str(DOCUMENTS[slug].label) in metadata["dc:title"]
    assert metadata["pdfuaid:part"] == "1"
    assert "pdfaid:part" not in metadata  # a draft is not archival: only published versions are


def test_the_nota_is_tagged_and_its_final_version_is_archival(demo, django_capture_on_commit_callbacks):
    draft = pikepdf.open(io.BytesIO(session_note_document(demo).pdf))
    assert "/StructTreeRoot" in draft.Root and draft.open_metadata()["pdfuaid:part"] == "1"
    note = demo.informative_notes.order_by("-version").first()
    final = informative_note_make_final(note=note)
    with final.document.file.open("rb") as handle:
        stored = pikepdf.open(io.BytesIO(handle.read()))
    metadata = stored.open_metadata()
    assert metadata["pdfaid:part"] == "2"
    assert metadata["pdfaid:conformance"] == "A"
    assert "Nota informativa" in metadata["dc:title"]
    assert "/StructTreeRoot" in stored.Root and stored.Root.MarkInfo.Marked is True
    assert str(stored.Root.Lang) == "es-MX"
    assert "/OutputIntents" in stored.Root  # the sRGB profile PDF/A asks for


def test_an_archival_pdf_of_another_state_carries_its_own_title(jalisco):
    pdf = pikepdf.open(io.BytesIO(attendance_document(jalisco.session).archival_pdf))
    metadata = pdf.open_metadata()
    assert metadata["pdfaid:part"] == "2"
    assert "Lista de asistencia" in metadata["dc:title"]
    assert "Consejo Estatal de Jalisco" in str(pdf.docinfo["/Subject"])
    assert "Nuevo León" not in str(pdf.docinfo["/Subject"])


def _assert_archival_and_tagged(content: bytes, label: str) -> None:
    """PDF/A-2a as an archive keeps it: its identification in the XMP, the sRGB output intent, and still the
    structure tree a screen reader follows, in Spanish."""
    pdf = pikepdf.open(io.BytesIO(content))
    metadata = pdf.open_metadata()
    assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == ("2", "A"), label
    assert label in metadata["dc:title"]
    [intent] = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.K) > 0, label
    assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "es-MX"


def test_the_published_convocatoria_lista_and_acta_are_stored_archival_and_tagged(jalisco):
    """Through the steps that publish them (the staff's publishing, the acta's approval), what is stored."""
    session = jalisco.session
    for slug, label in (("convocatoria", "Convocatoria"), ("lista-de-asistencia", "Lista de asistencia")):
        document = session_document_publish(session=session, slug=slug)
        _assert_archival_and_tagged(published_pdf(document), label)
    minutes = minutes_draft(session=session)
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + dt.timedelta(days=1))
    following = SessionFactory(
        council=jalisco.council,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        status=Session.Status.CONVENED,
        quorum_met=True,
    )
    AgendaItem.objects.create(
        session=following, order=1, title="Aprobación del acta anterior", kind=AgendaItem.Kind.MINUTES_APPROVAL
    )
    approved = minutes_approve(minutes=Minutes.objects.get(pk=minutes.pk), at_session=following)
    _assert_archival_and_tagged(published_pdf(approved.document), "Acta")


# --- Typography.


def test_justified_spanish_text_is_hyphenated_with_spanish_patterns(demo):
    raw = "\n".join(page.extract_text() for page in pdf_reader(attendance_document(demo).pdf).pages)
    broken = re.findall(r"(\w+)\u2010\n(\w+)", raw)
    assert broken, "no word was hyphenated"
    # Spanish syllables: "Jus-ticia", never "Just-icia" (English patterns).
    assert all(not head.endswith(("st", "tr")) for head, _tail in broken), broken


def test_no_table_leaves_one_row_alone_on_a_page(demo):
    minutes_draft(session=demo)
    for document in (attendance_document(demo), minutes_document(demo)):
        pages = _rows_per_page(document.html)
        assert len(pages) > 1  # the demo's lists run over pages: the rule is exercised
        for page in pages:
            assert 1 not in page, pages


@pytest.fixture
def crowded(jalisco):
    """Jalisco's held session with 28 more voting members, their names, people and posts long enough to wrap:
    a lista and an acta that run over several pages, so that page breaks fall where rows would split."""
    session = jalisco.session
    rows = []
    for n in range(1, 29):
        institution = InstitutionFactory(
            name=f"Institución {n:02d} de Prueba para la Atención Integral de Víctimas y Personas Ofendidas",
            state=jalisco.inst_a.state,
        )
        seat = SeatFactory(council=jalisco.council, institution=institution, order=10 + n)
        person = PersonFactory(
            institution=institution,
            full_name=f"Persona {n:02d} Ejemplo Ficticia",
            post=f"Directora General {n:02d} de Coordinación Interinstitucional y Seguimiento de Programas",
        )
        Invitation.objects.create(
            session=session,
            institution=institution,
            seat=seat,
            has_vote=True,
            invitee=person,
            attendee=person,
            attended=True,
            arrived_at=session.starts_at,
        )
        rows.append((institution.name, person.display_name, person.post))
    jalisco.rows = rows
    return jalisco


def _pages_holding(pages: list[str], text: str) -> list[int]:
    return [number for number, page in enumerate(pages, start=1) if " ".join(text.split()) in page]


def _assert_whole_on_one_page(pages: list[str], *parts: str) -> None:
    """Each part printed whole on one page, and all of them on the same one: nothing cut by a page break."""
    where = [_pages_holding(pages, part) for part in parts]
    assert all(len(found) == 1 for found in where) and len({found[0] for found in where}) == 1, (parts, where)


def test_no_row_of_the_lista_is_split_across_pages_nor_its_signature_block(crowded):
    pages = pdf_page_texts(attendance_document(crowded.session).pdf)
    assert len(pages) >= 3  # long enough for page breaks to fall among the rows
    for institution, person, post in crowded.rows:  # each row read whole on one page
        _assert_whole_on_one_page(pages, f"{institution} {person} {post} Representante con voto")
    secretary = crowded.seat_b.principal
    _assert_whole_on_one_page(
        pages, f"Hace constar {secretary.display_name} {secretary.post} Secretaría Técnica del Consejo Estatal"
    )


def test_no_signature_block_or_row_of_the_acta_is_split_across_pages(crowded):
    minutes_draft(session=crowded.session)
    pages = pdf_page_texts(minutes_document(crowded.session).pdf)
    assert len(pages) >= 3
    for institution, person, post in crowded.rows:  # the attendees' signature table, a row each
        _assert_whole_on_one_page(pages, f"{institution} {person} {post}")
    # The presidency's and the secretariat's blocks side by side: role, name, post and institution together.
    presidency, secretariat = crowded.alternate, crowded.seat_b.principal
    _assert_whole_on_one_page(pages, "PRESIDENCIA", f"{presidency.display_name} {presidency.post} Institución A")
    _assert_whole_on_one_page(pages, "SECRETARÍA TÉCNICA", f"{secretariat.display_name} {secretariat.post}")


def test_a_signature_block_is_never_cut_wherever_the_page_breaks():
    """Signature blocks marked up as the lista's and the letters' (``.signatures``), after paragraphs of every
    length, on the print base: wherever a break falls, each block's lead, name and post stay on one page."""
    body = []
    for n in range(1, 25):
        body.append(f"<p>{'Texto del documento que antecede a la firma. ' * (1 + n % 7 * 3)}</p>")
        body.append(
            '<div class="signatures"><div class="signature-block">'
            f'<div>Firma {n:02d}</div><div class="line">Persona {n:02d} Ejemplo Ficticia</div>'
            f'<div class="post">Directora General {n:02d}<br>Secretaría Técnica del Consejo</div></div></div>'
        )
    base = rendering.render_html("pdf/base.html", {"issuer": {"name": "Institución de Prueba"}, "unit_lines": []})
    pages = pdf_page_texts(rendering.render_pdf(base.replace("</body>", "".join(body) + "</body>", 1)))
    assert len(pages) >= 5  # breaks fall at many heights among the blocks
    for n in range(1, 25):
        _assert_whole_on_one_page(
            pages,
            f"Firma {n:02d} Persona {n:02d} Ejemplo Ficticia Directora General {n:02d} Secretaría Técnica del Consejo",
        )


def _lines_on_each_page(html: str, tag: str = "p") -> list[list[int]]:
    """For each ``tag`` element the layout cut across pages, how many of its lines each page holds."""
    pieces: dict = {}
    for page in _laid_out(html).pages:
        for box in _boxes(page._page_box, "BlockBox"):
            if box.element_tag == tag and box.element is not None:
                lines = sum(1 for child in box.children if type(child).__name__ == "LineBox")
                pieces.setdefault(box.element, []).append(lines)
    return [counts for counts in pieces.values() if len(counts) > 1]


def test_a_paragraph_cut_by_a_page_break_leaves_no_lone_lines(jalisco):
    """The acta's paragraphs run over pages; where one is cut, at least three of its lines stay on each side
    (the stylesheet's orphans and widows), never a lone first or last line. Laid out without those rules,
    this acta's cuts leave two lines, or one, on a page."""
    minutes = minutes_draft(session=jalisco.session)
    sentence = "La Secretaría Técnica informó sobre el avance del programa estatal y de sus indicadores. "
    minutes.body = "\n\n".join(sentence * (4 + (n * 5) % 9) for n in range(36))  # of 4 to 12 lines
    minutes.save(update_fields=["body"])
    cut = _lines_on_each_page(minutes_document(jalisco.session).html)
    assert len(cut) >= 3, "too few paragraphs cut by a page break: the rule is not exercised"
    for counts in cut:
        assert min(counts) >= 3, cut


def test_the_print_stylesheet_keeps_rows_and_signatures_whole_and_lines_in_company():
    """The rules the layouts above follow, where every document reads them."""
    css = re.sub(r"/\*.*?\*/", "", rendering.PRINT_CSS.read_text(), flags=re.DOTALL)
    rules = {
        " ".join(selector.split()): body
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if not selector.strip().startswith("@")
    }
    assert "orphans: 3" in rules["p"] and "widows: 3" in rules["p"]
    assert "orphans: 2" in rules["html"] and "widows: 2" in rules["html"]
    assert "break-inside: avoid" in rules["tr"]
    assert "break-inside: avoid" in rules[".signatures"] and "break-inside: avoid" in rules[".signature-block"]


# --- Orden del día.


def test_the_agenda_prints_items_and_presenters_without_internal_data(demo):
    item = demo.agenda_items.filter(presenter_institution__isnull=False).first()
    item.description = f"{item.title}. Lo presenta su titular."
    item.save()
    text = pdf_text(agenda_document(demo).pdf)
    assert item.title in text and f"Presenta: {item.presenter_institution.name}" in text
    assert "Lo presenta su titular" not in text  # a description that repeats the title is not printed
    assert " min" not in text and "Presentación ·" not in text
    assert "De 10:00 a 12:30 horas" in text and "10:00 h " not in text and " 07 " not in text
    assert "10:10 horas" not in text  # no time per item unless chosen


def test_the_agenda_gives_each_items_start_time_only_when_chosen(jalisco):
    session = jalisco.session
    session.status = Session.Status.CONVENED
    session.save()
    agenda_set_shows_times(session=session, shows_times=True)
    text = pdf_text(agenda_document(session).pdf)
    # 9:30 and the roll call's 10 minutes: "9:40 horas", not "09:40" nor "h".
    assert "9:30 horas Lista de asistencia" in text
    assert "9:40 horas Informe anual" in text
    assert "09:" not in text


def test_staff_choose_the_agenda_times_from_the_editor(client, jalisco):
    session = jalisco.session
    session.status = Session.Status.CONVENED
    session.save()
    staff = UserFactory()
    jalisco.council.staff.add(staff)
    client.force_login(staff)
    editor = client.get(reverse("sessions_app:agenda", args=[session.pk]))
    assert "Imprimir la hora de inicio de cada punto" in editor.content.decode()
    response = client.post(reverse("sessions_app:agenda_times", args=[session.pk]), {"shows_times": "1"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.agenda_shows_times is True


# --- Lista de asistencia.


def test_the_attendance_list_names_who_came_in_what_capacity_and_marks_absences(jalisco):
    text = pdf_text(attendance_document(jalisco.session).pdf)
    assert "Rosa Suplente Ibarra" in text and "Suplente con voto" in text
    assert "Pedro Enviado Luna" in text and "Representante con voto" in text
    assert "No asistió" in text
    assert text.count("Titular con voto") == 1  # the secretariat's titular only; the suplente is never titular
    assert "Zapopan" in text and "miércoles 1 de marzo de 2023" in text and "9:30 horas" in text
    assert "Nuevo León" not in text and "Monterrey" not in text


def test_before_the_session_the_list_names_who_is_expected_without_absences(jalisco):
    session = jalisco.session
    session.status = Session.Status.CONVENED
    session.starts_at = timezone.now() + dt.timedelta(days=3)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    session.invitations.update(attended=False, attendee=None, arrived_at=None)
    text = pdf_text(attendance_document(session).pdf)
    assert "No asistió" not in text
    assert jalisco.seat_d.principal.full_name in text


def test_the_signature_column_is_at_least_four_and_a_half_centimetres(jalisco):
    document = _laid_out(attendance_document(jalisco.session).html)
    tables = [table for table in _boxes(document.pages[0]._page_box, "TableBox") if len(table.column_widths) == 5]
    assert tables
    for table in tables:
        assert table.column_widths[-1] >= 4.5 * CM - 0.5, [round(width / CM, 2) for width in table.column_widths]


# --- Acta.


def test_the_acta_opens_and_closes_in_words_with_its_formalities(jalisco):
    minutes_draft(session=jalisco.session)
    text = pdf_text(minutes_document(jalisco.session).pdf)
    assert "siendo las nueve horas con treinta minutos del día primero de marzo de dos mil veintitrés" in text
    assert (
        "No habiendo más asuntos que tratar, se da por concluida la sesión a las once horas con cuarenta y cinco "
        "minutos del día primero de marzo de dos mil veintitrés, firmando al calce quienes en ella intervinieron."
    ) in text
    assert "Se desahogó el punto sin observaciones." in text  # the roll call, without notes
    assert "Se presentó el informe anual del consejo." in text
    assert "Rosa Suplente Ibarra, Directora de Área (en suplencia)" in text
    assert "Pedro Enviado Luna, Asesor (en representación)" in text
    assert f"PRESIDENCIA {jalisco.alternate.display_name}" in text
    assert f"SECRETARÍA TÉCNICA {jalisco.seat_b.principal.display_name}" in text
    assert "Nuevo León" not in text and "Monterrey" not in text


def test_the_acta_names_the_attendees_in_one_order_in_its_text_and_its_signatures(demo):
    minutes_draft(session=demo)
    text = pdf_text(minutes_document(demo).pdf)
    body, signatures = text.split("Firmas de las demás personas asistentes")
    attended = list(
        demo.invitations.filter(attended=True, has_vote=True)
        .exclude(seat__role__in=[Seat.Role.PRESIDENCY, Seat.Role.SECRETARIAT])
        .select_related("institution")
        .order_by("seat__order", "institution__name")
    )
    names = [invitation.institution.name for invitation in attended]

    def order_in(part):
        return sorted(names, key=lambda name: part.index(name))

    assert order_in(body[body.index("ASISTENCIA") :]) == names
    assert order_in(signatures) == names

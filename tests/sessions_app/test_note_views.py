"""The nota informativa's pages, as the secretariat uses them: draft, edit, preview, make final, versions."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from demo.loader import load_demo
from sessions_app.documents import rendering
from sessions_app.documents.rendering import render_pdf
from sessions_app.models import Document, InformativeNote, Session
from sessions_app.services.notes import informative_note_version
from tests.council.factories import CouncilFactory
from tests.members.factories import InstitutionFactory, IssuingUnitFactory, UserFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo(with_accounts=True)
    return Session.objects.select_related("council").get(starts_at__year=2022)


@pytest.fixture
def staff(client, demo):
    client.force_login(demo.council.staff.first())
    return client


def _url(name, session):
    return reverse(f"sessions_app:{name}", args=[session.pk])


def _form(note, **changes):
    data = {
        "place": note.place,
        "date": note.date.isoformat(),
        "unit_lines": note.unit_lines,
        "body": note.body,
        "footer_address": note.footer_address,
        "version": informative_note_version(note),  # as the edit page read it
    }
    return {**data, **changes}


def test_only_the_councils_staff_and_admins_reach_the_nota(client, demo):
    """Another council's staff and the delegates get 403; visitors go to the login."""
    names = ("note", "note_edit", "note_final", "note_pdf", "note_create")
    other_staff = UserFactory(username="staff_de_otro")
    CouncilFactory().staff.add(other_staff)
    for user in (other_staff, get_user_model().objects.get(username="salud")):
        client.force_login(user)
        for name in names:
            assert client.get(_url(name, demo)).status_code == 403, (user, name)
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(_url("note", demo)).status_code == 200
    client.logout()
    response = client.get(_url("note", demo))
    assert response.status_code == 302 and "/entrar/" in response["Location"]


def test_the_session_page_links_to_the_nota(staff, demo):
    body = staff.get(demo.get_absolute_url()).content.decode()
    assert _url("note", demo) in body and "Ver nota informativa" in body
    assert _url("note_pdf", demo) in body


def test_the_nota_page_previews_it_as_it_prints(staff, demo):
    body = staff.get(_url("note", demo)).content.decode()
    assert "Ciudad de México, a 7 de octubre de 2022" in body
    assert "<strong>“Consejo Interinstitucional para la Prevención" in body
    assert "SUBSECRETARÍA DE DERECHOS HUMANOS, POBLACIÓN Y MIGRACIÓN" in body
    assert "Circular de Morelia No.8" in body
    assert _url("note_pdf", demo) in body and _url("note_final", demo) in body


def test_in_english_the_page_is_english_and_the_preview_stays_the_spanish_document(staff, demo):
    staff.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = staff.get(_url("note", demo)).content.decode()
    assert "Briefing note on the" in body and "Versions" in body and "Edit text" in body
    assert '<h3 class="note-title">Nota informativa</h3>' in body and "Briefing note</h3>" not in body


def test_drafting_the_nota_from_a_held_session(staff, demo):
    """Staff choose the issuing unit (the council's default is offered first); the draft is written from the data."""
    InformativeNote.objects.filter(session=demo).delete()
    page = staff.get(_url("note", demo)).content.decode()
    assert _url("note_create", demo) in page
    form = staff.get(_url("note_create", demo))
    assert form.status_code == 200 and "Secretaría de Gobernación" in form.content.decode()
    unit = demo.council.default_issuing_unit
    assert form.context["form"].initial["issuing_unit"] == unit.pk
    response = staff.post(_url("note_create", demo), {"issuing_unit": unit.pk, "date": "2022-10-10"})
    assert response.status_code == 302 and response["Location"] == _url("note", demo)
    note = InformativeNote.objects.get(session=demo)
    assert note.issuing_unit == unit and note.date == dt.date(2022, 10, 10)
    assert note.body.startswith("El 7 de octubre del presente año, la Secretaría de Igualdad e Inclusión")
    again = staff.post(_url("note_create", demo), {"issuing_unit": unit.pk, "date": "2022-10-10"})
    assert again.status_code == 400 and "ya tiene nota informativa" in again.content.decode()


def test_staff_choose_on_the_forms_whether_the_nota_lists_the_agreements(staff, demo):
    """Drafting and drafting again offer "Enumerar los acuerdos uno por uno": checked, each agreement on its
    line; unchecked, one sentence counts them."""
    InformativeNote.objects.filter(session=demo).delete()
    agreements = [f"{a.number}. {a.text.strip()}" for a in demo.agreements.order_by("sequence")]
    assert len(agreements) == 5
    form = staff.get(_url("note_create", demo)).content.decode()
    assert "Enumerar los acuerdos uno por uno" in form and 'name="list_agreements"' in form
    unit = demo.council.default_issuing_unit
    data = {"issuing_unit": unit.pk, "date": "2022-10-10", "list_agreements": "on"}
    assert staff.post(_url("note_create", demo), data).status_code == 302
    listed = InformativeNote.objects.get(session=demo)
    assert "Se adoptaron cinco acuerdos:\n" + "\n".join(agreements) in listed.body
    assert "Se adoptaron cinco acuerdos." not in listed.body
    page = staff.get(_url("note", demo)).content.decode()
    assert agreements[0] in page  # the preview shows them as they will print

    confirm = staff.get(_url("note_redraft", demo))
    assert "Enumerar los acuerdos uno por uno" in confirm.content.decode()
    response = staff.post(_url("note_redraft", demo), {"version": confirm.context["form"].initial["version"]})
    assert response.status_code == 302
    counted = InformativeNote.objects.get(session=demo, version=2)
    assert "Se adoptaron cinco acuerdos." in counted.body
    assert not any(agreement in counted.body for agreement in agreements)

    confirm = staff.get(_url("note_redraft", demo))
    version = confirm.context["form"].initial["version"]
    staff.post(_url("note_redraft", demo), {"version": version, "list_agreements": "on"})
    assert "\n".join(agreements) in InformativeNote.objects.get(session=demo, version=3).body


def test_a_unit_of_an_institution_not_convened_issues_it(staff, demo):
    """The list offers the council's own units; any other unit of the directory is found by the search and issues it."""
    InformativeNote.objects.filter(session=demo).delete()
    stranger = InstitutionFactory(name="Institución Ajena", short_name="IAJ", unit=None)
    unit = IssuingUnitFactory(institution=stranger, lines="Dirección de Enlace Ajena", place="Saltillo")
    assert not demo.invitations.filter(institution=stranger).exists()
    form = staff.get(_url("note_create", demo)).content.decode()
    assert "IAJ · Institución Ajena — Dirección de Enlace Ajena" not in form  # not the council's: searched for
    assert "SII · Secretaría de Igualdad e Inclusión" in form and 'data-search-kind="units"' in form
    found = staff.get(reverse("members:directory_search"), {"q": "Ajena", "tipo": "unidades"}).json()["results"]
    assert found == [{"id": unit.pk, "label": "IAJ · Institución Ajena — Dirección de Enlace Ajena"}]
    response = staff.post(_url("note_create", demo), {"issuing_unit": unit.pk, "date": "2022-10-10"})
    assert response.status_code == 302
    note = InformativeNote.objects.get(session=demo)
    assert (note.issuing_unit, note.place, note.unit_lines) == (unit, "Saltillo", "Dirección de Enlace Ajena")


def test_an_archived_unit_is_not_offered(staff, demo):
    InformativeNote.objects.filter(session=demo).delete()
    unit = IssuingUnitFactory(lines="Unidad Archivada de Prueba", archived_at=timezone.now())
    assert "Unidad Archivada de Prueba" not in staff.get(_url("note_create", demo)).content.decode()
    response = staff.post(_url("note_create", demo), {"issuing_unit": unit.pk, "date": "2022-10-10"})
    assert response.status_code == 400
    assert not InformativeNote.objects.filter(session=demo).exists()


def test_typed_markup_stays_text_on_the_page_and_in_the_pdf(staff, demo):
    """A <script> someone types is shown as text, never run, and printed as text."""
    note = demo.informative_notes.get()
    typed = 'Párrafo con <script>alert("x")</script> y <b>etiquetas</b>.'
    response = staff.post(_url("note_edit", demo), _form(note, body=typed))
    assert response.status_code == 302
    page = staff.get(_url("note", demo)).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "&lt;b&gt;etiquetas&lt;/b&gt;" in page
    text = pdf_text(staff.get(_url("note_pdf", demo)).content)
    assert '<script>alert("x")</script>' in text and "<b>etiquetas</b>" in text


def test_bad_input_is_a_400_with_a_spanish_message(staff, demo):
    note = demo.informative_notes.get()
    response = staff.post(_url("note_edit", demo), _form(note, date="31/02/2022", place=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Escriba una fecha válida." in body and "Indique el lugar de la nota." in body


def test_an_empty_nota_is_refused_at_the_final_step(staff, demo):
    note = demo.informative_notes.get()
    assert staff.post(_url("note_edit", demo), _form(note, body="")).status_code == 302
    response = staff.post(_url("note_final", demo))
    assert response.status_code == 400
    assert "La nota informativa está vacía" in response.content.decode()
    assert demo.informative_notes.get().status == InformativeNote.Status.DRAFT


def test_final_then_edited_makes_version_two_and_both_download(staff, demo):
    """Confirm, publish; edit: version 2 is a draft; made final, both published PDFs stay downloadable."""
    confirm = staff.get(_url("note_final", demo))
    assert confirm.status_code == 200 and "Sí, hacerla final y publicarla" in confirm.content.decode()
    assert staff.post(_url("note_final", demo)).status_code == 302
    first = demo.informative_notes.get()
    assert first.status == InformativeNote.Status.FINAL

    edit = staff.get(_url("note_edit", demo)).content.decode()
    assert "al guardar se crea la versión 2" in edit
    response = staff.post(_url("note_edit", demo), _form(first, body=first.body + "\n\nPárrafo de la versión dos."))
    assert response.status_code == 302
    assert staff.post(_url("note_final", demo)).status_code == 302

    documents = list(Document.objects.filter(session=demo, kind=Document.Kind.NOTE).order_by("version"))
    assert [document.version for document in documents] == [1, 2]
    page = staff.get(_url("note", demo)).content.decode()
    texts = []
    for document in documents:
        url = reverse("sessions_app:published_document", args=[demo.pk, document.pk])
        assert url in page
        download = staff.get(url)
        assert download.status_code == 200
        texts.append(pdf_text(download.content))
    assert "Párrafo de la versión dos." not in texts[0] and "Párrafo de la versión dos." in texts[1]


def test_the_pdf_preview_is_rendered_once_and_answers_304(staff, demo):
    with mock.patch.object(rendering, "render_pdf", wraps=render_pdf) as render:
        first = staff.get(_url("note_pdf", demo))
        assert first.status_code == 200 and 'filename="nota_informativa.pdf"' in first["Content-Disposition"]
        assert staff.get(_url("note_pdf", demo), headers={"if-none-match": first["ETag"]}).status_code == 304
        assert render.call_count == 1


def test_a_repeated_download_reads_neither_the_nota_nor_the_session(
    staff, demo, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """The login's session and user, the one permission query; an edit is in the next download all the same."""
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.get(_url("note_pdf", demo))
    with django_assert_max_num_queries(3), mock.patch.object(rendering, "render_pdf") as render:
        again = staff.get(_url("note_pdf", demo))
    assert again.status_code == 200 and again["ETag"] == first["ETag"] and render.call_count == 0
    note = demo.informative_notes.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(_url("note_edit", demo), _form(note, body="Un párrafo corregido.")).status_code == 302
    edited = staff.get(_url("note_pdf", demo))
    assert edited["ETag"] != first["ETag"] and "Un párrafo corregido." in pdf_text(edited.content)


def test_a_session_without_nota_has_no_nota_pdf(staff, demo):
    demo.informative_notes.all().delete()
    assert staff.get(_url("note_pdf", demo)).status_code == 404


def test_the_nota_page_reads_a_fixed_number_of_queries_whatever_the_versions(
    staff, demo, django_assert_max_num_queries
):
    note = demo.informative_notes.get()
    with django_assert_max_num_queries(12) as one:
        staff.get(_url("note", demo))
    for number in range(2, 6):
        note = InformativeNote.objects.create(
            session=demo,
            issuing_unit=note.issuing_unit,
            place=note.place,
            date=note.date,
            body="Texto.",
            version=number,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert staff.get(_url("note", demo)).content.decode().count("Versión ") >= 5


def test_drafting_the_nota_again_is_offered_confirmed_and_keeps_the_earlier_text_readable(staff, demo):
    """The nota page offers "Redactar de nuevo"; a confirmation; version 2 counts six agreements; version 1's
    text, edited by hand, stays readable on the page."""
    note = demo.informative_notes.get()
    staff.post(_url("note_edit", demo), _form(note, body=note.body + "\n\nPárrafo escrito a mano."))
    AgreementFactory(session=demo, sequence=6, text="Se agrega un sexto acuerdo.")
    page = staff.get(_url("note", demo)).content.decode()
    assert _url("note_redraft", demo) in page
    confirm = staff.get(_url("note_redraft", demo))
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "como versión 2" in text and "Sí, redactar de nuevo" in text
    version = confirm.context["form"].initial["version"]
    response = staff.post(_url("note_redraft", demo), {"version": version})
    assert response.status_code == 302
    second = InformativeNote.objects.get(session=demo, version=2)
    assert "Se adoptaron seis acuerdos." in second.body and "Párrafo escrito a mano" not in second.body
    page = staff.get(_url("note", demo)).content.decode()
    assert "Se adoptaron seis acuerdos." in page  # the preview: version 2
    assert "Borrador sustituido: ver su texto" in page and "Párrafo escrito a mano." in page  # version 1, kept
    # The same confirmation sent again (an old reading) is refused and writes nothing.
    stale = staff.post(_url("note_redraft", demo), {"version": version})
    assert stale.status_code == 400 and "Otra persona guardó cambios" in stale.content.decode()
    assert InformativeNote.objects.filter(session=demo).count() == 2


def test_drafting_a_final_nota_again_is_offered_as_a_new_version(staff, demo):
    staff.post(_url("note_final", demo))
    page = staff.get(_url("note", demo)).content.decode()
    assert "Redactar de nuevo con los datos actuales (nueva versión)" in page
    confirm = staff.get(_url("note_redraft", demo)).content.decode()
    assert "La versión final y su PDF publicado se conservan." in confirm

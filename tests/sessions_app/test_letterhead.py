"""Each issuer's own letterhead: its logo beside its name and unit lines, its address, phone and web at the foot.

A federal secretariat (the demo's SEGOB, issuing the nota), a state office (the council's secretariat, issuing
the orden del día) and a fictional Jalisco office without a logo: each PDF carries its own, and only its own.
"""

import pytest

from demo.data import SEGOB_FOOTER, SEGOB_UNITS, SII_PHONE, SII_WEB
from demo.loader import STATE_FOOTER, load_demo
from sessions_app.documents.builders import agenda_document
from sessions_app.documents.note import informative_note_document
from sessions_app.documents.rendering import render_pdf
from sessions_app.models import Session
from tests.pdftext import pdf_reader, pdf_text
from tests.worlds import build_other_state

pytestmark = pytest.mark.django_db


def _images(content: bytes) -> list[bytes]:
    resources = pdf_reader(content).pages[0]["/Resources"]
    objects = [item.get_object() for item in (resources.get("/XObject") or {}).values()]
    return [item.get_data() for item in objects if item["/Subtype"] == "/Image"]


@pytest.fixture
def demo():
    load_demo(with_accounts=False)
    return Session.objects.select_related("council").get(starts_at__year=2022)


def test_a_federal_secretariat_a_state_office_and_a_unit_without_logo_each_print_their_own(demo):
    jalisco = build_other_state()
    note = demo.informative_notes.get()
    federal = render_pdf(informative_note_document(note).html)
    state = agenda_document(demo).pdf
    jalisco.inst_b.issuing_units.update(
        lines="Dirección de Enlace de Jalisco", address="Avenida Ficticia 5, Guadalajara", phone="33 0000 0000"
    )
    jalisco = agenda_document(jalisco.session).pdf
    federal_text, state_text, jalisco_text = pdf_text(federal), pdf_text(state), pdf_text(jalisco)

    federal_own = ["SECRETARÍA DE GOBERNACIÓN", *SEGOB_UNITS.splitlines(), SEGOB_FOOTER]
    state_own = ["SECRETARÍA DE IGUALDAD E INCLUSIÓN", "Subsecretaría de Igualdad Sustantiva", STATE_FOOTER]
    state_own += [f"Tel. {SII_PHONE}", SII_WEB]
    jalisco_own = [
        "INSTITUCIÓN B",
        "Dirección de Enlace de Jalisco",
        "Avenida Ficticia 5, Guadalajara · Tel. 33 0000 0000",
    ]
    for text, own, others in (
        (federal_text, federal_own, state_own + jalisco_own),
        (state_text, state_own, federal_own + jalisco_own),
        (jalisco_text, jalisco_own, federal_own + state_own),
    ):
        assert [line for line in own if line not in text] == []
        assert [line for line in others if line in text] == []

    # The demo's two issuers carry logos of their own (made by the demo, plainly invented); a unit without one
    # prints its name and lines alone.
    assert len(_images(federal)) == 1 and len(_images(state)) == 1 and _images(federal) != _images(state)
    assert _images(jalisco) == []

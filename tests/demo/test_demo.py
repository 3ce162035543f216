"""The demo council of the seed nota informativa, loaded idempotently."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from council.models import Council
from demo.data import SEGOB_FOOTER, SEGOB_UNITS
from members.models import Institution, IssuingUnit, Person, State
from sessions_app.models import Session

pytestmark = pytest.mark.django_db

SEED_MEMBERS = [
    "Alcaldes y alcaldesas de la zona norte",
    "Alcaldes y alcaldesas de la zona sur",
    "Secretaría General de Gobierno",
    "Fiscalía General de Justicia del Estado de Nuevo León",
    "Secretaría de Seguridad Pública",
    "Secretaría de Finanzas y Tesorería General del Estado",
    "Secretaría de Educación",
    "Secretaría de Salud",
    "Secretaría de Igualdad e Inclusión",
    "Secretaría de Trabajo",
    "Sistema para el Desarrollo Integral de la Familia",
    "Instituto Estatal de las Mujeres",
    "Secretaría de Turismo",
    "Secretaría de las Mujeres",
]
SEED_GUESTS = [
    "Poder Judicial",
    "Poder Legislativo",
    "Comisión Estatal de Derechos Humanos",
    "Sociedad civil",
    "Sector empresarial",
    "Academia",
]


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_changes_nothing(settings):
    settings.DEMO = True
    call_command("load_demo", stdout=__import__("io").StringIO())
    first = _row_counts()
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert _row_counts() == first


def test_demo_reproduces_the_seed_session(settings):
    settings.DEMO = False
    call_command("load_demo", stdout=__import__("io").StringIO())
    council = Council.objects.get(name__startswith="Consejo Interinstitucional para la Prevención")
    session = Session.objects.get(council=council, year=2022)
    assert session.title == "Primera Sesión Ordinaria 2022"
    assert (session.venue, session.city) == ("Palacio de Gobierno", "Monterrey")
    assert session.starts_at.date().isoformat() == "2022-10-07"
    members = set(session.invitations.filter(role="member").values_list("institution__name", flat=True))
    assert members == set(SEED_MEMBERS)
    guests = list(session.invitations.filter(role="guest").values_list("institution__name", flat=True))
    for guest in SEED_GUESTS:
        assert any(guest in name for name in guests), guest
    assert "Secretaría de Gobernación" in guests
    titles = " ".join(session.agenda_items.filter(highlight=True).values_list("title", flat=True))
    assert "Programa Estatal" in titles and "grupos de trabajo" in titles
    assert council.working_groups.filter(formed_at=session).count() == 3
    assert council.sessions.filter(starts_at__year=2026, status="convened").exists()
    assert session.quorum_met
    assert session.quorum_declared_at.date() == session.starts_at.date(), "declared at the session, not on load"


def test_demo_accounts_only_where_demo_is_on(settings, django_user_model):
    settings.DEMO = False
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert not django_user_model.objects.exists()
    settings.DEMO = True
    out = __import__("io").StringIO()
    call_command("load_demo", stdout=out)
    assert {"admin", "secretaria", "salud", "educacion"} <= set(
        django_user_model.objects.values_list("username", flat=True)
    )
    assert "sesiones-demo" in out.getvalue()


def test_demo_institutions_are_placed_in_nuevo_leon_and_segob_is_national(settings):
    """SEGOB is federal, without a state; every other institution sits in Nuevo León, and each passes its rules."""
    settings.DEMO = False
    call_command("load_demo", stdout=__import__("io").StringIO())
    segob = Institution.objects.get(name="Secretaría de Gobernación")
    assert (segob.government_order, segob.state, segob.place) == ("federal", "", "Nacional")
    others = Institution.objects.exclude(pk=segob.pk)
    assert set(others.values_list("state", flat=True)) == {State.NUEVO_LEON}
    assert (
        Institution.objects.get(name="Secretaría de Salud").label_with_place()
        == "Secretaría de Salud (SSNL) · Nuevo León"
    )
    municipal = others.filter(government_order="municipal")
    assert municipal.count() == 2 and all(institution.municipality for institution in municipal)
    judiciary = Institution.objects.get(name="Poder Judicial del Estado de Nuevo León")
    assert judiciary.get_government_order_display() == "Poder Judicial"
    for institution in Institution.objects.all():
        institution.full_clean()


def test_the_demo_letterheads_are_issuing_units(settings):
    """SEGOB's unit is the seed's letterhead and issues the nota; the state secretariat's is the council's default."""
    settings.DEMO = False
    call_command("load_demo", stdout=__import__("io").StringIO())
    council = Council.objects.get(name__startswith="Consejo Interinstitucional para la Prevención")
    default = council.default_issuing_unit
    assert default.institution.name == "Secretaría de Igualdad e Inclusión" == council.secretariat_institution.name
    assert (default.place, default.oficio_number(year=2022, n=1)) == ("Monterrey, Nuevo León", "SII/2022/001")
    segob = IssuingUnit.objects.get(institution__short_name="SEGOB")
    assert segob.unit_lines == SEGOB_UNITS.splitlines() and segob.footer == SEGOB_FOOTER
    assert segob.place == "Ciudad de México"
    note = Session.objects.get(council=council, year=2022).informative_notes.get()
    assert note.issuing_unit == segob


def test_the_spanish_interface_calls_the_demo_secretariat_by_its_spanish_name(settings, client, django_user_model):
    """The secretariat's account reads «Secretaría Técnica del consejo» on the page and in the command's output,
    never the English «staff del consejo»."""
    settings.DEMO = True
    out = __import__("io").StringIO()
    call_command("load_demo", stdout=out)
    client.force_login(django_user_model.objects.get(username="secretaria"))
    page = client.get("/", follow=True).content.decode()
    assert "Secretaría Técnica del consejo" in page
    for text in (page, out.getvalue()):
        assert "staff del consejo" not in text.lower()


# The seed nota (shared/seed), kept beside the tests: the real document the demo reproduces.
SEED = (Path(__file__).parent / "seed_nota_informativa_2022-10-07.txt").read_text()
# demo/data.py's rule: a given name, then "Ejemplo" (a titular) or "Muestra" (a suplente), then "Ficticio/a".
FICTIONAL = re.compile(r"^(?P<given>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+) (?P<kind>Ejemplo|Muestra) Fictici(?P<ending>[oa])$")
FEMININE, MASCULINE = ("Dra.", "Mtra."), ("Dr.", "Mtro.", "Mgdo.")


def test_every_person_of_the_demo_is_plainly_invented_and_none_is_named_in_the_seed(settings):
    """Each person's name follows the demo's rule (its surnames agreeing with the honorific's gender), with an
    invented address; the seed names institutions and no person, and no demo name or surname is in it."""
    settings.DEMO = True
    call_command("load_demo", stdout=__import__("io").StringIO())
    people = list(Person.objects.select_related("institution"))
    assert len(people) == 42  # a titular and a suplente for each of the 20 seats, and SEGOB's two
    titulars = set(Council.objects.values_list("seats__principal__full_name", flat=True))
    for person in people:
        match = FICTIONAL.match(person.full_name)
        assert match, person.full_name
        assert (match["kind"] == "Ejemplo") is (person.full_name in titulars), person.full_name
        if person.honorific in FEMININE:
            assert match["ending"] == "a", person
        if person.honorific in MASCULINE:
            assert match["ending"] == "o", person
        assert person.email.endswith("@ejemplo.gob.mx"), person.email
    # The seed names no one: no honorific before a name ("Lic. …", "Mtra. …"), which a real holder would carry.
    assert not re.search(r"\b(Lic|Mtr[oa]|Dr[a]?|Ing|C\.P|Gral|Mgdo|Dip)\. [A-ZÁÉÍÓÚÑ]", SEED)
    for person in people:
        assert person.full_name not in SEED
        assert not re.search(rf"\b{person.full_name.split()[0]} [A-ZÁÉÍÓÚÑ]", SEED), person.full_name

"""Spanish prose from data: articles, contractions, lists, dates and numbers as the nota writes them."""

import datetime as dt

import pytest

from core import wording
from sessions_app.documents import prose


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Secretaría de Salud", "la Secretaría de Salud"),
        (
            "Fiscalía General de Justicia del Estado de Nuevo León",
            "la Fiscalía General de Justicia del Estado de Nuevo León",
        ),
        ("Sistema para el Desarrollo Integral de la Familia", "el Sistema para el Desarrollo Integral de la Familia"),
        ("Instituto Estatal de las Mujeres", "el Instituto Estatal de las Mujeres"),
        ("Poder Judicial del Estado", "el Poder Judicial del Estado"),
        ("Comisión Estatal de Derechos Humanos", "la Comisión Estatal de Derechos Humanos"),
        ("Universidad Autónoma de Nuevo León", "la Universidad Autónoma de Nuevo León"),
        ("Servicios de Salud de Nuevo León", "los Servicios de Salud de Nuevo León"),
        ("Sociedad civil", "sociedad civil"),
        ("Sector empresarial", "sector empresarial"),
        ("Academia", "academia"),
        ("Alcaldes y alcaldesas de la zona norte", "alcaldes y alcaldesas de la zona norte"),
        ("Sociedad Mexicana de Estudios", "la Sociedad Mexicana de Estudios"),
        ("La Casa del Migrante", "la Casa del Migrante"),
        ("SEGOB", "SEGOB"),
    ],
)
def test_names_take_the_article_the_seed_gives_them(name, expected):
    """Proper names get their article; sentence-case collectives go in lower case; what is unknown goes bare."""
    assert wording.with_article(name) == expected


def test_prepositions_contract_with_the_masculine_article():
    """ "a" + "el Palacio" is "al Palacio"; "de" + "el Consejo" is "del Consejo"; feminine stays apart."""
    assert wording.with_preposition("a", "el Palacio de Gobierno") == "al Palacio de Gobierno"
    assert wording.with_preposition("de", "el Consejo") == "del Consejo"
    assert wording.with_preposition("de", "la Comisión") == "de la Comisión"


def test_an_indefinite_article_for_what_a_council_is():
    assert wording.with_article("mecanismo que dé seguimiento", indefinite=True) == "un mecanismo que dé seguimiento"
    assert wording.with_article("instancia de coordinación", indefinite=True) == "una instancia de coordinación"


def test_lists_are_spanish_with_y_and_e_before_an_i_sound():
    """Babel's CLDR list: "A, B y C"; Spanish writes "e" before a word that starts with the sound i."""
    assert wording.spanish_list(["A", "B", "C"]) == "A, B y C"
    assert wording.spanish_list(["A", "B"]) == "A y B"
    assert wording.spanish_list(["A"]) == "A"
    assert wording.spanish_list([]) == ""
    assert wording.spanish_list(["Salud", "Igualdad"]) == "Salud e Igualdad"
    assert wording.spanish_list(["Salud", "Hidalgo"]) == "Salud e Hidalgo"
    assert wording.spanish_list(["Salud", "hielo"]) == "Salud y hielo"


def test_dates_in_words_as_the_seed_writes_them():
    """ "7 de octubre de 2022" (never "07"); "del presente año" when the note is written that same year."""
    day = dt.date(2022, 10, 7)
    assert wording.date_in_words(day) == "7 de octubre de 2022"
    assert wording.day_in_words(day, written_on=dt.date(2022, 10, 7)) == "7 de octubre del presente año"
    assert wording.day_in_words(day, written_on=dt.date(2023, 1, 9)) == "7 de octubre de 2022"


def test_counts_in_words():
    assert wording.number_in_words(5) == "cinco"
    assert wording.number_in_words(1, feminine=True) == "una"
    assert wording.number_in_words(21) == "21"


def test_typed_text_is_escaped_and_only_double_asterisks_make_bold():
    """A <script> stays text; **bold** is the one markup; further lines become indented blocks."""
    html = prose.paragraph_html('<script>alert("x")</script> y **“Consejo”**\nsegunda línea & más')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<strong>“Consejo”</strong>" in html
    assert '<span class="line">segunda línea &amp; más</span>' in html
    assert prose.paragraph_html("un ** suelto") == "un ** suelto"

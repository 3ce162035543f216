"""Dates in words: lower-case Spanish as official documents write them, plain English in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core import wording

FRIDAY = dt.datetime(2022, 10, 7, 10, 0, tzinfo=dt.UTC)  # 05:00 in Mexico City


def _render(text, value, language, **more):
    with translation.override(language):
        return Template("{% load long_dates %}" + text).render(Context({"value": value, **more}))


@pytest.mark.parametrize(
    ("style", "spanish", "english"),
    [
        ("", "7 de octubre de 2022", "7 October 2022"),
        (':"weekday"', "viernes 7 de octubre de 2022", "Friday 7 October 2022"),
        (':"weekday_time"', "viernes 7 de octubre de 2022, 5:00 horas", "Friday 7 October 2022, 5:00"),
        (':"datetime"', "7 de octubre de 2022, 5:00 horas", "7 October 2022, 5:00"),
        (':"day_month_time"', "7 de octubre, 5:00 horas", "7 October, 5:00"),
    ],
)
def test_a_datetime_is_written_out_in_the_local_time_and_the_active_language(style, spanish, english):
    with timezone.override("America/Mexico_City"):
        assert _render("{{ value|long_date" + style + " }}", FRIDAY, "es-mx") == spanish
        assert _render("{{ value|long_date" + style + " }}", FRIDAY, "en") == english


def test_a_short_date_for_a_narrow_column_keeps_the_month_in_letters():
    """ "7 oct 2022" ("7 Oct 2022"), never "07/10/22": a grid's column heads stay readable in both languages."""
    assert _render('{{ value|long_date:"short" }}', dt.date(2022, 10, 7), "es-mx") == "7 oct 2022"
    assert _render('{{ value|long_date:"short" }}', dt.date(2022, 10, 7), "en") == "7 Oct 2022"


def test_a_date_and_nothing():
    assert _render("{{ value|long_date }}", dt.date(2026, 12, 11), "es-mx") == "11 de diciembre de 2026"
    assert _render("{{ value|long_date }}", None, "es-mx") == ""


def test_dates_and_times_are_written_by_babel_not_by_djangos_date_filter(monkeypatch):
    """One path for pages and documents: Babel's CLDR data for both languages (as ``date_in_words`` and
    ``short_weekday``), so a page and a document never write one date two ways; Django's ``date`` formatting,
    made to fail here, is never reached."""
    from django.utils import dateformat

    def refuse(*args, **kwargs):
        raise AssertionError("Django's date formatting used")

    monkeypatch.setattr(dateformat.DateFormat, "format", refuse)
    monkeypatch.setattr(dateformat.TimeFormat, "format", refuse)
    with timezone.override("America/Mexico_City"):
        first = dt.datetime(2026, 9, 1, 6, 5, tzinfo=dt.UTC)  # 0:05 in Mexico City
        assert _render('{{ value|long_date:"weekday_time" }}', first, "es-mx") == (
            "martes 1 de septiembre de 2026, 0:05 horas"
        )
        assert _render('{{ value|long_date:"weekday_time" }}', first, "en") == "Tuesday 1 September 2026, 0:05"
        assert _render("{{ value|clock_time }}", dt.time(21, 30), "en") == "21:30"
        assert _render("{{ value|time_span:end }}", first, "es-mx", end=None) == "0:05 horas"


def test_what_is_not_a_date_is_written_as_nothing():
    """An empty or mistyped value leaves the sentence's blank empty rather than failing the page."""
    for value in (None, "", "mañana"):
        assert _render("{{ value|long_date }}|{{ value|clock_time }}", value, "es-mx") == "|"
    assert _render("{{ value|clock_time }}", dt.date(2022, 10, 7), "es-mx") == ""  # a date has no time of day


def test_a_known_article_wins_over_the_guessed_one():
    """The data's article is used even where the first word would guess another (or none)."""
    assert wording.with_article("Comisión Intersecretarial") == "la Comisión Intersecretarial"
    assert wording.with_article("Junta de Gobierno", article="la") == "la Junta de Gobierno"
    assert wording.with_article("Sistema Estatal", article="el") == "el Sistema Estatal"
    assert wording.with_preposition("a", wording.with_article("Consejo X", article="el")) == "al Consejo X"
    assert wording.with_preposition("de", wording.with_article("Comisión X", article="la")) == "de la Comisión X"


def test_a_word_agrees_with_a_persons_gender_and_is_neutral_when_unstated():
    assert wording.gendered("invitado", "invitada", "f", "persona invitada") == "invitada"
    assert wording.gendered("invitado", "invitada", "m", "persona invitada") == "invitado"
    assert wording.gendered("invitado", "invitada", "", "persona invitada") == "persona invitada"
    assert wording.gendered("Secretario", "Secretaria", "") == "Secretario"  # no neutral form: the generic


def test_templates_agree_through_the_tag_and_the_filter():
    template = Template(
        '{% load wording %}{{ body|preposition:"a" }} · '
        '{% gender_agree gender "invitado" "invitada" "persona invitada" %}'
    )
    assert template.render(Context({"body": "el Consejo", "gender": "f"})) == "al Consejo · invitada"
    assert template.render(Context({"body": "la Comisión", "gender": None})) == "a la Comisión · persona invitada"


def test_times_are_written_in_hours_one_way():
    """ "10:00 horas" and "de 10:00 a 12:30 horas" in Spanish, never "10:00 h"; plain times in English."""
    with timezone.override("America/Mexico_City"):
        end = FRIDAY + dt.timedelta(hours=2, minutes=30)
        assert _render("{{ value|clock_time }}", FRIDAY, "es-mx") == "5:00 horas"
        assert _render("{{ value|time_span:end }}", FRIDAY, "es-mx", end=end) == "de 5:00 a 7:30 horas"
        assert _render("{{ value|time_span:end }}", FRIDAY, "en", end=end) == "5:00–7:30"
        assert _render("{{ value|clock_time }}", dt.time(9, 5), "es-mx") == "9:05 horas"


@pytest.mark.parametrize(
    ("number", "spanish", "english"),
    [
        (1, "Primera", "First"),
        (3, "Tercera", "Third"),
        (10, "Décima", "Tenth"),
        (11, "Décima Primera", "Eleventh"),
        (12, "Décima Segunda", "Twelfth"),
        (19, "Décima Novena", "Nineteenth"),
        (21, "Vigésima Primera", "Twenty-First"),
        (40, "Cuadragésima", "Fortieth"),
        (99, "Nonagésima Novena", "Ninety-Ninth"),
    ],
)
def test_ordinals_of_session_titles_in_both_languages(number, spanish, english):
    from core.wording import ordinal

    with translation.override("es-mx"):
        assert ordinal(number) == spanish
    with translation.override("en"):
        assert ordinal(number) == english


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "cero"), (1, "uno"), (16, "dieciséis"), (21, "veintiuno"), (31, "treinta y uno"), (100, "cien"),
     (101, "ciento uno"), (2022, "dos mil veintidós"), (1999, "mil novecientos noventa y nueve")],
)  # fmt: skip
def test_numbers_in_words_for_the_acta(number, words):
    from core.wording import cardinal_words

    assert cardinal_words(number) == words


def test_counts_before_a_noun_agree_and_large_ones_stay_in_digits():
    from core.wording import number_in_words

    with translation.override("es-mx"):
        assert [number_in_words(n) for n in (1, 5, 12, 20)] == ["un", "cinco", "doce", "veinte"]
        assert number_in_words(1, feminine=True) == "una"
        assert number_in_words(21) == "21"
    with translation.override("en"):
        assert [number_in_words(n) for n in (1, 5, 12, 20)] == ["one", "five", "twelve", "twenty"]
        assert number_in_words(1, feminine=True) == "one"
        assert number_in_words(21) == "21"
        assert number_in_words(5, language="es") == "cinco"


def test_numbers_in_words_follow_the_interfaces_language_and_the_acta_stays_spanish():
    """ "dos mil veintidós" in Spanish, "two thousand and twenty-two" in English; the acta's own wording of a
    date and a time is Spanish whatever the interface's language."""
    from core.wording import cardinal_words, date_in_full_words, time_in_words

    with translation.override("en"):
        assert cardinal_words(2022) == "two thousand and twenty-two"
        assert cardinal_words(31, language="es") == "treinta y uno"
        assert date_in_full_words(dt.date(2022, 10, 7)) == "siete de octubre de dos mil veintidós"
        assert time_in_words(dt.time(9, 31)) == "las nueve horas con treinta y un minutos"
    with translation.override("es-mx"):
        assert cardinal_words(2022) == "dos mil veintidós"


def test_no_word_list_of_our_own_is_left():
    """Numbers and ordinals come from num2words, months and weekdays from Babel and Django's locale: the module
    keeps no list of number, ordinal, month or day words (its only word sets are for articles and genders)."""
    import core.wording

    allowed = {"ARTICLES", "MASCULINE", "FEMININE", "FEMININE_ENDINGS", "COLLECTIVES", "INDEFINITE"}
    lists = {
        name
        for name, value in vars(core.wording).items()
        if isinstance(value, list | tuple | set | dict)
        and len(value) >= 5
        and all(isinstance(item, str) for item in (value.values() if isinstance(value, dict) else value))
        and name not in allowed
        and not name.startswith("__")
    }
    assert lists == set()


def test_weekday_abbreviations_keep_their_accents_in_both_languages():
    from core.wording import short_weekday

    week = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(7)]
    with translation.override("es-mx"):
        assert [short_weekday(day) for day in week] == ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]
    with translation.override("en"):
        assert [short_weekday(day) for day in week] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

"""Dates in words: lower-case Spanish as official documents write them, plain English in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

FRIDAY = dt.datetime(2022, 10, 7, 10, 0, tzinfo=dt.UTC)  # 05:00 in Mexico City


def _render(text, value, language):
    with translation.override(language):
        return Template("{% load long_dates %}" + text).render(Context({"value": value}))


@pytest.mark.parametrize(
    ("style", "spanish", "english"),
    [
        ("", "7 de octubre de 2022", "7 October 2022"),
        (':"weekday"', "viernes 7 de octubre de 2022", "Friday 7 October 2022"),
        (':"weekday_time"', "viernes 7 de octubre de 2022, 05:00", "Friday 7 October 2022, 05:00"),
        (':"datetime"', "7 de octubre de 2022, 05:00", "7 October 2022, 05:00"),
    ],
)
def test_a_datetime_is_written_out_in_the_local_time_and_the_active_language(style, spanish, english):
    with timezone.override("America/Mexico_City"):
        assert _render("{{ value|long_date" + style + " }}", FRIDAY, "es-mx") == spanish
        assert _render("{{ value|long_date" + style + " }}", FRIDAY, "en") == english


def test_a_date_and_nothing():
    assert _render("{{ value|long_date }}", dt.date(2026, 12, 11), "es-mx") == "11 de diciembre de 2026"
    assert _render("{{ value|long_date }}", None, "es-mx") == ""

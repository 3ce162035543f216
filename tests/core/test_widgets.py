"""The select written in Python says exactly what Django's own select says."""

from django import forms
from django.test.html import parse_html

from core.widgets import LongSelect

CHOICES = [("", "Todas"), (1, 'Primera <Sesión> & "Ordinaria"'), (2, "Segunda Sesión Ordinaria 2024")]


def test_the_long_select_renders_as_djangos_select():
    for value in ("", "1", None, "99"):
        attrs = {"id": "id_session", "class": "form-select", "aria-describedby": "ayuda"}
        expected = forms.Select(choices=CHOICES).render("session", value, attrs)
        assert parse_html(LongSelect(choices=CHOICES).render("session", value, attrs)) == parse_html(expected)


def test_what_a_person_typed_stays_text_in_the_options():
    html = LongSelect(choices=CHOICES).render("session", "1")
    assert "<Sesión>" not in html and "&lt;Sesión&gt;" in html

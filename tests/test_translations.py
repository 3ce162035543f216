"""The English catalogue: every string translated by a person (no guess left fuzzy), and compiled."""

import gettext
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _messages():
    with open(CATALOGUE / "django.po", "rb") as po:
        return [message for message in read_po(po) if message.id]


def test_no_string_is_left_untranslated_or_guessed():
    """makemessages marks a new string "fuzzy" with the translation of a similar one ("Lugar" → "seat")."""
    fuzzy = [message.id for message in _messages() if message.fuzzy]
    empty = [
        message.id
        for message in _messages()
        if not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert fuzzy == [] and empty == []


def test_the_compiled_catalogue_is_the_one_written():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for message in _messages():
        if isinstance(message.id, tuple):
            found = compiled.ngettext(message.id[0], message.id[1], 1)
            expected = message.string[0]
        elif message.context:
            found, expected = compiled.pgettext(message.context, message.id), message.string
        else:
            found, expected = compiled.gettext(message.id), message.string
        if found != expected:
            stale.append(message.id)
    assert stale == [], "python manage.py compilemessages"


def test_the_agendas_start_time_is_not_the_home_page_in_english():
    """«Inicio» is both the home page and a start time: in English "Home" and "Start", never "Home: 12:00"."""
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Inicio") == "Home"
        assert translation.pgettext("start time", "Inicio") == "Start"

"""Strings without a translation are answered at once (``core.translations``), and every answer is the same."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from core.translations import _known


def _walk(language: str, message: str) -> str:
    """What Python's gettext answers by walking the whole chain of catalogs."""
    return type(trans_real.translation(language)).gettext(trans_real.translation(language), message)


@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_every_message_gets_the_answer_the_walk_through_the_catalogs_gives(language):
    known = _known(trans_real.translation(language))
    # "" is the catalogs' header, which Django never asks gettext for.
    samples = sorted(known - {""})[:400] + ["Orden del día", "Este dato es obligatorio.", "Nunca traducido 7f3a"]
    with translation.override(language):
        for message in samples:
            assert translation.gettext(message) == _walk(language, message), message


def test_english_is_still_english_and_spanish_falls_through_unchanged():
    with translation.override("en"):
        assert translation.gettext("Orden del día") == "Agenda"
    with translation.override("es-mx"):
        assert translation.gettext("Orden del día") == "Orden del día"
        assert translation.gettext("This field is required.") == "Este campo es obligatorio."

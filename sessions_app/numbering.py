"""Ordinals and session titles: "Primera Sesión Ordinaria 2022", or "First Ordinary Session 2022" in English."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

_UNITS = ["", "Primera", "Segunda", "Tercera", "Cuarta", "Quinta", "Sexta", "Séptima", "Octava", "Novena"]
_TENS = [
    "",
    "Décima",
    "Vigésima",
    "Trigésima",
    "Cuadragésima",
    "Quincuagésima",
    "Sexagésima",
    "Septuagésima",
    "Octogésima",
    "Nonagésima",
]
# Forms used in Mexican official documents for 11 and 12.
_SPECIAL = {11: "Décima Primera", 12: "Décima Segunda"}


def spanish_ordinal(number: int) -> str:
    """The feminine Spanish ordinal of 1–99, capitalised as in a session's title ("Vigésima Primera")."""
    if not 1 <= number <= 99:
        raise ValueError(f"Sin ordinal para {number}")
    if number in _SPECIAL:
        return _SPECIAL[number]
    tens, units = divmod(number, 10)
    return " ".join(word for word in (_TENS[tens], _UNITS[units]) if word)


_EN_UNITS = ["", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth"]
_EN_TEENS = [
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
]
_EN_TENS = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]


def english_ordinal(number: int) -> str:
    """The English ordinal of 1–99, capitalised as in a title ("Twenty-First")."""
    if not 1 <= number <= 99:
        raise ValueError(f"No ordinal for {number}")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _EN_UNITS[units]
    if tens == 1:
        return _EN_TEENS[units]
    if units == 0:
        return _EN_TENS[tens][:-1] + "ieth"
    return f"{_EN_TENS[tens]}-{_EN_UNITS[units]}"


def ordinal(number: int) -> str:
    """The ordinal in the active language: Spanish unless the interface is in English."""
    return english_ordinal(number) if (get_language() or "es").startswith("en") else spanish_ordinal(number)


def session_title(kind: str, number: int | None, year: int | None) -> str:
    """A session's title from its kind, number within the year and year."""
    if number is None or year is None:
        return _("Sesión sin número")
    if kind == "installation":
        return _("Sesión de Instalación %(year)s") % {"year": year}
    kind_word = _("Extraordinaria") if kind == "extraordinary" else _("Ordinaria")
    if number > 99:
        return _("Sesión %(kind)s %(number)s/%(year)s") % {"kind": kind_word, "number": number, "year": year}
    return _("%(ordinal)s Sesión %(kind)s %(year)s") % {
        "ordinal": ordinal(number),
        "kind": kind_word,
        "year": year,
    }

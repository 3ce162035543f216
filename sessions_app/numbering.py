"""Spanish ordinals and session titles: "Primera Sesión Ordinaria 2022"."""

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
        "ordinal": spanish_ordinal(number),
        "kind": kind_word,
        "year": year,
    }

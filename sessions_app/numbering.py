"""Session titles: "Primera Sesión Ordinaria 2022", or "First Ordinary Session 2022" in English."""

from django.utils.translation import gettext as _

from core.wording import ordinal


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

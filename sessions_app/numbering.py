"""Session titles: "Primera Sesión Ordinaria 2022", or "First Ordinary Session 2022" in English.

A working group's sessions are named after the group: "Primera Sesión Ordinaria 2026 del Grupo de
Trabajo de Prevención". The plenary's sessions carry no body in their title (the council's name
follows it where a page or document needs it).
"""

from django.utils.translation import gettext as _

from core.wording import ordinal, with_article, with_preposition

# The nouns a working group's name usually starts with: "del Grupo de Trabajo …", "de la Mesa …".
BODY_NOUNS = {"grupo", "subgrupo", "comité", "subcomité", "comisión", "subcomisión", "mesa", "red", "consejo"}


def session_title(kind: str, number: int | None, year: int | None, group: str = "") -> str:
    """A session's title from its kind, number within the year and year, and its working group's name if any."""
    title = _plain_title(kind, number, year)
    return group_session_title(title, group) if group else title


def group_session_title(title: str, group: str) -> str:
    """ "Primera Sesión Ordinaria 2026" of the group "Grupo de Trabajo de X" → "… 2026 del Grupo de Trabajo de X"."""
    group = group.strip()
    words = group.split()
    if words and words[0].lower() in BODY_NOUNS:
        return _("%(title)s %(of_group)s") % {"title": title, "of_group": with_preposition("de", with_article(group))}
    return _("%(title)s del Grupo de Trabajo «%(group)s»") % {"title": title, "group": group}


def _plain_title(kind: str, number: int | None, year: int | None) -> str:
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

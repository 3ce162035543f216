"""Spanish agreement in templates (``core.wording``), so templates do not branch on gender or articles.

- ``{{ council.name_with_article|preposition:"de" }}`` → "del Consejo …", "de la Comisión …".
- ``{% gender_agree person.gender _("invitado") _("invitada") _("persona invitada") %}``.
"""

from django import template

from core.wording import gendered, with_preposition

register = template.Library()


@register.filter
def preposition(phrase: str, word: str) -> str:
    """ "a" + "el Consejo" → "al Consejo"; "de" + "la Comisión" → "de la Comisión"."""
    return with_preposition(word, str(phrase))


@register.simple_tag
def gender_agree(gender: str | None, masculine: str, feminine: str, neutral: str = "") -> str:
    """The word that agrees with ``gender`` (``core.wording.gendered``)."""
    return gendered(masculine, feminine, gender or "", neutral)

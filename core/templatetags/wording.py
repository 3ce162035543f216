"""Spanish agreement in templates (``core.wording``), so templates do not branch on gender or articles.

- ``{{ council.name_with_article|preposition:"de" }}`` → "del Consejo …", "de la Comisión …".
- ``{% gender_agree person.gender _("invitado") _("invitada") _("persona invitada") %}``.
"""

from django import template

from core.wording import date_in_full_words, gendered, hour, time_in_words, with_preposition

register = template.Library()


@register.filter
def preposition(phrase: str, word: str) -> str:
    """ "a" + "el Consejo" → "al Consejo"; "de" + "la Comisión" → "de la Comisión"."""
    return with_preposition(word, str(phrase))


@register.simple_tag
def gender_agree(gender: str | None, masculine: str, feminine: str, neutral: str = "") -> str:
    """The word that agrees with ``gender`` (``core.wording.gendered``)."""
    return gendered(masculine, feminine, gender or "", neutral)


# Times and dates as documents write them: {{ starts_at|hour }} → "10:00 horas";
# {{ starts_at|time_words }} → "las diez horas"; {{ starts_at|date_words }} → "siete de octubre de dos mil veintidós".
register.filter("hour", hour)
register.filter("time_words", time_in_words)
register.filter("date_words", date_in_full_words)

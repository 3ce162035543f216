"""Spanish prose for documents drafted from data: articles, lists, dates and numbers in words.

The nota informativa writes "la Secretaría de Gobernación … acudió al Palacio
de Gobierno" and "fueron convocados: la Secretaría de Salud, el Sistema para
el Desarrollo Integral de la Familia y sociedad civil". Names come from the
directory without their article, so the article is inferred from the first
word: a short list of the nouns institutions and venues start with, then the
endings that give a Spanish noun's gender. A name the rules do not know goes
without an article (the person editing the draft adds it), never with a
wrong one on purpose.
"""

import re
from datetime import date

from babel.dates import format_date
from babel.lists import format_list
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LOCALE = "es_MX"

ARTICLES = {"el", "la", "los", "las"}
# Nouns whose gender their ending does not tell (or tells wrong).
MASCULINE = {
    "sistema", "programa", "poder", "comité", "tribunal", "salón", "hotel", "día", "mapa", "tema",
    "problema", "clima", "plan", "pleno", "h.", "honorable", "mecanismo", "órgano", "espacio", "foro",
}  # fmt: skip
FEMININE = {"torre", "sede", "red", "unión", "mujer", "fe", "clase", "llave", "gente"}
FEMININE_ENDINGS = ("ción", "sión", "dad", "tad", "tud", "umbre", "ía", "ie", "a")
# Collective names written in sentence case ("Sociedad civil", "Sector empresarial", "Academia"):
# the seed writes them in lower case and without an article.
COLLECTIVES = {
    "sociedad", "sector", "academia", "alcaldes", "alcaldesas", "organizaciones", "instituciones",
    "municipios", "presidencias", "presidentes",
}  # fmt: skip
INDEFINITE = {"el": "un", "la": "una", "los": "unos", "las": "unas"}
NUMBERS = (
    "cero", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte",
)  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


def article_for(noun: str) -> str:
    """The definite article of a noun ("secretaría" → "la", "grupos" → "los"), or "" when unsure."""
    word = noun.lower().strip(",;:")
    if word in MASCULINE:
        return "el"
    if word in FEMININE:
        return "la"
    if word.endswith(("os", "es")) and len(word) > 3:
        return "los"
    if word.endswith("as") and len(word) > 3:
        return "las"
    if word.endswith(FEMININE_ENDINGS):
        return "la"
    if word.endswith("o"):
        return "el"
    return ""


def lower_first(text: str) -> str:
    """ "Presentación del proyecto" → "presentación del proyecto"; acronyms ("SEGOB", "H. Congreso") stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def is_collective(name: str) -> bool:
    """A generic collective ("Sociedad civil", "Alcaldes y alcaldesas de la zona norte"), not a proper name."""
    words = _words(name)
    if not words or words[0].lower() not in COLLECTIVES:
        return False
    return len(words) == 1 or words[1][:1].islower()


def with_article(name: str, *, indefinite: bool = False) -> str:
    """A name as the subject or object of a sentence: "la Secretaría de Salud", "sociedad civil"."""
    name = name.strip()
    if not name:
        return name
    if is_collective(name):
        return lower_first(name)
    first = _words(name)[0].lower()
    if first in ARTICLES:
        return lower_first(name)
    article = article_for(first)
    if not article:
        return name
    return f"{INDEFINITE[article] if indefinite else article} {name}"


def gender_suffix(phrase: str) -> str:
    """ "o" or "a" to agree with a phrase that starts with its article: "invitad" + "a" for "la Secretaría"."""
    first = _words(phrase)[0].lower() if phrase.strip() else ""
    return "a" if first in ("la", "las", "una", "unas") else "o"


def with_preposition(preposition: str, phrase: str) -> str:
    """ "a" + "el Palacio" → "al Palacio"; "de" + "el Consejo" → "del Consejo"; otherwise both words."""
    if phrase.startswith("el ") and preposition in ("a", "de"):
        return f"{preposition}l {phrase[3:]}"
    return f"{preposition} {phrase}"


def spanish_list(items: list[str]) -> str:
    """ "A, B y C" in Spanish (Babel's CLDR patterns), with "e" before an "i" sound: "Salud e Inclusión"."""
    items = [item for item in items if item]
    if not items:
        return ""
    text = format_list(items, locale=LOCALE)
    last = items[-1]
    if len(items) > 1 and re.match(r"(?i)h?i(?![aeou])", last) and text.endswith(f" y {last}"):
        text = text[: -len(last) - 3] + f" e {last}"
    return text


def date_in_words(value: date) -> str:
    """ "07 de octubre de 2022", as the seed and Mexican official notes write it."""
    return format_date(value, "dd 'de' MMMM 'de' y", locale=LOCALE)


def day_in_words(value: date, *, written_on: date) -> str:
    """ "07 de octubre del presente año" when written in that same year, else "07 de octubre de 2022"."""
    if value.year == written_on.year:
        return format_date(value, "dd 'de' MMMM", locale=LOCALE) + " del presente año"
    return date_in_words(value)


def number_in_words(number: int, *, feminine: bool = False) -> str:
    """ "cinco" up to twenty, digits beyond (as Spanish official style writes counts); "una" for feminine nouns."""
    if not 0 <= number < len(NUMBERS):
        return str(number)
    return "una" if feminine and number == 1 else NUMBERS[number]


def _bold(line: str) -> str:
    parts = line.split("**")
    if len(parts) % 2 == 0:  # an unpaired ** is text, not markup
        parts = [*parts[:-2], parts[-2] + "**" + parts[-1]]
    return "".join(
        f"<strong>{escape(part)}</strong>" if index % 2 else escape(part) for index, part in enumerate(parts)
    )


def paragraph_html(text: str) -> SafeString:
    """A typed paragraph as HTML: everything escaped, ``**bold**`` (within a line) kept as bold.

    The paragraph's further lines (the agreements under "Se adoptaron cinco
    acuerdos:") become blocks that the print stylesheet hangs indented.
    """
    first, *lines = [_bold(line) for line in text.split("\n")]
    html = first + "".join(f'<span class="line">{line}</span>' for line in lines)
    return mark_safe(html)  # noqa: S308 - every piece was escaped by _bold

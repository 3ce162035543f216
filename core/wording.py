"""Spanish wording of dates, numbers and names, as Mexican official documents write them.

- Ordinals of sessions ("Primera", "Vigésima Primera"; "First" in English).
- Dates and times, one style in every document and page: "7 de octubre de 2022" (no leading zero),
  "viernes 7 de octubre de 2022, 10:00 horas" (``long_date``, lower-case weekday and month as Spanish
  writes them; "Friday 7 October 2022, 10:00" in English), "10:00 horas" (``clock_time``) and
  "de 10:00 a 12:30 horas" (``time_span``); never "07", never "10:00 h".
- Numbers in words ("cinco"), lists ("A, B y C"), and the article a directory name takes
  ("la Secretaría de Gobernación"). Names come from the directory without their article, so the
  article is inferred from the first word: a short list of the nouns institutions and venues start
  with, then the endings that give a Spanish noun's gender. A name the rules do not know goes
  without an article (the person editing the draft adds it), never with a wrong one on purpose.
  A council knows its own article (``Council.article``), so its name never takes a guessed one.
- Agreement with a person's gender (``gendered``): "invitada"/"invitado", "Secretaria"/"Secretario
  Técnico". A person whose gender is not stated gets the neutral wording Mexican official style
  uses ("persona invitada", the office's name "Secretaría Técnica"), never a guessed gender; the
  masculine generic only where no neutral wording exists.
"""

import re
from datetime import date

from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from num2words import num2words

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


def first_word_article(name: str) -> str:
    """The article a name's first word takes ("Comisión Intersecretarial" → "la"), or "" when unsure."""
    words = _words(name.strip())
    return article_for(words[0]) if words else ""


def with_article(name: str, *, article: str = "", indefinite: bool = False) -> str:
    """A name as the subject or object of a sentence: "la Secretaría de Salud", "sociedad civil".

    ``article`` ("el", "la"), when the data knows it, wins over the one inferred from the first word.
    """
    name = name.strip()
    if not name:
        return name
    if is_collective(name) and not article:
        return lower_first(name)
    first = _words(name)[0].lower()
    if first in ARTICLES:
        return lower_first(name)
    article = article or article_for(first)
    if not article:
        return name
    return f"{INDEFINITE[article] if indefinite else article} {name}"


def gender_suffix(phrase: str) -> str:
    """ "o" or "a" to agree with a phrase that starts with its article: "invitad" + "a" for "la Secretaría"."""
    first = _words(phrase)[0].lower() if phrase.strip() else ""
    return "a" if first in ("la", "las", "una", "unas") else "o"


MASCULINE_GENDER = "m"
FEMININE_GENDER = "f"


def gendered(masculine: str, feminine: str, gender: str, neutral: str = "") -> str:
    """The word that agrees with a person's ``gender`` ("m", "f"); ``neutral`` (else the masculine) when unstated.

    ``gendered("invitado", "invitada", person.gender, "persona invitada")``.
    """
    if gender == FEMININE_GENDER:
        return feminine
    if gender == MASCULINE_GENDER:
        return masculine
    return neutral or masculine


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
    """ "7 de octubre de 2022", as Mexican official documents write a date (the day without a leading zero)."""
    return babel_format_date(value, "d 'de' MMMM 'de' y", locale=LOCALE)


def day_in_words(value: date, *, written_on: date) -> str:
    """ "7 de octubre del presente año" when written in that same year, else "7 de octubre de 2022"."""
    if value.year == written_on.year:
        return babel_format_date(value, "d 'de' MMMM", locale=LOCALE) + " del presente año"
    return date_in_words(value)


def number_in_words(number: int, *, feminine: bool = False) -> str:
    """ "cinco" up to twenty, digits beyond (as Spanish official style writes counts); before a noun "un" or
    "una" for one."""
    if not 0 <= number <= 20:
        return str(number)
    if number == 1:
        return "una" if feminine else "un"
    return num2words(number, lang="es")


# --- Dates for pages, in the interface's language.

LONG_DATE_FORMATS = {
    # Django date format characters; \d\e writes the Spanish "de" literally.
    "date": lambda: pgettext("date format", r"j \d\e F \d\e Y"),
    "weekday": lambda: pgettext("date format", r"l j \d\e F \d\e Y"),
    "datetime": lambda: pgettext("date format", r"j \d\e F \d\e Y, G:i"),
    "weekday_time": lambda: pgettext("date format", r"l j \d\e F \d\e Y, G:i"),
    "day_month_time": lambda: pgettext("date format", r"j \d\e F, G:i"),
}
# The styles that end with the time of day, which Spanish follows with "horas".
TIMED_STYLES = {"datetime", "weekday_time", "day_month_time"}


def _spanish() -> bool:
    return (get_language() or "").startswith("es")


def _local(value):
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _hours(text: str) -> str:
    """ "10:00" → "10:00 horas" in Spanish, as official documents write the time; as it is in English."""
    return f"{text} horas" if _spanish() else text


def _babel_locale() -> str:
    return LOCALE if _spanish() else (get_language() or "en").replace("-", "_")


def short_weekday(value) -> str:
    """ "mié", "sáb" ("Wed", "Sat"): a weekday's abbreviation from Babel's locale data, in the interface's language
    (Django's own abbreviations drop the accents: "Mie", "Sab")."""
    return babel_format_date(_local(value), "EEE", locale=_babel_locale()).rstrip(".")


def long_date(value, style: str = "date") -> str:
    """``value`` (a date or an aware datetime) in words, in the interface's language.

    "7 de octubre de 2022"; with a time style, "viernes 7 de octubre de 2022, 10:00 horas".
    """
    if value in (None, ""):
        return ""
    text = format_date(_local(value), LONG_DATE_FORMATS.get(style, LONG_DATE_FORMATS["date"])())
    if not _spanish():
        return text
    text = text.lower()
    return _hours(text) if style in TIMED_STYLES else text


def clock_time(value) -> str:
    """ "10:00 horas", "9:30 horas": the time of day of an aware datetime (or a time) as documents and pages write
    it — no leading zero, never "h" ("9:30" in English)."""
    if value in (None, ""):
        return ""
    return _hours(format_date(_local(value), "G:i"))


def time_span(start, end) -> str:
    """ "de 10:00 a 12:30 horas" ("10:00–12:30" in English): a session's hours, one "horas" for both."""
    if start in (None, "") or end in (None, ""):
        return clock_time(start or end)
    first, last = format_date(_local(start), "G:i"), format_date(_local(end), "G:i")
    return _hours(f"de {first} a {last}") if _spanish() else f"{first}–{last}"


# --- Ordinals, through num2words (no word list of our own).


def _titled(words: str) -> str:
    """ "vigésima primera" → "Vigésima Primera"; "twenty-first" → "Twenty-First"."""
    return " ".join("-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in words.split())


def spanish_ordinal(number: int) -> str:
    """The feminine Spanish ordinal of 1–99, capitalised as in a session's title ("Vigésima Primera").

    num2words gives the masculine ("vigésimo primero") and writes 11–19 as one word ("décimoprimero");
    Mexican official titles write them apart and in the feminine of "sesión": "Décima Primera".
    """
    if not 1 <= number <= 99:
        raise ValueError(f"Sin ordinal para {number}")
    words = num2words(number, to="ordinal", lang="es")
    words = words.replace("quadr", "cuadr")  # "cuadragésimo", as the RAE writes it
    if words.startswith("décimo") and words != "décimo":
        words = "décimo " + words.removeprefix("décimo")
    feminine = " ".join(word[:-1] + "a" if word.endswith("o") else word for word in words.split())
    return _titled(feminine)


def english_ordinal(number: int) -> str:
    """The English ordinal of 1–99, capitalised as in a title ("Twenty-First")."""
    if not 1 <= number <= 99:
        raise ValueError(f"No ordinal for {number}")
    return _titled(num2words(number, to="ordinal", lang="en"))


def ordinal(number: int) -> str:
    """The ordinal in the active language: Spanish unless the interface is in English."""
    return english_ordinal(number) if (get_language() or "es").startswith("en") else spanish_ordinal(number)


# --- Times and dates of official documents: "10:00 horas"; in an acta, in words.


def cardinal_words(number: int) -> str:
    """0–9999 in Spanish words ("dos mil veintidós", "treinta y uno"), as an acta writes years and days."""
    if not 0 <= number <= 9999:
        raise ValueError(f"Sin palabras para {number}")
    return num2words(number, lang="es")


# The documents' name for the same style: one way to write a time.
hour = clock_time


def time_in_words(value) -> str:
    """ "las diez horas", "las nueve horas con treinta minutos", "la una hora": an acta's time in words."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    hours = cardinal_words(value.hour).replace("veintiuno", "veintiuna")  # "las veintiuna horas"
    words = "la una hora" if value.hour == 1 else f"las {hours} horas"
    if value.minute:
        minutes = cardinal_words(value.minute)
        minutes = minutes.replace("veintiuno", "veintiún").removesuffix(" uno") + (
            " un" if minutes.endswith(" uno") else ""
        )
        words += " con un minuto" if value.minute == 1 else f" con {minutes} minutos"
    return words


def date_in_full_words(value) -> str:
    """ "siete de octubre de dos mil veintidós" ("primero" for the first): an acta's date in words."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = "primero" if value.day == 1 else cardinal_words(value.day)
    month = babel_format_date(value, "MMMM", locale=LOCALE)
    return f"{day} de {month} de {cardinal_words(value.year)}"

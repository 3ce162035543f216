"""Spanish wording of dates, numbers and names, as Mexican official documents write them.

- Ordinals of sessions ("Primera", "Vigésima Primera"; "First" in English).
- Dates and times through Babel, one style in every document and page: "7 de octubre de 2022" (no leading zero),
  "viernes 7 de octubre de 2022, 10:00 horas" (``long_date``, lower-case weekday and month as Spanish
  writes them; "Friday 7 October 2022, 10:00" in English), "10:00 horas" (``clock_time``) and
  "de 10:00 a 12:30 horas" (``time_span``); never "07", never "10:00 h".
- Numbers in words ("cinco"; "five" in English, through num2words in the interface's language: documents,
  rendered in Spanish, say "cinco"), lists ("A, B y C"), and the article a directory name takes
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
from datetime import date, datetime, time

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from babel.lists import format_list
from django.utils import timezone
from django.utils.translation import get_language
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


def _number_language(language: str | None) -> str:
    """num2words' language: the one asked for, else the interface's ("es" or "en")."""
    return language or ("es" if _spanish() else "en")


def number_in_words(number: int, *, feminine: bool = False, language: str | None = None) -> str:
    """ "cinco" ("five") up to twenty, digits beyond (as Spanish official style writes counts), in the active
    language unless ``language`` ("es", "en") is given; before a noun "un" or "una" for one ("one" in English)."""
    if not 0 <= number <= 20:
        return str(number)
    language = _number_language(language)
    if number == 1 and language == "es":
        return "una" if feminine else "un"
    return num2words(number, lang=language)


# --- Dates for pages, in the interface's language, through Babel (CLDR's month and weekday names).

# The CLDR patterns of each style of date: Spanish writes "de" between day, month and year; English neither
# the "de" nor a comma. The patterns are locale data, not words, so they are kept here rather than translated.
# "short" ("7 oct 2022") heads a narrow column, where the long date would not fit.
DATE_PATTERNS = {
    "es": {
        "date": "d 'de' MMMM 'de' y",
        "weekday": "EEEE d 'de' MMMM 'de' y",
        "day_month": "d 'de' MMMM",
        "short": "d MMM y",
    },
    "en": {"date": "d MMMM y", "weekday": "EEEE d MMMM y", "day_month": "d MMMM", "short": "d MMM y"},
}
# The styles that end with the time of day (which Spanish follows with "horas"), by the date they start with.
TIMED_STYLES = {"datetime": "date", "weekday_time": "weekday", "day_month_time": "day_month"}
CLOCK_PATTERN = "H:mm"  # "9:30", "10:00": no leading zero on the hour, 24 hours


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


def _clock(value) -> str:
    """ "9:30": the time of day of a (local) datetime or a time; "" for anything else (a date has no time)."""
    if isinstance(value, datetime):
        return babel_format_datetime(value, CLOCK_PATTERN, locale=_babel_locale())
    if isinstance(value, time):
        return babel_format_time(value, CLOCK_PATTERN, locale=_babel_locale())
    return ""


def short_weekday(value) -> str:
    """ "mié", "sáb" ("Wed", "Sat"): a weekday's abbreviation from Babel's locale data, in the interface's language
    (Django's own abbreviations drop the accents: "Mie", "Sab")."""
    return babel_format_date(_local(value), "EEE", locale=_babel_locale()).rstrip(".")


def long_date(value, style: str = "date") -> str:
    """``value`` (a date or an aware datetime) in words, in the interface's language; "" for anything else.

    "7 de octubre de 2022"; with a time style, "viernes 7 de octubre de 2022, 10:00 horas" ("Friday 7 October
    2022, 10:00" in English). Babel writes Spanish months and weekdays in lower case, as Spanish does.
    """
    if not isinstance(value, date):
        return ""
    value = _local(value)
    patterns = DATE_PATTERNS["es" if _spanish() else "en"]
    text = babel_format_date(
        value, patterns.get(TIMED_STYLES.get(style, style), patterns["date"]), locale=_babel_locale()
    )
    if style in TIMED_STYLES and isinstance(value, datetime):
        return f"{text}, {clock_time(value)}"
    return text


def clock_time(value) -> str:
    """ "10:00 horas", "9:30 horas": the time of day of an aware datetime (or a time) as documents and pages write
    it — no leading zero, never "h" ("9:30" in English)."""
    text = _clock(_local(value))
    return _hours(text) if text else ""


def time_span(start, end) -> str:
    """ "de 10:00 a 12:30 horas" ("10:00–12:30" in English): a session's hours, one "horas" for both."""
    first, last = _clock(_local(start)), _clock(_local(end))
    if not first or not last:
        return clock_time(start if first else end)
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


def cardinal_words(number: int, *, language: str | None = None) -> str:
    """0–9999 in words ("dos mil veintidós", "treinta y uno"; "two thousand and twenty-two"), as an acta writes
    years and days: in the active language unless ``language`` ("es", "en") is given."""
    if not 0 <= number <= 9999:
        raise ValueError(f"Sin palabras para {number}")
    return num2words(number, lang=_number_language(language))


# The documents' name for the same style: one way to write a time.
hour = clock_time


def time_in_words(value) -> str:
    """ "las diez horas", "las nueve horas con treinta minutos", "la una hora": an acta's time in words (Spanish
    whatever the interface's language: the acta is a Spanish document)."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    hours = cardinal_words(value.hour, language="es").replace("veintiuno", "veintiuna")  # "las veintiuna horas"
    words = "la una hora" if value.hour == 1 else f"las {hours} horas"
    if value.minute:
        minutes = cardinal_words(value.minute, language="es")
        minutes = minutes.replace("veintiuno", "veintiún").removesuffix(" uno") + (
            " un" if minutes.endswith(" uno") else ""
        )
        words += " con un minuto" if value.minute == 1 else f" con {minutes} minutos"
    return words


def date_in_full_words(value) -> str:
    """ "siete de octubre de dos mil veintidós" ("primero" for the first): an acta's date in words (Spanish
    whatever the interface's language)."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = "primero" if value.day == 1 else cardinal_words(value.day, language="es")
    month = babel_format_date(value, "MMMM", locale=LOCALE)
    return f"{day} de {month} de {cardinal_words(value.year, language='es')}"

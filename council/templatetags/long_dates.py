"""Dates written out as Mexican official documents write them, and as English readers expect.

Spanish: "viernes 7 de octubre de 2022, 10:00" (weekday and month in lower
case, as Spanish writes them); English: "Friday 7 October 2022, 10:00". The
format strings are translatable; the lower-casing is what Spanish needs and
is harmless elsewhere only where the language asks for it.
"""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import get_language, pgettext

register = template.Library()

FORMATS = {
    # Django date format characters; \d\e writes the Spanish "de" literally.
    "date": lambda: pgettext("date format", r"j \d\e F \d\e Y"),
    "weekday": lambda: pgettext("date format", r"l j \d\e F \d\e Y"),
    "datetime": lambda: pgettext("date format", r"j \d\e F \d\e Y, H:i"),
    "weekday_time": lambda: pgettext("date format", r"l j \d\e F \d\e Y, H:i"),
    "day_month_time": lambda: pgettext("date format", r"j \d\e F, H:i"),
}


@register.filter
def long_date(value, style: str = "date") -> str:
    """``value`` (a date or an aware datetime) in words: ``{{ session.starts_at|long_date:"weekday" }}``."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = format_date(value, FORMATS.get(style, FORMATS["date"])())
    return text.lower() if (get_language() or "").startswith("es") else text

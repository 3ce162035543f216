"""Dates and times in words (``core.wording``), the one way templates write them.

- ``{{ session.starts_at|long_date:"weekday" }}`` → "viernes 7 de octubre de 2022";
- ``{{ session.starts_at|clock_time }}`` → "10:00 horas";
- ``{{ session.starts_at|time_span:session.ends_at }}`` → "de 10:00 a 12:30 horas".
"""

from django import template

from core.wording import clock_time, long_date, short_weekday, time_span

register = template.Library()
register.filter("long_date", long_date)
register.filter("clock_time", clock_time)
register.filter("time_span", time_span)
register.filter("short_weekday", short_weekday)

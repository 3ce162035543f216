"""``{{ session.starts_at|long_date:"weekday" }}``: dates in words (``core.wording.long_date``)."""

from django import template

from core.wording import long_date

register = template.Library()
register.filter("long_date", long_date)

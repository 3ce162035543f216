"""Reads for calendars: a month grid and a council's feed."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from council.models import Council
from council.permissions import managed_councils
from sessions_app.models import (
    Session,
)
from sessions_app.permissions import visible_sessions


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    sessions: list[Session]


def calendar_month(*, user, year: int, month: int) -> list[list[CalendarDay]]:
    """A month grid (weeks from Monday) with the sessions the user may see on each day.

    Delegates see their institution's sessions; drafts only appear to the staff
    who manage them, since nobody else has been told of them.
    """
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(weeks[0][0], time.min), tz)
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=1), time.min), tz)
    sessions = (
        visible_sessions(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(council__in=managed_councils(user)) | ~Q(status=Session.Status.DRAFT))
        .select_related("council", "working_group")
        .order_by("starts_at")
    )
    by_day: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at, tz).date()].append(session)
    today = timezone.localdate()
    return [
        [CalendarDay(day=day, in_month=day.month == month, is_today=day == today, sessions=by_day[day]) for day in week]
        for week in weeks
    ]


def feed_sessions(*, council: Council) -> list[Session]:
    """What a council's calendar feed publishes: every session it has announced (drafts are not)."""
    return list(
        Session.objects.filter(council=council)
        .exclude(status=Session.Status.DRAFT)
        .select_related("council", "working_group")
        .order_by("starts_at")
    )

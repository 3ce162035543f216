"""Attendance statistics per institution: the numbers of a hand-built council, the page, its chart and its CSV."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Invitation, Session
from sessions_app.selectors.attendance import Period, attendance_by_institution, attendance_statistics
from tests.council.factories import CouncilFactory, GuestSeatFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory, PersonFactory
from tests.sessions_app.factories import InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db

Answer = Invitation.Answer


DAYS = iter(range(1, 10_000))


def _session(council, status=Session.Status.HELD, **extra):
    """Each session a week after the previous one, so their order (and the trend's halves) is known."""
    extra.setdefault("starts_at", timezone.make_aware(dt.datetime(2024, 1, 1, 10)) + dt.timedelta(weeks=next(DAYS)))
    extra.setdefault("ends_at", extra["starts_at"] + dt.timedelta(hours=2))
    return SessionFactory(council=council, status=status, **extra)


def _invite(session, seat, *, attended, answer=Answer.CONFIRMED, attendee=None):
    return InvitationFactory(
        session=session,
        institution=seat.institution,
        seat=seat,
        invitee=seat.principal,
        answer=answer,
        attended=attended,
        attendee=attendee,
    )


@pytest.fixture
def example():
    """Three held (or closed) plenary sessions of one council, plus sessions that must not count.

    A: titular at S1, its suplente at S2 (answered "confirmed"), absent at S3 -> 3 convened, 2 attended, 1 suplente.
    B: suplente sent at S1, titular at S2 and S3                           -> 3, 3, 1.
    C (guest): absent at S1, titular at S2, someone unrecorded at S3       -> 3, 2, 0.
    D (invited without a seat to S1 only): a colleague of the invitee came  -> 1, 1, 1.
    """
    council = CouncilFactory(name="Consejo de Ejemplo", short_name="CE")
    a = SeatFactory(council=council, institution__name="Alfa", institution__short_name="ALF")
    b = SeatFactory(council=council, institution__name="Beta", institution__short_name="BET")
    c = GuestSeatFactory(council=council, institution__name="Gamma", institution__short_name="")
    a_alt = PersonFactory(institution=a.institution)
    b_alt = PersonFactory(institution=b.institution)
    s1 = _session(council)
    s2 = _session(council, status=Session.Status.CLOSED)
    s3 = _session(council)
    _invite(s1, a, attended=True, attendee=a.principal)
    _invite(s2, a, attended=True, attendee=a_alt)
    _invite(s3, a, attended=False, answer=Answer.DECLINED, attendee=a_alt)
    _invite(s1, b, attended=True, answer=Answer.ALTERNATE, attendee=b_alt)
    _invite(s2, b, attended=True, attendee=b.principal)
    _invite(s3, b, attended=True, attendee=b.principal)
    _invite(s1, c, attended=False, answer=Answer.DECLINED)
    _invite(s2, c, attended=True, attendee=c.principal)
    _invite(s3, c, attended=True)
    delta = InstitutionFactory(name="Delta")
    InvitationFactory(
        session=s1,
        institution=delta,
        role=Invitation.Role.GUEST,
        has_vote=False,
        invitee=PersonFactory(institution=delta),
        attendee=PersonFactory(institution=delta),
        attended=True,
    )
    # Not counted: a session still convened, a cancelled one, a working group's session, another council's session.
    _invite(_session(council, status=Session.Status.CONVENED), a, attended=False)
    _invite(_session(council, status=Session.Status.CANCELLED), a, attended=False)
    group = WorkingGroupFactory(council=council)
    _invite(_session(council, working_group=group, number=1), a, attended=True, attendee=a_alt)
    other = SeatFactory(institution=a.institution)
    _invite(_session(other.council), other, attended=True, attendee=a_alt)
    return council


def test_numbers_of_the_hand_built_council(example):
    """Convened, attended, absences, rate and suplente counts, institution by institution."""
    rows = {row.name: row for row in attendance_by_institution(council=example)}
    assert list(rows) == ["Alfa", "Beta", "Delta", "Gamma"]
    summary = {
        name: (row.convened, row.attended, row.absences, row.rate_percent, row.alternate_attended)
        for name, row in rows.items()
    }
    assert summary == {
        "Alfa": (3, 2, 1, 67, 1),
        "Beta": (3, 3, 0, 100, 1),
        "Delta": (1, 1, 0, 100, 1),
        "Gamma": (3, 2, 1, 67, 0),
    }


def test_statistics_are_three_queries(example):
    """The sessions of the period, the table (one aggregate) and the grid."""
    with CaptureQueriesContext(connection) as ctx:
        attendance_statistics(council=example)
    assert len(ctx.captured_queries) == 3


def test_page_shows_table_and_chart(client, example, world):
    """Staff see the table and an SVG bar per institution; there is no script on the page."""
    example.staff.add(world.staff_x)
    client.force_login(world.staff_x)
    body = client.get(reverse("attendance:stats", args=[example.pk])).content.decode()
    assert "Asistencia por institución" in body
    assert "<svg" in body and body.count('class="bar"') == 4
    assert ">ALF</text>" in body and ">Gamma</text>" in body  # short name, or the name when there is none
    assert "67 %" in body and "100 %" in body
    assert "<script>" not in body and "onclick" not in body


def test_csv_export_opens_in_excel_with_accents(client, example, world):
    """UTF-8 with a byte-order mark, Spanish headers, one row per institution with the same numbers."""
    client.force_login(world.admin)
    response = client.get(reverse("attendance:csv", args=[example.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="asistencia-ce.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Institución" and "Veces que asistió suplente" in rows[0]
    assert rows[0][-2:] == ["Porcentaje de suplencias", "Tendencia"]
    assert rows[1] == ["Alfa", "ALF", "3", "2", "1", "66.7", "1", "50", "Baja"]
    assert len(rows) == 5


def test_csv_cells_are_not_read_as_formulas(client, world):
    """An institution named like a formula is exported as text."""
    seat = SeatFactory(council=world.council_x, institution__name="=HYPERLINK(1)")
    _invite(_session(world.council_x), seat, attended=True, attendee=seat.principal)
    client.force_login(world.staff_x)
    content = client.get(reverse("attendance:csv", args=[world.council_x.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_empty_state_when_no_session_was_held(client, world):
    client.force_login(world.staff_x)
    body = client.get(reverse("attendance:stats", args=[world.council_x.pk])).content.decode()
    assert "Aún no hay sesiones del pleno celebradas" in body
    assert "Descargar CSV" not in body


def _grow(council, n):
    for _ in range(n):
        seat = SeatFactory(council=council)
        session = _session(council)
        _invite(session, seat, attended=True, attendee=PersonFactory(institution=seat.institution))


@pytest.mark.parametrize("name", ["stats", "csv"])
def test_statistics_pages_keep_a_fixed_number_of_queries(client, world, name):
    client.force_login(world.staff_x)
    url = reverse(f"attendance:{name}", args=[world.council_x.pk])
    counts = []
    for n in (2, 15):
        _grow(world.council_x, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_share_of_suplentes_and_trend(example):
    """Alfa: titular, then suplente, then absent -> half its attendances by a suplente, and falling."""
    rows = {row.name: row for row in attendance_by_institution(council=example)}
    assert (rows["Alfa"].alternate_share_percent, rows["Alfa"].trend) == (50, "down")
    assert (rows["Beta"].alternate_share_percent, rows["Beta"].trend) == (33, "steady")
    assert (rows["Gamma"].alternate_share_percent, rows["Gamma"].trend) == (0, "up")
    assert rows["Delta"].trend == "", "convened once: no trend"


def test_a_period_counts_only_its_sessions(example):
    held = list(
        Session.objects.filter(council=example, working_group=None, status__in=["held", "closed"]).order_by("starts_at")
    )
    second = timezone.localdate(held[1].starts_at)
    rows = {row.name: row for row in attendance_by_institution(council=example, period=Period(since=second))}
    assert (rows["Alfa"].convened, rows["Alfa"].attended) == (2, 1)
    assert "Delta" not in rows, "invited only to the first session"
    rows = attendance_by_institution(council=example, period=Period(until=second - dt.timedelta(days=1)))
    assert {row.name: row.convened for row in rows} == {"Alfa": 1, "Beta": 1, "Delta": 1, "Gamma": 1}


def test_grid_of_institutions_by_session(example):
    stats = attendance_statistics(council=example)
    assert len(stats.grid_sessions) == 3 and not stats.grid_is_partial
    grid = {row.name: row.cells for row in stats.grid}
    assert grid["Alfa"] == ["titular", "suplente", "absent"]
    assert grid["Beta"] == ["suplente", "titular", "titular"]
    assert grid["Delta"] == ["suplente", "", ""]


def test_the_grid_names_each_session_by_its_date_in_letters(client, example, world):
    """Column heads read "8 ene 2024", not "08/01/24"; each cell carries its session's date too, which a phone
    shows above the mark when the grid becomes a list per institution."""
    from core.wording import long_date

    example.staff.add(world.staff_x)
    client.force_login(world.staff_x)
    body = client.get(reverse("attendance:stats", args=[example.pk])).content.decode()
    grid = body[body.index("attendance-grid") :]
    first = attendance_statistics(council=example).grid_sessions[0].starts_at
    assert f">{long_date(first, 'short')}</a></th>" in grid
    assert grid.count(f'data-label="{long_date(first, "short")}"') == len(attendance_statistics(council=example).grid)
    assert not re.search(r"\b\d\d/\d\d/\d\d\b", grid)


def test_the_page_filters_by_period_and_the_csv_follows(client, example, world):
    example.staff.add(world.staff_x)
    client.force_login(world.staff_x)
    held = list(
        Session.objects.filter(council=example, working_group=None, status__in=["held", "closed"]).order_by("starts_at")
    )
    since = timezone.localdate(held[1].starts_at).isoformat()
    url = reverse("attendance:stats", args=[example.pk])
    body = client.get(url, {"desde": since}).content.decode()
    assert "2 sesiones del pleno celebradas." in body
    assert f"desde={since}" in body, "the CSV link keeps the period"
    assert "Por sesión" in body and "Leyenda:" in body
    response = client.get(reverse("attendance:csv", args=[example.pk]), {"desde": since})
    assert since in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:4] == ["Alfa", "ALF", "2", "1"]


def test_a_wrong_period_is_a_400_with_the_message_beside_the_field(client, example, world):
    client.force_login(world.admin)
    url = reverse("attendance:stats", args=[example.pk])
    response = client.get(url, {"desde": "2024-05-01", "hasta": "2024-01-01"})
    assert response.status_code == 400
    assert "La fecha final debe ser igual o posterior a la inicial." in response.content.decode()
    response = client.get(url, {"desde": "ayer"})
    assert response.status_code == 400
    assert "Escriba una fecha válida" in response.content.decode()
    csv_response = client.get(reverse("attendance:csv", args=[example.pk]), {"hasta": "nunca"})
    assert csv_response.status_code == 400
    assert "Periodo no válido" in csv_response.content.decode()


def test_an_empty_period_says_so(client, example, world):
    client.force_login(world.admin)
    body = client.get(reverse("attendance:stats", args=[example.pk]), {"desde": "2099-01-01"}).content.decode()
    assert "No hay sesiones del pleno celebradas en este periodo." in body

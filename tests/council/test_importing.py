"""Import and export of a council's seats: titular and suplentes from a spreadsheet, idempotent, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.spreadsheets import read_rows, xlsx_bytes
from council.importing import SEAT_COLUMNS, seat_import
from council.models import Seat, SeatAlternate
from members.models import Institution, Person, State

pytestmark = pytest.mark.django_db

SALUD = {"institution": "Institución B", "government_order": "Estatal", "state": "Jalisco", "role": "Integrante"}


def rows():
    return [
        {**SALUD, "full_name": "Titular B", "email": "tb@jal.gob.mx", "place": "titular", "has_vote": "sí"},
        {**SALUD, "full_name": "Suplente B", "email": "sb@jal.gob.mx", "place": "suplente"},
        {
            "institution": "Fiscalía",
            "government_order": "Estatal",
            "state": "14",
            "role": "Invitado permanente",
            "full_name": "Invitada",
            "email": "f@jal.gob.mx",
            "place": "titular",
        },
    ]


def upload(data):
    return SimpleUploadedFile("lugares.xlsx", xlsx_bytes(SEAT_COLUMNS, data))


def test_preview_then_confirm_gives_seats_with_titular_and_suplentes(client, world):
    council = world.council_y
    client.force_login(world.staff_y)
    url = reverse("council:seat_import", args=[council.pk])
    before = (Seat.objects.count(), Institution.objects.count(), Person.objects.count())
    response = client.post(url, {"file": upload(rows())})
    assert response.status_code == 200
    assert [row.status for row in response.context["report"].rows] == ["created", "created", "created"]
    assert (Seat.objects.count(), Institution.objects.count(), Person.objects.count()) == before

    token = response.context["token"]
    response = client.post(
        reverse("council:seat_import_confirm", args=[council.pk]), {"token": token, "form_token": "uno"}
    )
    assert response.status_code == 302
    seat = council.seats.get(institution__name="Institución B", institution__state=State.JALISCO)
    assert seat.principal.email == "tb@jal.gob.mx" and seat.has_vote
    assert [p.email for p in seat.alternates.all()] == ["sb@jal.gob.mx"]
    guest = council.seats.get(institution__name="Fiscalía")
    assert guest.role == Seat.Role.GUEST and not guest.has_vote
    # Y's own "Institución B" of Nuevo León keeps its seat and data.
    assert council.seats.filter(institution=world.seat_b.institution).exists()
    assert seat.history.count() == 1 and SeatAlternate.history.count() >= 1

    # The same file again changes nothing.
    history = (Seat.history.count(), Person.history.count(), Institution.history.count())
    report = seat_import(
        council=council, rows=read_rows(upload(rows()), SEAT_COLUMNS), viewer=world.staff_y, commit=True
    )
    assert {row.status for row in report.rows} == {"unchanged"}
    assert (Seat.history.count(), Person.history.count(), Institution.history.count()) == history


def test_suplentes_in_the_file_replace_the_seats(world):
    council = world.council_y
    seat_import(
        council=council, rows=[{"line": n, **r} for n, r in enumerate(rows(), 2)], viewer=world.staff_y, commit=True
    )
    swapped = rows()
    swapped[0]["place"], swapped[1]["place"] = "suplente", "titular"
    report = seat_import(
        council=council, rows=[{"line": n, **r} for n, r in enumerate(swapped, 2)], viewer=world.staff_y, commit=True
    )
    assert report.committed
    seat = council.seats.get(institution__name="Institución B", institution__state=State.JALISCO)
    assert seat.principal.email == "sb@jal.gob.mx"
    assert [p.email for p in seat.alternates.all()] == ["tb@jal.gob.mx"]


def test_refused_seat_rows_say_why(world):
    bad = rows()
    bad[1]["place"] = "titular"  # two titulars
    bad[2]["role"] = "Rey"
    report = seat_import(
        council=world.council_y,
        rows=[{"line": n, **r} for n, r in enumerate(bad, 2)],
        viewer=world.staff_y,
        commit=True,
    )
    reasons = {row.line: " ".join(row.reasons) for row in report.rows}
    assert "El lugar ya tiene titular en otra fila" in reasons[3]
    assert "Carácter en el consejo desconocido: «Rey»." in reasons[4]
    assert not report.committed
    assert not Institution.objects.filter(state=State.JALISCO).exists()


def test_export_round_trips(client, world):
    council = world.council_y
    seat_import(
        council=council, rows=[{"line": n, **r} for n, r in enumerate(rows(), 2)], viewer=world.staff_y, commit=True
    )
    client.force_login(world.staff_y)
    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("council:seat_export", args=[council.pk]), {"formato": fmt})
        data = read_rows(SimpleUploadedFile(f"l.{fmt}", response.content), SEAT_COLUMNS)
        assert len(data) >= 4
        report = seat_import(council=council, rows=data, viewer=world.staff_y, commit=True)
        assert report.counts["unchanged"] == len(data), [(r.line, r.changes, r.reasons) for r in report.rows]


def test_another_councils_staff_may_not_import_seats(client, world):
    client.force_login(world.staff_x)
    response = client.post(reverse("council:seat_import", args=[world.council_y.pk]), {"file": upload(rows())})
    assert response.status_code == 403
    assert not Institution.objects.filter(state=State.JALISCO).exists()

"""Who may do what through the API: every endpoint, as every role, on its own and on other councils' objects.

The same roles and records as the pages' matrix (``tests.worlds``), each with a
write-scope token; the anonymous caller sends none (401). Each row says, per
case, the status each role gets, in the order of ``tests.worlds.ROLES``:

    anonymous, delegate of A, delegate of B, staff of X, staff of Y, platform admin

A refused write (401, 403, 404) changes no row of the database; an accepted
write is rolled back before the next request. ``test_every_operation_has_a_row``
fails, naming it, when an endpoint is added without its row.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction

from api.v1 import api
from sessions_app.services.agenda import agenda_item_version
from tests.surface import database_fingerprint
from tests.worlds import ROLES

pytestmark = pytest.mark.django_db

MISSING = 999_999


def E(codes: str) -> tuple[int, ...]:
    values = tuple(int(code) for code in codes.split())
    assert len(values) == len(ROLES), codes
    return values


ANY_TOKEN = E("401 200 200 200 200 200")
STAFF_ANY = E("401 403 403 200 200 200")
DELEGATES_ONLY = E("401 200 200 403 403 403")
VIEW_X = E("401 200 200 200 403 200")
VIEW_Y = E("401 403 200 403 200 200")
MANAGE_X = E("401 403 403 200 403 200")
MANAGE_Y = E("401 403 403 403 200 200")
OWN_X_A = E("401 200 403 200 403 200")  # institution A's own record in council X
NOT_FOUND = E("401 404 404 404 404 404")
MIXED_MANAGE = E("401 403 403 404 403 404")  # another council's object under a council the staff manage
MIXED_VIEW = E("401 404 404 404 403 404")


def created(codes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(201 if code == 200 else code for code in codes)


@dataclass(frozen=True)
class Case:
    path: Callable  # world -> the path after /api/v1
    expected: tuple[int, ...]
    body: Callable | None = None  # world -> the JSON body of a write


def _version(item) -> str:
    item.refresh_from_db()
    return agenda_item_version(item)


ROWS: dict[tuple[str, str], dict[str, Case]] = {
    ("GET", "/councils"): {"": Case(lambda w: "/councils", ANY_TOKEN)},
    ("GET", "/councils/{council_id}"): {
        "X": Case(lambda w: f"/councils/{w.council_x.pk}", VIEW_X),
        "Y": Case(lambda w: f"/councils/{w.council_y.pk}", VIEW_Y),
        "missing": Case(lambda w: f"/councils/{MISSING}", NOT_FOUND),
    },
    ("GET", "/institutions"): {"": Case(lambda w: "/institutions", STAFF_ANY)},
    ("GET", "/people"): {"": Case(lambda w: "/people", STAFF_ANY)},
    ("GET", "/sessions"): {"": Case(lambda w: "/sessions", ANY_TOKEN)},
    ("GET", "/sessions/{session_id}"): {
        "X": Case(lambda w: f"/sessions/{w.x.held.pk}", VIEW_X),
        "Y": Case(lambda w: f"/sessions/{w.y.held.pk}", VIEW_Y),
        "missing": Case(lambda w: f"/sessions/{MISSING}", NOT_FOUND),
    },
    ("POST", "/sessions/{session_id}/agenda"): {
        "X": Case(lambda w: f"/sessions/{w.x.upcoming.pk}/agenda", created(MANAGE_X), lambda w: {"title": "Informe"}),
        "Y": Case(lambda w: f"/sessions/{w.y.upcoming.pk}/agenda", created(MANAGE_Y), lambda w: {"title": "Informe"}),
        "missing": Case(lambda w: f"/sessions/{MISSING}/agenda", NOT_FOUND, lambda w: {"title": "Informe"}),
    },
    ("PATCH", "/sessions/{session_id}/agenda/{item_id}"): {
        "X": Case(
            lambda w: f"/sessions/{w.x.upcoming.pk}/agenda/{w.x.upcoming_item.pk}",
            MANAGE_X,
            lambda w: {"version": _version(w.x.upcoming_item), "title": "Pase de lista"},
        ),
        "Y": Case(
            lambda w: f"/sessions/{w.y.upcoming.pk}/agenda/{w.y.upcoming_item.pk}",
            MANAGE_Y,
            lambda w: {"version": _version(w.y.upcoming_item), "title": "Pase de lista"},
        ),
        "Y's under X": Case(
            lambda w: f"/sessions/{w.x.upcoming.pk}/agenda/{w.y.upcoming_item.pk}",
            MIXED_MANAGE,
            lambda w: {"version": _version(w.y.upcoming_item), "title": "Pase de lista"},
        ),
    },
    ("PUT", "/sessions/{session_id}/agenda/order"): {
        "X": Case(
            lambda w: f"/sessions/{w.x.upcoming.pk}/agenda/order", MANAGE_X, lambda w: {"order": [w.x.upcoming_item.pk]}
        ),
        "Y": Case(
            lambda w: f"/sessions/{w.y.upcoming.pk}/agenda/order", MANAGE_Y, lambda w: {"order": [w.y.upcoming_item.pk]}
        ),
    },
    ("POST", "/invitations/{invitation_id}/answer"): {
        "A's in X": Case(lambda w: f"/invitations/{w.x.invitations['a'].pk}/answer", OWN_X_A, lambda w: ANSWER),
        "B's in X": Case(
            lambda w: f"/invitations/{w.x.invitations['b'].pk}/answer", E("401 403 200 200 403 200"), lambda w: ANSWER
        ),
        "B's in Y": Case(lambda w: f"/invitations/{w.y.invitations['b'].pk}/answer", VIEW_Y, lambda w: ANSWER),
        "C's in Y": Case(lambda w: f"/invitations/{w.y.invitations['c'].pk}/answer", MANAGE_Y, lambda w: ANSWER),
        "missing": Case(lambda w: f"/invitations/{MISSING}/answer", NOT_FOUND, lambda w: ANSWER),
    },
    ("GET", "/councils/{council_id}/agreements"): {
        "X": Case(lambda w: f"/councils/{w.council_x.pk}/agreements", MANAGE_X),
        "Y": Case(lambda w: f"/councils/{w.council_y.pk}/agreements", MANAGE_Y),
        "missing": Case(lambda w: f"/councils/{MISSING}/agreements", NOT_FOUND),
    },
    ("GET", "/agreements"): {"": Case(lambda w: "/agreements", DELEGATES_ONLY)},
    ("GET", "/agreements/{agreement_id}"): {
        "A's in X": Case(lambda w: f"/agreements/{w.x.agreements['a'].pk}", VIEW_X),
        "B's in Y": Case(lambda w: f"/agreements/{w.y.agreements['b'].pk}", VIEW_Y),
        "missing": Case(lambda w: f"/agreements/{MISSING}", NOT_FOUND),
    },
    ("POST", "/agreements/{agreement_id}/updates"): {
        "A's in X": Case(
            lambda w: f"/agreements/{w.x.agreements['a'].pk}/updates", created(OWN_X_A), lambda w: PROGRESS
        ),
        "B's in X": Case(
            lambda w: f"/agreements/{w.x.agreements['b'].pk}/updates",
            created(E("401 403 200 200 403 200")),
            lambda w: PROGRESS,
        ),
        "C's in Y": Case(
            lambda w: f"/agreements/{w.y.agreements['c'].pk}/updates", created(MANAGE_Y), lambda w: PROGRESS
        ),
        "missing": Case(lambda w: f"/agreements/{MISSING}/updates", NOT_FOUND, lambda w: PROGRESS),
    },
    ("GET", "/sessions/{session_id}/documents"): {
        "X": Case(lambda w: f"/sessions/{w.x.held.pk}/documents", VIEW_X),
        "Y": Case(lambda w: f"/sessions/{w.y.held.pk}/documents", VIEW_Y),
        "missing": Case(lambda w: f"/sessions/{MISSING}/documents", NOT_FOUND),
    },
    ("GET", "/sessions/{session_id}/documents/{slug}"): {
        "X's agenda": Case(lambda w: f"/sessions/{w.x.held.pk}/documents/orden-del-dia", VIEW_X),
        "X's attendance list": Case(lambda w: f"/sessions/{w.x.held.pk}/documents/lista-de-asistencia", MANAGE_X),
        "no such document": Case(lambda w: f"/sessions/{w.x.held.pk}/documents/no-existe", MIXED_VIEW),
        "missing": Case(lambda w: f"/sessions/{MISSING}/documents/orden-del-dia", NOT_FOUND),
    },
    ("GET", "/sessions/{session_id}/published/{document_id}"): {
        "X's acta": Case(lambda w: f"/sessions/{w.x.held.pk}/published/{w.x.published['minutes'].pk}", VIEW_X),
        "X's attendance": Case(
            lambda w: f"/sessions/{w.x.held.pk}/published/{w.x.published['attendance'].pk}", MANAGE_X
        ),
        "Y's under X": Case(lambda w: f"/sessions/{w.x.held.pk}/published/{w.y.published['minutes'].pk}", MIXED_VIEW),
    },
    ("GET", "/sessions/{session_id}/annexes/{document_id}"): {
        "X": Case(lambda w: f"/sessions/{w.x.held.pk}/annexes/{w.x.annex.pk}", VIEW_X),
        "Y": Case(lambda w: f"/sessions/{w.y.held.pk}/annexes/{w.y.annex.pk}", VIEW_Y),
        "Y's under X": Case(lambda w: f"/sessions/{w.x.held.pk}/annexes/{w.y.annex.pk}", MIXED_VIEW),
    },
    ("GET", "/calendars"): {"": Case(lambda w: "/calendars", ANY_TOKEN)},
}
ANSWER = {"answer": "confirmed"}
PROGRESS = {"text": "Se envió el informe al pleno."}


def operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, methods in schema["paths"].items()
        for method in methods
    }


def test_every_operation_has_a_row():
    missing = sorted(operations() - set(ROWS))
    assert not missing, f"Add a row to tests/api/test_permissions.py for: {missing}"
    assert not set(ROWS) - operations(), "Rows for operations that no longer exist"


@pytest.mark.parametrize(("method", "path"), sorted(ROWS), ids=lambda value: value)
def test_who_may_use_what(whole_world, api_clients, method, path):
    problems = []
    for case_name, case in ROWS[(method, path)].items():
        for role, expected in zip(ROLES, case.expected, strict=True):
            url = "/api/v1" + case.path(whole_world)
            with transaction.atomic():
                body = case.body(whole_world) if case.body else None
                checks_rows = expected >= 400 and method != "GET"  # reads write nothing of the apps' (tested below)
                before = database_fingerprint() if checks_rows else None
                call = getattr(api_clients[role], method.lower())
                response = call(url, body, content_type="application/json") if body is not None else call(url)
                if response.status_code != expected:
                    problems.append(
                        f"{method} {path} [{case_name}] as {role}: {response.status_code}, expected {expected}"
                    )
                elif expected >= 400:
                    if response["Content-Type"] != "application/problem+json":
                        problems.append(f"{method} {path} [{case_name}] as {role}: not problem+json")
                    if checks_rows and database_fingerprint() != before:
                        problems.append(f"{method} {path} [{case_name}] as {role}: a refused request changed rows")
                transaction.set_rollback(True)
    assert not problems, "\n".join(problems)

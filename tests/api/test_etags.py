"""ETag and 304 on every read of the API: each GET of the schema, as a role that may make it, on the world of
``tests.worlds`` (built once for the module, each case rolled back)."""

import pytest
from django.db import transaction

from tests.api import test_permissions as permissions

pytestmark = pytest.mark.django_db


def _rename(record, field: str, value: str):
    setattr(record, field, value)
    record.save()


# What changes, for each JSON read, something the case read by ``_reader`` shows (a new read must differ).
CHANGES = {
    "/councils": lambda w: _rename(w.council_x, "purpose", "Coordinar la política estatal de seguridad."),
    "/councils/{council_id}": lambda w: _rename(w.council_x, "purpose", "Coordinar la política estatal de seguridad."),
    "/institutions": lambda w: _rename(w.inst_a, "municipality", "San Nicolás de los Garza"),
    "/people": lambda w: _rename(w.person_a, "post", "Directora de Planeación"),
    "/sessions": lambda w: _rename(w.x.upcoming, "venue", "Sala de Juntas del Ejecutivo"),
    "/sessions/{session_id}": lambda w: _rename(w.x.held, "venue", "Sala de Juntas del Ejecutivo"),
    "/sessions/{session_id}/documents": lambda w: _rename(w.x.published["minutes"], "title", "Acta aprobada"),
    "/councils/{council_id}/agreements": lambda w: _rename(w.x.agreements["a"], "text", "Se entregará en marzo."),
    "/agreements": lambda w: _rename(w.x.agreements["a"], "text", "Se entregará en marzo."),
    "/agreements/{agreement_id}": lambda w: _rename(w.x.agreements["a"], "text", "Se entregará en marzo."),
    "/calendars": lambda w: _rename(w.council_x, "short_name", "CESP"),
}


def _reads() -> list[str]:
    return sorted(path for method, path in permissions.operations() if method == "GET")


def _reader(path: str) -> tuple[str, permissions.Case]:
    """The role that may make this read (the platform admin if they may) and its first case they may read."""
    for role in sorted(permissions.ROLES, key=lambda role: role != "admin"):
        for case in permissions.ROWS[("GET", path)].values():
            if case.expected[permissions.ROLES.index(role)] == 200:
                return role, case
    raise AssertionError(f"No role may read {path}")


@pytest.mark.parametrize("path", _reads())
def test_every_read_answers_304_when_unchanged_and_a_new_etag_when_changed(whole_world, api_clients, path):
    """A client that repeats a read with its ETag gets an empty 304; after a change, the new body with a new ETag."""
    role, case = _reader(path)
    client, url = api_clients[role], "/api/v1" + case.path(whole_world)
    with transaction.atomic():
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code)
        etag = first["ETag"]
        assert etag.startswith('"') and "private" in first["Cache-Control"], url
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag), url
        if first["Content-Type"].startswith("application/json"):
            CHANGES[path](whole_world)
            changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
            assert changed.status_code == 200 and changed["ETag"] != etag, url
            assert changed.content != first.content
        transaction.set_rollback(True)

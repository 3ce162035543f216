"""What every endpoint shares: pages with totals, filters, ETag and 304, problem+json, the rate per token,
and a fixed number of queries whatever the length of a list."""

import datetime as dt
import json

import jsonschema_rs
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.v1 import api
from sessions_app.models import Agreement, AgreementUpdate, Invitation, Session
from tests.api.conftest import bearer_client
from tests.council.factories import CouncilFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import PersonFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_lists_come_in_pages_with_their_total(world):
    for _ in range(4):
        SessionFactory(council=world.council_x)
    client = bearer_client(world.staff_x)
    first = client.get("/api/v1/sessions", {"limit": 2}).json()
    second = client.get("/api/v1/sessions", {"limit": 2, "offset": 2}).json()
    last = client.get("/api/v1/sessions", {"limit": 2, "offset": 4}).json()
    assert first["count"] == second["count"] == last["count"] == 5
    assert [len(page["items"]) for page in (first, second, last)] == [2, 2, 1]
    ids = [row["id"] for page in (first, second, last) for row in page["items"]]
    assert len(set(ids)) == 5
    assert set(ids) == set(Session.objects.filter(council=world.council_x).values_list("pk", flat=True))


def _schema() -> dict:
    """The OpenAPI schema as served (JSON: the statuses are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def _list_operations() -> list[tuple[str, dict]]:
    """The reads of the schema that answer JSON and whose path ends in a collection, not in one record's id."""
    schema = _schema()
    return [
        (path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
        and not path.endswith("}")
        and "application/json" in operation["responses"].get("200", {}).get("content", {})
    ]


def test_every_list_of_the_schema_is_a_page_with_its_total():
    """Every list, documents and calendars included, takes ``limit`` and ``offset`` and answers its ``count``."""
    schema = _schema()
    lists = dict(_list_operations())
    assert {"/api/v1/sessions/{session_id}/documents", "/api/v1/calendars", "/api/v1/sessions"} <= set(lists)
    for path, operation in lists.items():
        parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
        assert {"limit", "offset"} <= parameters, path
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in answer, (path, answer)  # a page, never a bare array
        page = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[-1]]
        assert {"count", "limit", "offset", "items"} <= set(page["required"]), path


def test_a_sessions_documents_and_the_calendars_come_in_pages_with_their_total(world):
    client = bearer_client(world.admin)
    for url in (f"/api/v1/sessions/{world.session_x.pk}/documents", "/api/v1/calendars"):
        whole = client.get(url, {"limit": 100}).json()
        assert whole["count"] == len(whole["items"]) >= 2, url
        first = client.get(url, {"limit": 1}).json()
        second = client.get(url, {"limit": 1, "offset": 1}).json()
        assert first["count"] == second["count"] == whole["count"]
        assert first["items"] + second["items"] == whole["items"][:2]
    feeds = client.get("/api/v1/calendars").json()["items"]
    assert {feed["council_id"] for feed in feeds} >= {world.council_x.pk, world.council_y.pk}
    assert bearer_client(world.staff_x).get("/api/v1/calendars").json()["count"] == 1


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "diez"}])
def test_a_page_out_of_bounds_is_a_422_in_spanish(world, query):
    response = bearer_client(world.staff_x).get("/api/v1/sessions", query)
    assert response.status_code == 422
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["code"] == "invalid_request" and "esquema" in problem["detail"]
    assert problem["errors"]


def test_session_filters(world):
    council = world.council_x
    june = timezone.make_aware(dt.datetime(2024, 6, 10, 10))
    held = SessionFactory(council=council, status=Session.Status.HELD, starts_at=june, city="Apodaca")
    extra = SessionFactory(
        council=council, kind=Session.Kind.EXTRAORDINARY, starts_at=june + dt.timedelta(days=30), status="draft"
    )
    client = bearer_client(world.admin)

    def ids(**query):
        response = client.get("/api/v1/sessions", query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["items"]}

    assert ids(council=world.council_y.pk) == {world.session_y.pk}
    assert ids(council=council.pk, status="held") == {held.pk}
    assert ids(kind="extraordinary") == {extra.pk}
    assert ids(starts_from="2024-06-01", starts_until="2024-06-30") == {held.pk}
    assert ids(starts_from="2024-07-01", starts_until="2024-07-31") == {extra.pk}
    assert ids(q="apodaca") == {held.pk}
    assert ids(q="extraordinaria 2024") == {extra.pk}
    assert client.get("/api/v1/sessions", {"status": "borrada"}).status_code == 422


def test_tracker_filters_are_the_trackers(world):
    session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
    late = AgreementFactory(session=session, due_date=timezone.localdate() - dt.timedelta(days=3))
    late.responsible.add(world.seat_a.institution)
    done = AgreementFactory(session=session, status=Agreement.Status.FULFILLED)
    client = bearer_client(world.staff_x)
    url = f"/api/v1/councils/{world.council_x.pk}/agreements"

    def ids(**query):
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["items"]}

    assert ids() == {late.pk, done.pk}
    assert ids(overdue="true") == {late.pk}
    assert ids(status="fulfilled") == {done.pk}
    assert ids(institution=world.seat_a.institution.pk) == {late.pk}
    assert client.get(url, {"institution": world.seat_b.institution.pk}).status_code == 422  # not one of the choices
    assert client.get(url).json()["items"][0]["overdue"] in (True, False)


def test_an_unchanged_read_is_a_304_and_a_change_a_new_etag(world):
    client = bearer_client(world.staff_x)
    url = f"/api/v1/sessions/{world.session_x.pk}"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    world.session_x.venue = "Otra sede"
    world.session_x.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and changed.json()["venue"] == "Otra sede"


def test_a_service_refusal_is_problem_json_with_its_code(world):
    """The services' own Spanish message and code reach the client: here, a session that no longer takes answers."""
    world.session_x.status = Session.Status.HELD
    world.session_x.save()
    client = bearer_client(world.delegate_a)
    response = client.post(
        f"/api/v1/invitations/{world.invitation_a.pk}/answer", {"answer": "confirmed"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "status": 422,
        "code": "closed",
        "title": "Datos no válidos",
        "detail": "La sesión ya no admite respuestas.",
    }
    world.invitation_a.refresh_from_db()
    assert world.invitation_a.answer == Invitation.Answer.PENDING


def test_malformed_json_is_a_problem_not_a_500(world):
    client = bearer_client(world.staff_x)
    response = client.post(
        f"/api/v1/sessions/{world.session_x.pk}/agenda", "{no es json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


def test_too_many_requests_is_a_429_with_retry_after_per_token(world, settings, monkeypatch):
    settings.API_RATE_PER_MINUTE = 3
    monkeypatch.setattr("api.conventions.rate_window", lambda: 28_333_333)  # one minute, whatever the clock says
    client = bearer_client(world.staff_x)
    other = bearer_client(world.staff_x)
    statuses = [client.get("/api/v1/councils").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/councils")
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/councils").status_code == 200  # another token has its own count


def test_the_docs_are_served_from_our_own_static_files(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Sesiones"
    assert "Autenticación" in schema["info"]["description"]
    refusal = schema["paths"]["/api/v1/sessions"]["get"]["responses"]["401"]["content"]
    assert list(refusal) == ["application/problem+json"]


# The schemas whose examples the docs page must show: a row of the session list, a session, an agreement, and
# every body a client writes (test_every_write_body_has_an_example finds the bodies themselves).
EXAMPLED = ["SessionRow", "SessionDetailOut", "AgreementOut", "AgreementDetailOut"]


def _examples(schema: dict, name: str) -> list:
    return schema["components"]["schemas"][name].get("examples", [])


def test_the_docs_show_examples_of_a_session_and_an_agreement(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for name in EXAMPLED:
        assert _examples(schema, name), f"{name} has no example"
    row = _examples(schema, "SessionRow")[0]
    assert row["title"] == "Segunda Sesión Ordinaria 2025" and row["invited"] >= row["confirmed"]
    assert _examples(schema, "AgreementDetailOut")[0]["updates"][0]["text"].startswith("Se concluyó")


def test_every_write_body_has_an_example(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    bodies = {
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for methods in schema["paths"].values()
        for operation in methods.values()
        if "requestBody" in operation
    }
    assert {"AgendaItemIn", "AgendaItemPatch", "AgendaOrderIn", "AnswerIn", "ProgressIn"} <= bodies
    assert [name for name in sorted(bodies) if not _examples(schema, name)] == []


def test_every_example_is_valid_against_its_schema():
    """What the docs page offers to send or shows as an answer is what the schema (and schemathesis) accepts."""
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    checked = 0
    for name, component in schema["components"]["schemas"].items():
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}, validate_formats=True
        )
        for value in component.get("examples", []):
            errors = [error.message for error in validator.iter_errors(value)]
            assert not errors, (name, errors)
            checked += 1
    assert checked >= len(EXAMPLED) + 5


def test_the_bundled_swagger_assets_are_found_by_staticfiles(db):
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name


# --- A fixed number of queries whatever the length of a list ---


def _grow(world, n: int) -> None:
    """n more sessions, seats, invitations, agenda items and agreements in council X (and the directory)."""
    for _ in range(n):
        seat = SeatFactory(council=world.council_x)
        PersonFactory(institution=seat.institution)
        session = SessionFactory(council=world.council_x, status=Session.Status.HELD)
        InvitationFactory(session=session, institution=seat.institution, seat=seat, invitee=seat.principal)
        InvitationFactory(session=world.session_x, institution=seat.institution, seat=seat, attendee=seat.principal)
        AgendaItemFactory(session=world.session_x, presenter_institution=seat.institution)
        agreement = AgreementFactory(session=session)
        agreement.responsible.add(seat.institution, world.seat_a.institution)
        group = WorkingGroupFactory(council=world.council_x, coordinator=seat.institution)
        group.members.add(seat.institution)
        CouncilFactory()
        for followed in Agreement.objects.filter(session=world.session_x):  # its progress and its responsible
            followed.responsible.add(seat.institution)
            AgreementUpdate.objects.create(agreement=followed, institution=seat.institution, text="Avance", author=None)


def _followed_agreement(world) -> Agreement:
    """An agreement of session X, whose progress updates and responsible institutions ``_grow`` adds to."""
    agreement = Agreement.objects.filter(session=world.session_x).first()
    if agreement is None:
        agreement = AgreementFactory(session=world.session_x)
        agreement.responsible.add(world.seat_a.institution)
    return agreement


LISTS = {
    "agreement": lambda w: f"/api/v1/agreements/{_followed_agreement(w).pk}",
    "sessions": lambda w: "/api/v1/sessions",
    "session": lambda w: f"/api/v1/sessions/{w.session_x.pk}",
    "documents": lambda w: f"/api/v1/sessions/{w.session_x.pk}/documents",
    "councils": lambda w: "/api/v1/councils",
    "council": lambda w: f"/api/v1/councils/{w.council_x.pk}",
    "tracker": lambda w: f"/api/v1/councils/{w.council_x.pk}/agreements",
    "institutions": lambda w: "/api/v1/institutions",
    "people": lambda w: "/api/v1/people",
    "calendars": lambda w: "/api/v1/calendars",
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(context.captured_queries)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_staff_lists_issue_the_same_queries_at_both_sizes(world, name, django_assert_num_queries):
    client = bearer_client(world.admin)
    url = LISTS[name](world)
    client.get(url)  # the token's first use is written once
    _grow(world, 2)
    small = _count(client, url)
    _grow(world, 12)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["sessions", "agreements", "session", "agreement"])
def test_delegate_lists_issue_the_same_queries_at_both_sizes(world, name, django_assert_num_queries):
    client = bearer_client(world.delegate_a)
    url = {**LISTS, "agreements": lambda w: "/api/v1/agreements"}[name](world)
    client.get(url)
    _grow(world, 2)
    small = _count(client, url)
    _grow(world, 12)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_a_session_shows_a_delegate_their_own_invitation_and_the_staff_everything(world):
    """As the session page: a delegate sees their institution's invitation and the declared quorum only."""
    InvitationFactory(session=world.session_x, institution=world.seat_b.institution, answer="confirmed")
    url = f"/api/v1/sessions/{world.session_x.pk}"
    staff = bearer_client(world.staff_x).get(url).json()
    delegate = bearer_client(world.delegate_a).get(url).json()
    assert len(staff["invitations"]) == 2 and staff["quorum_projected"]["voting_seats"] == 2
    assert staff["quorum_projected"]["present"] == 1
    assert [row["institution"]["id"] for row in delegate["invitations"]] == [world.seat_a.institution.pk]
    assert delegate["quorum_projected"] is None and delegate["quorum_present"] is None
    assert delegate["calendar_url"].endswith(f"/sesiones/{world.session_x.pk}/calendario.ics")


def test_a_session_read_again_comes_from_the_cache_until_its_council_changes(world, django_assert_max_num_queries):
    """Like the session page: the permission is checked on every request, the detail is read once per change."""
    client = bearer_client(world.staff_x)
    url = f"/api/v1/sessions/{world.session_x.pk}"
    first = client.get(url)
    with django_assert_max_num_queries(3):  # the token, where the viewer stands, nothing else
        again = client.get(url)
    assert again.content == first.content
    AgendaItemFactory(session=world.session_x, title="Punto nuevo")
    assert "Punto nuevo" in client.get(url).content.decode()
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {bearer_client(world.staff_y).plain}").status_code == 403


def test_the_session_list_changes_as_soon_as_its_councils_do(world):
    client = bearer_client(world.delegate_a)
    assert [row["id"] for row in client.get("/api/v1/sessions").json()["items"]] == [world.session_x.pk]
    InvitationFactory(session=world.session_y, institution=world.seat_a.institution)  # A is convened to Y now
    ids = {row["id"] for row in client.get("/api/v1/sessions").json()["items"]}
    assert ids == {world.session_x.pk, world.session_y.pk}
    staff = bearer_client(world.staff_x)
    assert staff.get("/api/v1/sessions").json()["count"] == 1
    SessionFactory(council=world.council_x)
    assert staff.get("/api/v1/sessions").json()["count"] == 2


@pytest.mark.parametrize(("role", "queries"), [("staff_x", 1), ("delegate_a", 2)])
def test_the_session_list_read_again_costs_only_its_token(world, role, queries, django_assert_num_queries):
    """From the cache, the list reads its token; where its user stands (their councils and their institution) is
    kept under the access version; a delegate's list also reads the councils their institution sits in or is
    convened to. What the bench's API list pays on every request."""
    client = bearer_client(getattr(world, role))
    first = client.get("/api/v1/sessions")
    with django_assert_num_queries(queries):
        again = client.get("/api/v1/sessions")
    assert again.content == first.content

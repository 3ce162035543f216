"""The daily pages kept whole in the cache (``core.versions.CachedPageMixin``): a change shows at once.

Dashboard, session list, council, tracker, attendance statistics, check-in, live confirmations, the
delegate's agreements and the answer link are served from the cache while nothing they show changes.
Each test changes something the page shows, through the service a user's action calls, and asks again.
Answers and check-ins change only their session's page and the council's lists (``attendance_changed``).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import versions
from sessions_app.models import Invitation, Session
from sessions_app.services.agreements import agreement_report_progress
from sessions_app.services.answers import NewPerson, invitation_answer
from sessions_app.services.checkin import invitation_check_in
from sessions_app.tokens import invitation_token
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, InvitationFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_minute")]


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return [query["sql"] for query in ctx.captured_queries]


def _convened(session: Session, *, starts_at=None) -> Session:
    session.status = Session.Status.CONVENED
    if starts_at is not None:
        session.starts_at, session.ends_at = starts_at, starts_at + dt.timedelta(hours=2)
    session.save()
    return session


def test_the_dashboard_shows_a_new_session_and_a_new_answer_at_once(client, world):
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.staff_x)
    url = reverse("dashboard")
    assert "0 / 1 confirmaron" in _get(client, url)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert "1 / 1 confirmaron" in _get(client, url)
    later = SessionFactory(council=world.council_x, starts_at=timezone.now() + dt.timedelta(days=9))
    assert later.get_absolute_url() in _get(client, url)


def test_the_council_page_shows_a_new_seat_at_once(client, world):
    client.force_login(world.staff_x)
    url = reverse("council:detail", args=[world.council_x.pk])
    assert "Comisión Estatal del Agua" not in _get(client, url)
    SeatFactory(council=world.council_x, institution__name="Comisión Estatal del Agua")
    assert "Comisión Estatal del Agua" in _get(client, url)


def test_the_tracker_and_the_delegates_agreements_show_progress_at_once(client, world):
    agreement = AgreementFactory(session=world.session_x, text="Integrar el padrón estatal")
    agreement.responsible.add(world.seat_a.institution)
    client.force_login(world.staff_x)
    tracker = reverse("agreements:tracker", args=[world.council_x.pk])
    assert "Integrar el padrón estatal" in _get(client, tracker)
    assert 'data-count="in_progress">0<' in _get(client, tracker)
    client.force_login(world.delegate_a)
    mine = reverse("agreements:mine")
    assert "Integrar el padrón estatal" in _get(client, mine)
    agreement_report_progress(
        agreement=agreement, text="Padrón al 40 %", author=world.delegate_a, institution=world.seat_a.institution
    )
    assert "Padrón al 40 %" in _get(client, mine) or "En proceso" in _get(client, mine)
    client.force_login(world.staff_x)
    assert 'data-count="in_progress">1<' in _get(client, tracker)


def test_the_check_in_page_and_the_live_confirmations_show_each_arrival_and_answer_at_once(client, world):
    session = _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(minutes=10))
    client.force_login(world.staff_x)
    checkin = reverse("sessions_app:checkin", args=[session.pk])
    live = reverse("sessions_app:attendance_live", args=[session.pk])
    check_in_url = reverse("sessions_app:invitation_check_in", args=[world.invitation_a.pk])
    assert check_in_url in _get(client, checkin)
    before_live = _get(client, live)
    invitation_check_in(invitation=world.invitation_a, attendee=world.invitation_a.invitee)
    assert reverse("sessions_app:invitation_arrival", args=[world.invitation_a.pk]) in _get(client, checkin)
    invitation_answer(invitation=world.invitation_b, answer=Invitation.Answer.DECLINED, comment="Agenda")
    assert _get(client, live) != before_live


def test_the_attendance_statistics_follow_a_recorded_attendance(client, world):
    held = SessionFactory(
        council=world.council_x, status=Session.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=20)
    )
    invitation = InvitationFactory(session=held, institution=world.seat_a.institution, seat=world.seat_a)
    client.force_login(world.staff_x)
    url = reverse("attendance:stats", args=[world.council_x.pk])
    before = _get(client, url)
    invitation.attended = True
    invitation.attendee = invitation.invitee
    invitation.save()
    assert _get(client, url) != before


def test_the_answer_link_shows_the_answer_given_and_each_response_has_its_own_form_token(client, world):
    _convened(world.session_x)
    url = reverse("sessions_app:answer", args=[invitation_token(world.invitation_a)])
    first, second = _get(client, url), _get(client, url)
    tokens = [re.findall(r'name="form_token" value="([^"]+)"', page) for page in (first, second)]
    assert tokens[0] and tokens[1] and not set(tokens[0]) & set(tokens[1]), "a one-time token is never served twice"
    assert versions.CSRF_PLACEHOLDER not in second and "form-token-of-the-response" not in second
    assert len(_queries(client, url)) <= 2, "from the cache: the token's invitation, nothing the page shows"
    response = client.post(url, {"answer": "confirmed", "form_token": tokens[1][0]})
    assert response.status_code == 302
    world.invitation_a.refresh_from_db()
    assert world.invitation_a.answer == Invitation.Answer.CONFIRMED
    assert "Cambiar" in _get(client, url) or "confirm" in _get(client, url).lower()


def test_an_answer_leaves_other_sessions_pages_and_its_own_agenda_in_the_cache(client, world):
    other = SessionFactory(council=world.council_x)
    AgendaItemFactory(session=world.session_x, title="Informe de la comisión")
    client.force_login(world.staff_x)
    _get(client, other.get_absolute_url())
    _get(client, world.session_x.get_absolute_url())
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert len(_queries(client, other.get_absolute_url())) <= 3, "another session's page stays in the cache"
    rendered = _queries(client, world.session_x.get_absolute_url())
    assert any("sessions_app_invitation" in sql for sql in rendered), "its invitations are read again"
    assert not any('FROM "sessions_app_agendaitem"' in sql for sql in rendered), "its agenda is not"
    assert "Confirmó" in _get(client, world.session_x.get_absolute_url())


def test_an_agenda_change_renders_the_session_page_again(client, world):
    item = AgendaItemFactory(session=world.session_x, title="Informe de la comisión")
    client.force_login(world.staff_x)
    assert "Informe de la comisión" in _get(client, world.session_x.get_absolute_url())
    item.title = "Informe anual de la comisión"
    item.save()
    assert "Informe anual de la comisión" in _get(client, world.session_x.get_absolute_url())


def test_a_page_kept_in_one_minute_is_rendered_again_in_the_next(client, world, monkeypatch):
    """What is due, upcoming or open changes with the time: no daily page is older than its minute."""
    client.force_login(world.staff_x)
    url = reverse("council:detail", args=[world.council_x.pk])
    monkeypatch.setattr(versions, "this_minute", lambda: "2026-12-07T10:00")
    _get(client, url)
    assert len(_queries(client, url)) <= 6
    monkeypatch.setattr(versions, "this_minute", lambda: "2026-12-07T10:01")
    assert len(_queries(client, url)) > 6


def test_a_council_staff_never_gets_another_councils_cached_page(client, world):
    """Same path, another viewer: the staff of Y are refused X's council page even once X's is cached."""
    client.force_login(world.staff_x)
    url = reverse("council:detail", args=[world.council_x.pk])
    assert world.council_x.name in _get(client, url)
    client.force_login(world.staff_y)
    dashboard = _get(client, reverse("dashboard"))
    assert world.session_x.get_absolute_url() not in dashboard
    assert client.get(reverse("agreements:tracker", args=[world.council_x.pk])).status_code == 403


def test_an_answer_leaves_the_tracker_and_the_statistics_in_the_cache(client, world):
    """Agreements and the statistics of held sessions do not change with an answer to a coming session."""
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    AgreementFactory(session=world.session_x)
    client.force_login(world.staff_x)
    pages = [
        reverse("agreements:tracker", args=[world.council_x.pk]),
        reverse("attendance:stats", args=[world.council_x.pk]),
    ]
    for url in pages:
        _get(client, url)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    for url in pages:
        assert len(_queries(client, url)) <= 6, url
    AgreementFactory(session=world.session_x, text="Acuerdo nuevo del consejo")  # any other change: rendered again
    assert "Acuerdo nuevo del consejo" in _get(client, pages[0])


def test_the_session_page_follows_the_opening_of_the_register_without_any_change(client, world, monkeypatch):
    """The register and the quorum open a while before the start: the page says so within the minute.

    Tomorrow morning, local time, whatever the hour the test runs: 4½ hours after the real time of day crossed
    midnight in Mexico City from 19:30 on, and a new day is a new page (its key holds the date)."""
    morning = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(8)))
    monkeypatch.setattr(timezone, "now", lambda: morning)
    session = _convened(world.session_x, starts_at=morning + dt.timedelta(hours=5))
    client.force_login(world.staff_x)
    monkeypatch.setattr(versions, "this_minute", lambda: "2026-12-07T10:00")
    assert "Quórum proyectado" in _get(client, session.get_absolute_url())
    # Time passes (no save: no version changes) until the register opens, the same day.
    later = morning + dt.timedelta(hours=4, minutes=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Quórum proyectado" in _get(client, session.get_absolute_url()), "the same minute: the page kept"
    monkeypatch.setattr(versions, "this_minute", lambda: "2026-12-07T10:01")
    page = _get(client, session.get_absolute_url())
    assert "Quórum proyectado" not in page and ">Quórum<" in page


def _without_tokens(html: str) -> str:
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", html)


def test_after_an_answer_the_lists_compute_only_their_counts_and_show_what_a_fresh_page_shows(client, world):
    """Dashboard and session list are kept under the content version: an answer recomputes the live parts only."""
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.staff_x)
    for url in (reverse("dashboard"), reverse("sessions_app:list")):
        assert "0 / 1 confirmaron" in _get(client, url)
        kept = len(_queries(client, url))
        invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
        after = len(_queries(client, url))
        assert after <= kept + 5, "the counts (one query) and the secretariat's tasks (four), not the whole page"
        filled = _get(client, url)
        assert "1 / 1 confirmaron" in filled and "<!--live:" not in filled
        versions.council_changed(world.council_x.pk)  # the same page rendered whole, from nothing
        assert len(_queries(client, url)) > after
        versions.council_changed(world.council_x.pk)
        assert _without_tokens(_get(client, url)) == _without_tokens(filled)
        invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.DECLINED)


def test_the_dashboard_follows_a_suplente_to_validate_and_an_answered_invitation(client, world):
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.delegate_a)
    answer_url = reverse("sessions_app:invitation_answer", args=[world.invitation_a.pk])
    assert answer_url in _get(client, reverse("dashboard")), "awaiting the delegate's answer"
    client.force_login(world.staff_x)
    assert "suplente por validar" not in _get(client, reverse("dashboard"))
    invitation_answer(
        invitation=world.invitation_a,
        answer=Invitation.Answer.ALTERNATE,
        proposed=NewPerson(full_name="Persona Propuesta", post="Directora", email="p@s.gob.mx"),
    )
    assert "1 suplente por validar" in _get(client, reverse("dashboard"))
    client.force_login(world.delegate_a)
    page = _get(client, reverse("dashboard"))
    assert answer_url not in page and "No hay convocatorias pendientes de respuesta." in page


def test_an_answer_leaves_the_council_page_in_the_cache(client, world):
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.staff_x)
    url = reverse("council:detail", args=[world.council_x.pk])
    _get(client, url)
    kept = len(_queries(client, url))
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert len(_queries(client, url)) == kept


def test_after_an_arrival_the_register_renders_only_that_row_and_shows_what_a_fresh_page_shows(client, world):
    session = _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(minutes=10))
    for _ in range(3):
        seat = SeatFactory(council=world.council_x)
        InvitationFactory(session=session, institution=seat.institution, seat=seat, invitee=seat.principal)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:checkin", args=[session.pk])
    _get(client, url)
    invitation_check_in(invitation=world.invitation_a, attendee=world.invitation_a.invitee)
    with CaptureQueriesContext(connection) as ctx:
        kept = _get(client, url)
    rows_read = [q["sql"] for q in ctx.captured_queries if 'FROM "sessions_app_invitation" INNER JOIN' in q["sql"]]
    assert any(f"IN ({world.invitation_a.pk})" in sql for sql in rows_read), "only the row that changed is read"
    assert "Presente desde las" in kept and "csrf-token-of-the-request" not in kept
    assert "form-token-of-the-response" not in kept
    whole = _get(client, url + "?todo=1")  # not kept (a query string): the whole register rendered from the data
    assert _without_tokens(whole).replace("?todo=1", "") == _without_tokens(kept)


def test_the_answer_link_stays_cached_through_other_institutions_answers(client, world):
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    other = InvitationFactory(session=world.session_x)
    url = reverse("sessions_app:answer", args=[invitation_token(world.invitation_a)])
    before = _without_tokens(_get(client, url))
    kept = len(_queries(client, url))
    invitation_answer(invitation=other, answer=Invitation.Answer.DECLINED)
    assert len(_queries(client, url)) == kept, "another institution's answer: the page stays in the cache"
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.DECLINED, comment="Agenda llena")
    page = _without_tokens(_get(client, url))
    assert page != before, "its own answer shows at once"
    assert len(_queries(client, url)) == kept


@pytest.mark.parametrize("viewer", ["staff_x", "delegate_a"])
def test_after_an_answer_the_session_page_computes_its_quorum_and_invitations_only(client, world, viewer):
    session = _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    AgendaItemFactory(session=session, title="Informe de la comisión")
    client.force_login(getattr(world, viewer))
    url = session.get_absolute_url()
    _get(client, url)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    with CaptureQueriesContext(connection) as ctx:
        kept = _get(client, url)
    assert not any('FROM "sessions_app_agendaitem"' in query["sql"] for query in ctx.captured_queries)
    # The session and its council are kept under the content version, which an answer leaves.
    assert not any('INNER JOIN "council_council"' in query["sql"] for query in ctx.captured_queries)
    assert "<!--live:" not in kept and "Informe de la comisión" in kept
    whole = _get(client, url + "?todo=1")  # not kept: rendered from the data, fragments and all
    assert _without_tokens(whole).replace("?todo=1", "") == _without_tokens(kept)


def test_after_an_answer_the_live_confirmations_write_only_that_row_and_show_what_a_fresh_page_shows(client, world):
    """The page is kept under the content version; its reminder and panel are live, each row kept by its state."""
    session = _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    invitations = [world.invitation_a]
    for name in ("Confirma", "Suplente", "Inalcanzable"):
        seat = SeatFactory(council=world.council_x, institution__name=f"Institución {name}")
        invitations.append(
            InvitationFactory(
                session=session, institution=seat.institution, seat=seat, invitee=seat.principal, delivery="sent"
            )
        )
    invitation_answer(invitation=invitations[1], answer=Invitation.Answer.CONFIRMED, comment="Asistiré")
    invitation_answer(
        invitation=invitations[2],
        answer=Invitation.Answer.ALTERNATE,
        proposed=NewPerson(full_name="Persona Propuesta", post="Directora", email="p@s.gob.mx"),
    )
    Invitation.objects.filter(pk=invitations[3].pk).update(delivery="failed", delivery_error="550 buzón inexistente")
    versions.attendance_changed(council_id=world.council_x.pk, session_id=session.pk)
    client.force_login(world.staff_x)
    url = reverse("sessions_app:attendance_live", args=[session.pk])
    panel = reverse("sessions_app:attendance_live_panel", args=[session.pk])
    _get(client, url)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.DECLINED, comment="Agenda llena")
    with CaptureQueriesContext(connection) as ctx:
        kept = _get(client, url)
    # Invitations read whole: the row that changed, and the one not reached (its table lists the invitations).
    read = [q["sql"] for q in ctx.captured_queries if '"sessions_app_invitation"."token_key"' in q["sql"]]
    assert sorted(re.search(r'"sessions_app_invitation"."id" IN \((\d+)\)', sql).group(1) for sql in read) == sorted(
        [str(world.invitation_a.pk), str(invitations[3].pk)]
    )
    assert "«Agenda llena»" in kept and "«Asistiré»" in kept and "Persona Propuesta" in kept
    assert "550 buzón inexistente" in kept and "<!--live:" not in kept
    assert "csrf-token-of-the-request" not in kept
    whole = _get(client, url + "?todo=1")  # not kept (a query string): the whole page rendered from the data
    assert _without_tokens(whole).replace("?todo=1", "") == _without_tokens(kept)
    assert _without_tokens(_get(client, panel)) == _without_tokens(_get(client, panel + "?todo=1"))


def test_a_kept_dashboard_asks_nothing_but_the_login(client, world):
    """Staff of a council who answer for no institution: where they stand is kept under the access version, read
    in one query the first time (their councils and their institution) and then from the cache."""
    client.force_login(world.staff_x)
    login = ('FROM "django_session"', 'FROM "auth_user"')  # the test's settings keep both in the database
    first = [sql for sql in _queries(client, reverse("dashboard")) if not any(table in sql for table in login)]
    assert sum("UNION ALL" in sql for sql in first) == 1, first
    queries = [sql for sql in _queries(client, reverse("dashboard")) if not any(table in sql for table in login)]
    assert queries == []


def test_the_delegates_kept_start_page_shows_what_a_fresh_one_shows_after_each_answer(client, world):
    """Which invitations await the delegate is read after each answer; their list is kept under the content
    version: a new convocation, a renamed council and the delegate's own answer each show at once."""
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.delegate_a)
    url = reverse("dashboard")
    answer_url = reverse("sessions_app:invitation_answer", args=[world.invitation_a.pk])
    assert answer_url in _get(client, url)
    world.council_x.name = "Consejo X renombrado"
    world.council_x.save()
    later = _convened(SessionFactory(council=world.council_x), starts_at=timezone.now() + dt.timedelta(days=9))
    second = InvitationFactory(session=later, institution=world.seat_a.institution, seat=world.seat_a)
    kept = _get(client, url)
    assert "Consejo X renombrado" in kept
    assert reverse("sessions_app:invitation_answer", args=[second.pk]) in kept
    assert _without_tokens(_get(client, url + "?todo=1")).replace("?todo=1", "") == _without_tokens(kept)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.DECLINED)
    kept = _get(client, url)
    assert answer_url not in kept and reverse("sessions_app:invitation_answer", args=[second.pk]) in kept
    assert _without_tokens(_get(client, url + "?todo=1")).replace("?todo=1", "") == _without_tokens(kept)


def test_the_delegates_start_page_asks_as_many_queries_whether_an_invitation_awaits_or_none(client, world):
    """A page's queries do not depend on its data (the bench compares them across data sets)."""
    _convened(world.session_x, starts_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(world.delegate_a)
    url = reverse("dashboard")
    answer_url = reverse("sessions_app:invitation_answer", args=[world.invitation_a.pk])
    versions.council_changed(world.council_x.pk)  # rendered afresh, its live parts too
    with CaptureQueriesContext(connection) as awaiting:
        assert answer_url in _get(client, url)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.DECLINED)
    versions.council_changed(world.council_x.pk)
    with CaptureQueriesContext(connection) as none:
        assert answer_url not in _get(client, url)
    assert len(none.captured_queries) == len(awaiting.captured_queries)

"""The session page's cache (whole page and fragments): a change shows at once, permissions are checked every time."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import versions
from members.services.directory import institution_update
from sessions_app.models import Agreement, Invitation, Session
from sessions_app.services.agenda import agenda_item_update, agenda_item_version, agenda_reorder
from sessions_app.services.agreements import agreement_create, agreement_report_progress
from sessions_app.services.answers import invitation_answer
from sessions_app.services.invitations import convocation_prepare
from tests.council.factories import SeatFactory
from tests.sessions_app.factories import AgendaItemFactory, AgreementFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_minute")]


def _page(client, session) -> str:
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, session) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _page(client, session)
    return len(ctx.captured_queries)


def _main_tables(queries) -> list[str]:
    """The table each query reads (that of its first selected column), in order."""
    return [re.match(r'SELECT "(\w+)"\.', q["sql"]).group(1) for q in queries]


@pytest.mark.parametrize("viewer", ["staff_x", "delegate_a", "admin"])
def test_a_page_seen_before_is_served_with_the_login_queries_only(client, world, viewer):
    """A second view of an unchanged session reads only the login (session row, user): the page and where the
    viewer stands towards the session (``core.versions.kept_standing``) come from the cache."""
    AgendaItemFactory(session=world.session_x, title="Informe anual")
    client.force_login(getattr(world, viewer))
    cold = _queries(client, world.session_x)
    with CaptureQueriesContext(connection) as ctx:
        page = _page(client, world.session_x)
    assert "Informe anual" in page
    assert cold > 3
    assert _main_tables(ctx.captured_queries) == ["django_session", "auth_user"]


def _csrf_token(page: str) -> str:
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    return tokens.pop()


def test_a_page_from_the_cache_carries_a_working_csrf_token():
    """The stored page has a placeholder; each response gets a real token, and the language switch accepts it."""
    from tests.members.factories import UserFactory
    from tests.sessions_app.factories import InvitationFactory

    user = UserFactory(username="staff_csrf", first_name="Rita", last_name="Vega")
    session = InvitationFactory().session
    session.council.staff.add(user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    _page(client, session)
    page = _page(client, session)  # from the cache
    assert versions.CSRF_PLACEHOLDER not in page
    token = _csrf_token(page)
    response = client.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": session.get_absolute_url()}
    )
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert 'lang="en"' in _page(client, session)
    page = _page(client, session)  # English, from the cache
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": _csrf_token(page)})
    assert response.status_code == 302
    assert client.get(session.get_absolute_url()).status_code == 302  # logged out: to the login page


def test_the_language_form_sends_back_the_path_that_was_asked_for(client, world):
    client.force_login(world.staff_x)
    url = world.session_x.get_absolute_url()
    assert f'value="{url}"' in _page(client, world.session_x)
    assert f'value="{url}?vista=1"' in client.get(url + "?vista=1").content.decode()
    assert f'value="{url}?vista=2"' in client.get(url + "?vista=2").content.decode()
    assert f'value="{url}"' in _page(client, world.session_x)


def test_a_path_with_a_query_string_is_rendered_and_not_stored(client, world):
    """Any query string would make a new key: a logged-in user could fill the cache with copies of one page."""
    from django.core.cache import cache

    client.force_login(world.staff_x)
    url = world.session_x.get_absolute_url()
    for n in range(3):
        assert client.get(f"{url}?n={n}").status_code == 200
    assert not [key for key in cache._cache if ":fragments:page:" in key]
    _page(client, world.session_x)
    assert len([key for key in cache._cache if ":fragments:page:" in key]) == 1
    assert len([key for key in cache._cache if ":fragments:live:" in key]) == 1, "and its live parts"


def test_a_flash_message_is_shown_once_and_never_cached(client, world):
    """A request with a message to show is rendered for itself: neither served from the cache nor stored."""
    world.session_x.status = Session.Status.HELD
    world.session_x.save()
    client.force_login(world.staff_x)
    _page(client, world.session_x)  # stored without a message
    # Editing the logistics of a held session is refused with a message and a redirect to the session.
    response = client.get(reverse("sessions_app:update", args=[world.session_x.pk]), follow=True)
    assert "Solo se modifica la logística" in response.content.decode()
    assert "Solo se modifica la logística" not in _page(client, world.session_x)
    again = client.get(reverse("sessions_app:update", args=[world.session_x.pk]), follow=True)
    assert "Solo se modifica la logística" in again.content.decode()
    assert "Solo se modifica la logística" not in _page(client, world.session_x)


def test_two_delegates_of_one_institution_each_see_their_own_name(client, world):
    from tests.members.factories import PersonFactory, UserFactory

    world.delegate_a.first_name, world.delegate_a.last_name = "Ana", "Ríos"
    world.delegate_a.save()
    colleague = UserFactory(username="delegado_a_dos", first_name="Beatriz", last_name="Luna")
    PersonFactory(institution=world.seat_a.institution, user=colleague)
    client.force_login(world.delegate_a)
    assert "Ana Ríos" in _page(client, world.session_x)
    client.force_login(colleague)
    page = _page(client, world.session_x)
    assert "Beatriz Luna" in page and "Ana Ríos" not in page


def test_the_menu_shows_the_name_the_user_has_now(client, world):
    world.staff_x.first_name, world.staff_x.last_name = "Rita", "Vega"
    world.staff_x.save()
    client.force_login(world.staff_x)
    assert "Rita Vega" in _page(client, world.session_x)
    world.staff_x.first_name = "Margarita"
    world.staff_x.save()
    assert "Margarita Vega" in _page(client, world.session_x)


def test_losing_access_is_seen_at_once(client, world):
    """The permission check runs before the cache is looked at: a stored page is not served once access is lost."""
    client.force_login(world.staff_x)
    _page(client, world.session_x)
    world.council_x.staff.remove(world.staff_x)
    assert client.get(world.session_x.get_absolute_url()).status_code == 403
    client.force_login(world.delegate_a)
    _page(client, world.session_x)
    world.invitation_a.delete()
    assert client.get(world.session_x.get_absolute_url()).status_code == 403


def test_an_edited_agenda_item_shows_at_once(client, world):
    item = AgendaItemFactory(session=world.session_x, title="Informe anual")
    client.force_login(world.staff_x)
    assert "Informe anual" in _page(client, world.session_x)
    agenda_item_update(item=item, version=agenda_item_version(item), title="Informe semestral")
    page = _page(client, world.session_x)
    assert "Informe semestral" in page and "Informe anual" not in page


def test_reordered_items_show_in_their_new_order(client, world):
    """Reordering writes in bulk (no signal): the service replaces the version itself."""
    first = AgendaItemFactory(session=world.session_x, order=1, title="Punto alfa")
    second = AgendaItemFactory(session=world.session_x, order=2, title="Punto beta")
    client.force_login(world.staff_x)
    page = _page(client, world.session_x)
    assert page.index("Punto alfa") < page.index("Punto beta")
    agenda_reorder(session=world.session_x, order=[second.pk, first.pk], seen=[first.pk, second.pk])
    page = _page(client, world.session_x)
    assert page.index("Punto beta") < page.index("Punto alfa")


def test_a_new_agreement_shows_at_once(client, world):
    world.session_x.status = Session.Status.HELD
    world.session_x.starts_at = timezone.now() - dt.timedelta(hours=3)
    world.session_x.ends_at = timezone.now() - dt.timedelta(hours=1)
    world.session_x.save()
    client.force_login(world.staff_x)
    assert "Publicar el informe" not in _page(client, world.session_x)
    agreement_create(session=world.session_x, text="Publicar el informe de resultados")
    assert "Publicar el informe" in _page(client, world.session_x)


def test_an_answer_shows_at_once_to_staff_and_to_the_delegate(client, world):
    client.force_login(world.staff_x)
    assert "Confirmó" not in _page(client, world.session_x)
    client.force_login(world.delegate_a)
    assert "Confirmó" not in _page(client, world.session_x)
    invitation_answer(invitation=world.invitation_a, answer=Invitation.Answer.CONFIRMED)
    assert "Confirmó" in _page(client, world.session_x)
    client.force_login(world.staff_x)
    assert "Confirmó" in _page(client, world.session_x)


def test_progress_on_an_earlier_agreement_shows_in_the_follow_up_of_a_later_session(client, world):
    """The follow-up item shows other sessions' agreements: any change in the council renews the fragment."""
    earlier = SessionFactory(
        council=world.council_x,
        status=Session.Status.HELD,
        starts_at=timezone.now() - dt.timedelta(days=30),
    )
    agreement = AgreementFactory(session=earlier, text="Elaborar el diagnóstico")
    AgendaItemFactory(session=world.session_x, kind="follow_up", title="Seguimiento de acuerdos")
    client.force_login(world.staff_x)
    assert "Elaborar el diagnóstico" in _page(client, world.session_x)
    agreement_report_progress(agreement=agreement, text="Borrador entregado", author=world.staff_x, institution=None)
    assert "Borrador entregado" in _page(client, world.session_x)
    Agreement.objects.filter(pk=agreement.pk).first().responsible.add(world.seat_a.institution)
    assert world.seat_a.institution.name in _page(client, world.session_x)


def test_a_renamed_institution_shows_at_once(client, world):
    client.force_login(world.staff_x)
    assert "Institución A" in _page(client, world.session_x)
    institution = world.seat_a.institution
    institution_update(institution=institution, data={"name": "Secretaría de Igualdad"})
    assert "Secretaría de Igualdad" in _page(client, world.session_x)


def test_invitations_written_in_bulk_by_the_worker_show_at_once(client, world):
    seat = SeatFactory(council=world.council_x, institution__name="Fiscalía General")
    client.force_login(world.staff_x)
    assert "Fiscalía General" not in _page(client, world.session_x)
    convocation_prepare(session_id=world.session_x.pk)
    assert seat.institution.name in _page(client, world.session_x)


def test_a_delegate_never_gets_the_staff_page_and_the_staff_never_the_delegates(client, world):
    """Staff and delegates see their own versions whichever was cached first; each delegate sees their own."""
    world.session_x.invitations.create(institution=world.seat_b.institution, seat=world.seat_b, has_vote=True)
    client.force_login(world.delegate_a)
    page = _page(client, world.session_x)
    assert "Su convocatoria" in page and "Institución B" not in page and "delegado_a" in page
    client.force_login(world.delegate_b)
    page = _page(client, world.session_x)
    assert "Institución B" in page and "Institución A" not in page
    assert "delegado_b" in page and "delegado_a" not in page
    client.force_login(world.staff_x)
    page = _page(client, world.session_x)
    assert "Instituciones convocadas" in page and "Secretaría técnica" in page
    assert "Institución A" in page and "Institución B" in page
    client.force_login(world.delegate_a)
    page = _page(client, world.session_x)
    assert "Secretaría técnica" not in page and "Institución B" not in page


def test_each_viewer_gets_the_fragment_of_what_they_may_see(client, world):
    """After the staff's view is cached, a delegate still sees only their own invitation, and others get a 403."""
    other = SeatFactory(council=world.council_x, institution__name="Institución Vecina")
    world.session_x.invitations.create(institution=other.institution, seat=other, has_vote=True)
    client.force_login(world.staff_x)
    assert "Institución Vecina" in _page(client, world.session_x)
    client.force_login(world.delegate_a)
    page = _page(client, world.session_x)
    assert "Institución A" in page and "Institución Vecina" not in page
    client.force_login(world.delegate_b)
    assert client.get(world.session_x.get_absolute_url()).status_code == 403
    client.force_login(world.staff_y)
    assert client.get(world.session_x.get_absolute_url()).status_code == 403


def test_the_version_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks, world):
    """A page rendered between the change and its commit is never kept under the version that follows."""
    before = versions.version(world.council_x.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        versions.council_changed(world.council_x.pk)
    during = versions.version(world.council_x.pk)
    for callback in callbacks:
        callback()
    after = versions.version(world.council_x.pk)
    assert len({before, during, after}) == 3
    assert versions.version(world.council_y.pk) != after


def test_while_developing_an_edited_template_changes_the_release(settings, tmp_path):
    """With DEBUG on, the release is read from the files on every call: an edited template shows at once."""
    template = tmp_path / "pagina.html"
    template.write_text("uno")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.DEBUG = True
    before = versions.release()
    template.write_text("dos, más largo")
    assert versions.release() != before
    settings.DEBUG = False
    assert versions.release() == versions.release()

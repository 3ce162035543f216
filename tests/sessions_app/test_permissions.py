"""Management pages of sessions: staff of the council only; other councils' staff and delegates get 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions_app.models import AgendaItem, Document, Session
from sessions_app.services.annexes import annex_upload

pytestmark = pytest.mark.django_db


def _item(world):
    return AgendaItem.objects.get_or_create(session=world.session_x, order=1, defaults={"title": "Informe"})[0]


def _annex(world):
    document = Document.objects.filter(session=world.session_x).first()
    return document or annex_upload(agenda_item=_item(world), file=SimpleUploadedFile("a.pdf", b"%PDF-1.7"))


def management_urls(world):
    """Every management page about council X or its session, as staff of X reach it with GET."""
    session = world.session_x
    item = _item(world)
    annex = _annex(world)
    return {
        "create": reverse("sessions_app:create", args=[world.council_x.pk]),
        "update": reverse("sessions_app:update", args=[session.pk]),
        "status": reverse("sessions_app:status", args=[session.pk, "cancel"]),
        "agenda": reverse("sessions_app:agenda", args=[session.pk]),
        "agenda_item_create": reverse("sessions_app:agenda_item_create", args=[session.pk]),
        "agenda_item_update": reverse("sessions_app:agenda_item_update", args=[session.pk, item.pk]),
        "agenda_item_delete": reverse("sessions_app:agenda_item_delete", args=[session.pk, item.pk]),
        "annexes": reverse("sessions_app:annexes", args=[session.pk, item.pk]),
        "annex_archive": reverse("sessions_app:annex_archive", args=[session.pk, annex.pk]),
        "feed_rotate": reverse("sessions_app:feed_rotate", args=[world.council_x.pk]),
    }


def post_only_urls(world):
    """Management endpoints that only answer POST (buttons and htmx)."""
    session = world.session_x
    item = _item(world)
    return {
        "agenda_reorder": reverse("sessions_app:agenda_reorder", args=[session.pk]),
        "agenda_item_move": reverse("sessions_app:agenda_item_move", args=[session.pk, item.pk]),
    }


NAMES = [
    "create",
    "update",
    "status",
    "agenda",
    "agenda_item_create",
    "agenda_item_update",
    "agenda_item_delete",
    "annexes",
    "annex_archive",
    "feed_rotate",
]
POST_ONLY = ["agenda_reorder", "agenda_item_move"]


@pytest.mark.parametrize("name", NAMES)
def test_staff_of_the_council_reach_every_management_page(client, world, name):
    client.force_login(world.staff_x)
    assert client.get(management_urls(world)[name]).status_code == 200


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("user", ["staff_y", "delegate_a", "delegate_b"])
def test_other_councils_staff_and_delegates_get_403(client, world, user, name):
    client.force_login(getattr(world, user))
    url = management_urls(world)[name]
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Intento ajeno", "venue": "Otra", "title": "Ajeno"}).status_code == 403
    world.session_x.refresh_from_db()
    assert world.session_x.status == Session.Status.CONVENED
    assert world.session_x.venue == "Palacio de Gobierno"
    assert list(AgendaItem.objects.filter(session=world.session_x).values_list("title", flat=True)) == ["Informe"]
    assert Document.objects.get().archived_at is None
    token = world.council_x.feed_token
    world.council_x.refresh_from_db()
    assert world.council_x.feed_token == token


@pytest.mark.parametrize("name", POST_ONLY)
@pytest.mark.parametrize("user", ["staff_y", "delegate_a", "anonymous"])
def test_post_only_endpoints_refuse_everyone_but_the_councils_staff(client, world, user, name):
    if user != "anonymous":
        client.force_login(getattr(world, user))
    item = _item(world)
    second = AgendaItem.objects.create(session=world.session_x, order=2, title="Asuntos generales")
    url = post_only_urls(world)[name]
    response = client.post(url, {"order": [second.pk, item.pk], "seen": [item.pk, second.pk], "direction": "down"})
    assert response.status_code == (302 if user == "anonymous" else 403)
    assert list(AgendaItem.objects.filter(session=world.session_x).order_by("order")) == [item, second]


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_endpoints_work_for_the_councils_staff(client, world, name):
    client.force_login(world.staff_x)
    item = _item(world)
    second = AgendaItem.objects.create(session=world.session_x, order=2, title="Asuntos generales")
    url = post_only_urls(world)[name]
    response = client.post(url, {"order": [second.pk, item.pk], "seen": [item.pk, second.pk], "direction": "down"})
    assert response.status_code == 302
    assert list(AgendaItem.objects.filter(session=world.session_x).order_by("order")) == [second, item]


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_users_are_sent_to_login(client, world, name):
    response = client.get(management_urls(world)[name])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", NAMES)
def test_platform_admins_manage_every_council(client, world, name):
    client.force_login(world.admin)
    assert client.get(management_urls(world)[name]).status_code == 200


def test_unknown_sessions_and_councils_are_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("sessions_app:create", args=[999999])).status_code == 404
    assert client.get(reverse("sessions_app:update", args=[999999])).status_code == 404
    assert client.get(reverse("sessions_app:status", args=[999999, "cancel"])).status_code == 404
    assert client.get(reverse("sessions_app:agenda", args=[999999])).status_code == 404
    assert client.get(reverse("sessions_app:annexes", args=[world.session_x.pk, 999999])).status_code == 404
    assert client.get(reverse("sessions_app:annex_archive", args=[world.session_x.pk, 999999])).status_code == 404
    assert client.get(reverse("sessions_app:feed_rotate", args=[999999])).status_code == 404


def test_the_staff_list_is_for_staff_only(client, world):
    client.force_login(world.delegate_a)
    assert client.get(reverse("sessions_app:list")).status_code == 403
    client.force_login(world.staff_y)
    body = client.get(reverse("sessions_app:list")).content.decode()
    assert world.session_y.get_absolute_url() in body and world.session_x.get_absolute_url() not in body

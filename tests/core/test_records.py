"""Records with history are archived, not deleted; deleting what is still referenced is refused with a message."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse

from core.records import KeepRecordAdminMixin, RefusedDeleteMiddleware
from council.models import Council, Seat, WorkingGroup
from members.models import Institution, Person
from sessions_app.models import (
    AgendaItem,
    Agreement,
    Document,
    Invitation,
    Minutes,
    Session,
    Vote,
)
from sessions_app.services.annexes import annex_upload
from tests.formdata import post_data
from tests.worlds import PDF

pytestmark = pytest.mark.django_db

# Admins whose rows may be deleted, and why (anything else with history keeps its rows).
DELETABLE = {
    AgendaItem: "an item removed while its agenda may change and nothing refers to it, as the agenda editor does",
}


def _record(world, model):
    """One row of ``model`` from the world of tests.worlds."""
    return {
        Council: world.council_x,
        Seat: world.seat_x_a,
        WorkingGroup: world.x.group,
        Institution: world.inst_a,
        Person: world.person_a,
        Session: world.x.held,
        Invitation: world.x.guest,
        Agreement: world.x.agreements["a"],
        Document: world.x.annex,
        Vote: world.x.vote,
        Minutes: world.x.minutes,
    }.get(model)


def _admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_admin_of_a_model_with_history_keeps_its_rows_or_says_why_not():
    """A model added to the admin with an audit history must choose: keep its rows, or be listed in DELETABLE."""
    undecided = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history") and model._meta.app_label in ("council", "members", "sessions_app")
        if not isinstance(model_admin, KeepRecordAdminMixin) and model not in DELETABLE
    ]
    assert not undecided, f"Admins that would delete rows with history: {', '.join(undecided)}"


KEPT = [Council, Seat, WorkingGroup, Institution, Person, Session, Invitation, Agreement, Document, Vote, Minutes]


@pytest.mark.parametrize("model", KEPT, ids=lambda model: model.__name__)
def test_the_admin_does_not_delete_a_record_and_says_how_to_retire_it(whole_world, model):
    client = whole_world.clients["admin"]
    record = _record(whole_world, model)
    url = _admin_url(model, "delete", record.pk)
    for response in (client.get(url), client.post(url, {"post": "yes"})):
        assert response.status_code == 302
        assert response["Location"] == _admin_url(model, "change", record.pk)
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("no se elimina porque forma parte del registro" in message for message in said)
    assert model.objects.filter(pk=record.pk).exists()
    page = client.get(_admin_url(model, "change", record.pk)).content.decode()
    assert _admin_url(model, "delete", record.pk) not in page  # no delete button


def test_the_admin_offers_no_bulk_delete_of_records(whole_world):
    client = whole_world.clients["admin"]
    url = _admin_url(Session, "changelist")
    assert "delete_selected" not in client.get(url).content.decode()
    client.post(url, {"action": "delete_selected", "_selected_action": [whole_world.x.upcoming.pk], "post": "yes"})
    assert Session.objects.filter(pk=whole_world.x.upcoming.pk).exists()


def _annexed_upcoming_item(world) -> AgendaItem:
    """An item of an agenda that may still change, with an annex that refers to it."""
    item = world.x.upcoming_item
    annex_upload(agenda_item=item, file=SimpleUploadedFile("informe.pdf", PDF), title="Informe anual")
    return item


def test_the_admin_refuses_to_delete_an_agenda_item_an_annex_refers_to(whole_world):
    """The delete page lists what protects the item; confirming changes nothing (no 500)."""
    client = whole_world.clients["admin"]
    item = _annexed_upcoming_item(whole_world)
    url = _admin_url(AgendaItem, "delete", item.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"]
    assert "No se puede eliminar" in page.content.decode()
    assert any("Informe anual" in entry for entry in page.context["protected"])
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_admin_deletes_an_agenda_item_nothing_refers_to_and_its_history_remains(whole_world):
    client = whole_world.clients["admin"]
    item = whole_world.x.upcoming_item
    response = client.post(_admin_url(AgendaItem, "delete", item.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert AgendaItem.history.filter(id=item.pk, history_type="-").exists()


def _session_change_data(page, *, delete_pk=None):
    """The session's admin form as shown, every inline row kept, and «eliminar» ticked on one item."""
    data = post_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(post_data(formset.management_form))
        for form in formset.forms:
            data.update(post_data(form))
            if form.instance.pk == delete_pk:
                data[form.add_prefix("DELETE")] = "on"
    return data


def test_the_admin_keeps_every_agenda_item_of_a_held_session(whole_world):
    """No «eliminar» on its items, in the session's page or their own; a forged one deletes nothing."""
    client = whole_world.clients["admin"]
    session = whole_world.x.held
    item = AgendaItem.objects.get(session=session, order=1)  # nothing refers to it: only the session's state keeps it
    url = _admin_url(Session, "change", session.pk)
    page = client.get(url)
    item_forms = [inline for inline in page.context["inline_admin_formsets"] if inline.formset.model is AgendaItem]
    assert item_forms and not any(form.fields.get("DELETE") for form in item_forms[0].formset.forms)
    client.post(url, _session_change_data(page, delete_pk=item.pk))
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    delete = _admin_url(AgendaItem, "delete", item.pk)
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert delete not in client.get(_admin_url(AgendaItem, "change", item.pk)).content.decode()
    changelist = _admin_url(AgendaItem, "changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"})
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_session_admin_refuses_to_drop_a_referenced_agenda_item_from_its_inline(whole_world):
    """Ticking «eliminar» on an item with an annex re-shows the form with the reason; nothing is deleted."""
    client = whole_world.clients["admin"]
    item = _annexed_upcoming_item(whole_world)
    url = _admin_url(Session, "change", whole_world.x.upcoming.pk)
    response = client.post(url, _session_change_data(client.get(url), delete_pk=item.pk))
    assert response.status_code == 200
    assert "protegidos" in response.content.decode() or "protected" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_delete_the_database_protects_becomes_a_409_page_that_says_what_refers_to_it(whole_world):
    """Whatever page tries it, a ProtectedError is answered with a message, not a 500."""
    with pytest.raises(ProtectedError) as refused:
        whole_world.inst_a.delete()
    request = RequestFactory().get("/")
    request.user = whole_world.users["staff_x"]
    response = RefusedDeleteMiddleware(lambda r: None).process_exception(request, refused.value)
    body = response.content.decode()
    assert response.status_code == 409
    assert "No se puede eliminar: otros registros lo usan" in body
    assert "personas" in body
    assert Institution.objects.filter(pk=whole_world.inst_a.pk).exists()


def test_other_exceptions_are_left_to_django():
    assert RefusedDeleteMiddleware(lambda r: None).process_exception(RequestFactory().get("/"), ValueError()) is None

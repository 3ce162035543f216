"""Working groups: their sessions are named after the group, and they report to the plenary.

A plenary agenda item of kind "Informe del grupo de trabajo" names one of the council's groups and
lists the group's sessions held, and their agreements, since its previous report (or its formation):
on the session page, in the agenda editor and in the orden del día.
"""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.wording import long_date
from sessions_app.models import AgendaItem, Session
from sessions_app.selectors.agenda import attach_group_reports
from sessions_app.services.agenda import agenda_item_create, agenda_item_update, agenda_item_version
from tests.council.factories import WorkingGroupFactory
from tests.members.factories import UserFactory
from tests.pdftext import pdf_text
from tests.sessions_app.factories import AgreementFactory, SessionFactory

pytestmark = pytest.mark.django_db

S = Session.Status
REPORT = AgendaItem.Kind.GROUP_REPORT


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


def _group(council, name):
    return WorkingGroupFactory(council=council, coordinator=council.presiding_institution, name=name)


def _group_session(group, days_ago, number, status=S.HELD):
    return SessionFactory(
        council=group.council, working_group=group, starts_at=_ago(days_ago), number=number, status=status
    )


def _report(session, group, title="Informe del grupo"):
    return agenda_item_create(session=session, title=title, kind=REPORT, working_group=group)


@pytest.fixture
def history(world):
    """Council X's "Grupo de Trabajo de Prevención": two sessions held before its last report and one after.

    The report was given at a plenary session held 100 days ago; the group then met 60 and 30 days ago
    (a draft of 20 days ago did not take place); ``world.session_x`` (convened, in two weeks) receives
    its next report.
    """
    council = world.council_x
    group = _group(council, "Grupo de Trabajo de Prevención")
    before = _group_session(group, 200, 1)
    AgreementFactory(session=before, text="Acuerdo informado antes")
    plenary = SessionFactory(council=council, starts_at=_ago(100), status=S.CONVENED, number=7)
    _report(plenary, group)
    Session.objects.filter(pk=plenary.pk).update(status=S.HELD)
    plenary.refresh_from_db()
    first = _group_session(group, 60, 2)
    AgreementFactory(session=first, sequence=1, number="GTP/01", text="Elaborar el diagnóstico regional")
    AgreementFactory(session=first, sequence=2, number="GTP/02", text="Proponer la campaña de prevención")
    second = _group_session(group, 30, 3)
    _group_session(group, 20, 4, status=S.DRAFT)
    item = _report(world.session_x, group, title="Informe del Grupo de Trabajo de Prevención")
    return group, plenary, first, second, item


# --- a working group's sessions are named after it ---


def test_a_group_session_is_titled_with_its_group_on_pages_and_in_its_orden_del_dia(client, world, history):
    group, _plenary, first, _second, _item = history
    year = timezone.localtime(first.starts_at).year
    title = f"Segunda Sesión Ordinaria {year} del Grupo de Trabajo de Prevención"
    assert first.title == title
    client.force_login(world.staff_x)
    page = client.get(first.get_absolute_url()).content.decode()
    assert title in page
    assert "Grupo de Trabajo de Prevención · Consejo X" not in page  # the group is named once, in the title
    assert title in client.get(reverse("sessions_app:list")).content.decode()
    AgendaItem.objects.create(session=first, order=1, title="Diagnóstico estatal")  # printed once it has items
    pdf = pdf_text(client.get(reverse("sessions_app:document", args=[first.pk, "orden-del-dia"])).content)
    assert title in pdf
    assert pdf.count("Grupo de Trabajo de Prevención") == 1
    # The plenary's sessions keep their plain title.
    assert world.session_x.title.startswith("Primera Sesión Ordinaria") and "Grupo" not in world.session_x.title


# --- the rules of a group's report ---


def test_a_report_names_a_group_of_the_council_on_a_plenary_session(world, other_state):
    session = world.session_x
    with pytest.raises(ValidationError) as caught:
        agenda_item_create(session=session, title="Informe", kind=REPORT)
    assert caught.value.error_dict["working_group"][0].code == "group_report_without_group"
    jalisco_group = _group(other_state.council, "Grupo de Trabajo de Prevención")
    with pytest.raises(ValidationError) as caught:
        _report(session, jalisco_group)
    assert caught.value.error_dict["working_group"][0].code == "working_group_other_council"
    group = _group(world.council_x, "Grupo de Trabajo de Atención")
    group_session = _group_session(group, -10, 1, status=S.DRAFT)
    with pytest.raises(ValidationError) as caught:
        _report(group_session, group)
    assert caught.value.error_dict["kind"][0].code == "group_report_not_plenary"
    assert "informan al pleno" in caught.value.messages[0]
    assert not AgendaItem.objects.filter(kind=REPORT).exists()


def test_an_item_that_stops_being_a_report_lets_its_group_go(world):
    group = _group(world.council_x, "Grupo de Trabajo de Atención")
    item = _report(world.session_x, group)
    changed = agenda_item_update(item=item, version=agenda_item_version(item), kind=AgendaItem.Kind.PRESENTATION)
    assert changed.working_group is None


# --- what the report lists ---


def test_the_report_lists_the_groups_sessions_and_agreements_since_its_last_report(world, history):
    group, plenary, first, second, item = history
    items = list(AgendaItem.objects.filter(session=world.session_x))
    attach_group_reports(world.session_x, items)
    report = next(each for each in items if each.pk == item.pk).group_report
    assert report.group == group
    assert report.previous == plenary
    assert report.sessions == [first, second]  # not the one before the last report, nor the draft
    assert [agreement.text for agreement in report.agreements] == [
        "Elaborar el diagnóstico regional",
        "Proponer la campaña de prevención",
    ]
    assert [len(agreements) for _session, agreements in report.rows] == [2, 0]
    # The first report covers everything since the group was formed.
    first_items = list(AgendaItem.objects.filter(session=plenary))
    attach_group_reports(plenary, first_items)
    first_report = first_items[0].group_report
    assert first_report.previous is None
    assert [agreement.text for agreement in first_report.agreements] == ["Acuerdo informado antes"]


def test_the_reports_are_read_in_a_fixed_number_of_queries(world, history):
    session = world.session_x

    def count():
        items = list(AgendaItem.objects.filter(session=session))
        with CaptureQueriesContext(connection) as queries:
            attach_group_reports(session, items)
        return len(queries)

    one = count()
    for n in range(3):
        other = _group(world.council_x, f"Grupo de Trabajo {n}")
        AgreementFactory(session=_group_session(other, 40 + n, 1), text=f"Acuerdo {n}")
        _report(session, other)
    assert count() == one == 4


# --- where it shows ---


def test_the_session_page_and_the_editor_show_the_report(client, world, history):
    _group_obj, plenary, *_ = history
    client.force_login(world.staff_x)
    page = client.get(world.session_x.get_absolute_url()).content.decode()
    assert "Informe del Grupo de Trabajo de Prevención: sesiones y acuerdos desde su informe anterior" in page
    assert f"en la {plenary.title} ({long_date(plenary.starts_at)})." in page  # "(7 de octubre de 2022)"
    assert "GTP/01" in page and "Elaborar el diagnóstico regional" in page
    editor = client.get(reverse("sessions_app:agenda", args=[world.session_x.pk])).content.decode()
    assert "desde su informe anterior: 2 sesiones, 2 acuerdos" in editor


def test_the_orden_del_dia_lists_the_report(client, world, history):
    _group_obj, plenary, first, second, _item = history
    client.force_login(world.staff_x)
    response = client.get(reverse("sessions_app:document", args=[world.session_x.pk, "orden-del-dia"]))
    text = pdf_text(response.content)
    assert "Informe del Grupo de Trabajo de Prevención" in text
    assert f"desde su informe anterior, en la {plenary.title} ({long_date(plenary.starts_at)})." in text
    assert f"{first.title} {long_date(first.starts_at)}" in text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", text)  # one way to write a date: "7 de octubre de 2022"
    assert text.index(first.title) < text.index("Elaborar el diagnóstico regional") < text.index(second.title)
    assert "Acuerdo informado antes" not in text


def test_the_form_offers_the_councils_groups_and_asks_for_one(client, world):
    group = _group(world.council_x, "Grupo de Trabajo de Atención")
    _group(world.council_y, "Grupo de Trabajo de Y")
    client.force_login(world.staff_x)
    url = reverse("sessions_app:agenda_item_create", args=[world.session_x.pk])
    form = client.get(url).content.decode()
    assert "Grupo de Trabajo de Atención" in form and "Grupo de Trabajo de Y" not in form
    data = {"title": "Informe", "kind": REPORT, "duration_minutes": "10", "version": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.content.decode().count("Elija el grupo de trabajo que presenta su informe.") == 1
    response = client.post(url, {**data, "working_group": group.pk})
    assert response.status_code == 302
    assert AgendaItem.objects.get(session=world.session_x, kind=REPORT).working_group == group
    # A group's own session has no such choice.
    group_session = _group_session(group, -10, 1, status=S.DRAFT)
    form = client.get(reverse("sessions_app:agenda_item_create", args=[group_session.pk])).content.decode()
    assert 'name="working_group"' not in form and 'value="group_report"' not in form


def test_a_report_on_the_jalisco_council_names_only_its_own(client, other_state, world):
    """Jalisco's council has a group named like council X's: its report lists its own sessions, nothing of X."""
    council = other_state.council
    staff = UserFactory(username="staff_jalisco")
    council.staff.add(staff)
    group = _group(council, "Grupo de Trabajo de Prevención")
    held = _group_session(group, 15, 1)
    AgreementFactory(session=held, number="CEJ/GT/01", text="Acuerdo de Jalisco")
    x_group = _group(world.council_x, "Grupo de Trabajo de Prevención")
    AgreementFactory(session=_group_session(x_group, 15, 1), number="X/GT/01", text="Acuerdo de X")
    _report(other_state.session, group)
    client.force_login(staff)
    page = client.get(other_state.session.get_absolute_url()).content.decode()
    assert "Acuerdo de Jalisco" in page and "Acuerdo de X" not in page
    text = pdf_text(
        client.get(reverse("sessions_app:document", args=[other_state.session.pk, "orden-del-dia"])).content
    )
    assert held.title in text and "Acuerdo de Jalisco" in text
    assert "Acuerdo de X" not in text and "Consejo X" not in text

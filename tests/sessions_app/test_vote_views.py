"""The vote and notes pages of an agenda item: staff record them, the refusals are in Spanish, others get 403."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import AgendaItem, Minutes, Session, Vote
from tests.council.factories import SeatFactory
from tests.formdata import read_version
from tests.sessions_app.factories import AgendaItemFactory, InvitationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(world):
    """Council X's session under way with quorum: A and C present with vote, D absent."""
    session = SessionFactory(
        council=world.council_x,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        status=Session.Status.CONVENED,
        quorum_met=True,
    )
    a = InvitationFactory(session=session, institution=world.seat_a.institution, seat=world.seat_a, attended=True)
    seat_c = SeatFactory(council=world.council_x, institution__name="Institución C")
    c = InvitationFactory(session=session, institution=seat_c.institution, seat=seat_c, attended=True)
    seat_d = SeatFactory(council=world.council_x, institution__name="Institución D")
    d = InvitationFactory(session=session, institution=seat_d.institution, seat=seat_d, attended=False)
    item = AgendaItemFactory(session=session, kind=AgendaItem.Kind.FOR_AGREEMENT, title="Programa estatal")
    world.__dict__.update(sitting=session, a=a, c=c, d=d, item=item)
    return world


def _url(world, name="vote"):
    return reverse(f"sessions_app:{name}", args=[world.sitting.pk, world.item.pk])


def test_the_vote_page_lists_only_the_voting_seats_present(client, sitting):
    client.force_login(sitting.staff_x)
    page = client.get(_url(sitting)).content.decode()
    assert "Institución A" in page and "Institución C" in page and "Institución D" not in page


def test_staff_record_a_majority_vote_and_the_session_page_shows_it(client, sitting):
    client.force_login(sitting.staff_x)
    response = client.post(
        _url(sitting), {"method": "majority", f"ballot_{sitting.a.pk}": "for", f"ballot_{sitting.c.pk}": "abstention"}
    )
    assert response.status_code == 302
    vote = Vote.objects.get(agenda_item=sitting.item)
    assert (vote.result, vote.votes_for, vote.abstentions) == (Vote.Result.APPROVED, 1, 1)
    page = client.get(sitting.sitting.get_absolute_url()).content.decode()
    assert "por mayoría: 1 a favor, 0 en contra, 1 abstenciones" in page and "Corregir votación" in page


def test_an_invalid_tally_is_refused_with_a_message(client, sitting):
    client.force_login(sitting.staff_x)
    missing = client.post(_url(sitting), {"method": "majority", f"ballot_{sitting.a.pk}": "for"})
    assert missing.status_code == 200 and "Falta el voto de: Institución C." in missing.content.decode()
    absent = client.post(
        _url(sitting),
        {
            "method": "majority",
            f"ballot_{sitting.a.pk}": "for",
            f"ballot_{sitting.c.pk}": "for",
            f"ballot_{sitting.d.pk}": "against",
        },
    )
    assert absent.status_code == 200 and "No están presentes: Institución D." in absent.content.decode()
    not_unanimous = client.post(_url(sitting), {"method": "unanimity", f"ballot_{sitting.c.pk}": "against"})
    assert "no admite votos en contra" in not_unanimous.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("key", ["ballot_²", "ballot_٣", "ballot_１", "ballot_99999999999999999999999", "ballot_"])
def test_a_ballot_for_no_invitation_id_is_refused_with_a_message(client, sitting, key):
    """A ballot key that is not an id (a superscript or non-ASCII digit, a huge number) is a form error, not a 500."""
    client.force_login(sitting.staff_x)
    response = client.post(
        _url(sitting),
        {"method": "majority", f"ballot_{sitting.a.pk}": "for", f"ballot_{sitting.c.pk}": "for", key: "against"},
    )
    assert response.status_code == 200
    assert "Hay votos de instituciones no convocadas a esta sesión." in response.content.decode()
    assert not Vote.objects.filter(agenda_item=sitting.item).exists()


def test_a_vote_without_quorum_is_not_offered(client, sitting):
    Session.objects.filter(pk=sitting.sitting.pk).update(quorum_met=None)
    client.force_login(sitting.staff_x)
    page = client.get(_url(sitting)).content.decode()
    assert "sin quórum no se vota" in page and "Registrar votación" not in page


def test_delegates_and_other_councils_staff_cannot_record_votes_or_notes(client, sitting):
    for user in (sitting.delegate_a, sitting.staff_y):
        client.force_login(user)
        assert client.post(_url(sitting), {"method": "unanimity"}).status_code == 403
        assert client.post(_url(sitting, "item_notes"), {"notes": "Intrusión"}).status_code == 403
    assert not Vote.objects.exists()
    sitting.item.refresh_from_db()
    assert sitting.item.notes == ""


def test_an_item_of_another_session_is_not_found(client, sitting):
    client.force_login(sitting.staff_x)
    other = AgendaItemFactory(session=sitting.session_x, kind=AgendaItem.Kind.FOR_AGREEMENT)
    assert client.get(reverse("sessions_app:vote", args=[sitting.sitting.pk, other.pk])).status_code == 404


def test_staff_write_an_items_notes_until_the_acta_is_approved(client, sitting):
    client.force_login(sitting.staff_x)
    url = _url(sitting, "item_notes")
    response = client.post(url, {"notes": "Se presentó el programa.", **read_version(client, url)})
    assert response.status_code == 302
    sitting.item.refresh_from_db()
    assert sitting.item.notes == "Se presentó el programa."
    Minutes.objects.create(session=sitting.sitting, status=Minutes.Status.APPROVED)
    refused = client.post(url, {"notes": "Otra versión", **read_version(client, url)})
    assert refused.status_code == 200 and "ya fue aprobada" in refused.content.decode()
    sitting.item.refresh_from_db()
    assert sitting.item.notes == "Se presentó el programa."


def test_the_outcome_links_appear_once_the_session_has_started(client, sitting):
    client.force_login(sitting.staff_x)
    AgendaItemFactory(session=sitting.session_x, kind=AgendaItem.Kind.FOR_AGREEMENT)  # session_x is in two weeks
    assert "Registrar votación" not in client.get(sitting.session_x.get_absolute_url()).content.decode()
    assert "Registrar votación" in client.get(sitting.sitting.get_absolute_url()).content.decode()

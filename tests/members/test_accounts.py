"""Linking a person to a login: a new account gets an e-mailed link to set its password; an existing one is linked.

Either way the login is the person's institutional e-mail's: a new account takes that address and its
password link goes there; an existing one is linked only if it has that address, and never by its own user.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Person
from members.services.directory import person_create_account, person_link_user
from tests.members.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def person(world):
    return PersonFactory(
        institution=world.seat_a.institution, honorific="Mtra.", full_name="Laura Cantú", email="lcantu@nl.gob.mx"
    )


def _url(person):
    return reverse("members:person_account", args=[person.pk])


def test_the_page_offers_both_ways_with_the_institutional_email(client, world, person):
    client.force_login(world.staff_x)
    body = client.get(_url(person)).content.decode()
    assert "Crear una cuenta nueva" in body and "Vincular una cuenta existente" in body
    assert "lcantu@nl.gob.mx" in body
    assert 'name="nueva-email"' not in body  # the address is the person's, not typed here


def test_staff_create_an_account_and_the_person_sets_the_password(
    client, world, person, django_capture_on_commit_callbacks
):
    """No password is set by staff: the person receives Django's password link and chooses one."""
    client.force_login(world.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(person), {"nueva-username": "laura.cantu"}, follow=True)
    body = response.content.decode()
    assert "Se creó la cuenta «laura.cantu»; enviamos a lcantu@nl.gob.mx el enlace" in body
    user = User.objects.get(username="laura.cantu")
    person.refresh_from_db()
    assert person.user == user and not user.has_usable_password()
    assert user.get_full_name() == "Mtra. Laura Cantú"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lcantu@nl.gob.mx"] and "defina su contraseña" in message.subject
    assert "laura.cantu" in message.body
    link = re.search(r"https?://[^/\s]+(/cuenta/contrasena/\S+/)", message.body).group(1)

    client.logout()
    set_password_page = client.get(link, follow=True)
    assert "Definir contraseña" in set_password_page.content.decode()
    form_url = set_password_page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Trata-2024-segura", "new_password2": "Trata-2024-segura"}, follow=True
    )
    assert "Contraseña guardada" in done.content.decode()
    # Through the login form: django-axes needs the request, which client.login() does not give.
    logged_in = client.post(reverse("login"), {"username": "laura.cantu", "password": "Trata-2024-segura"})
    assert logged_in.status_code == 302 and "_auth_user_id" in client.session
    # The link works once.
    client.logout()
    assert "El enlace ya no es válido" in client.get(link, follow=True).content.decode()


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("staff_x", "lcantu@nl.gob.mx", "Ese nombre de usuario ya está en uso."),
        ("laura", "STAFF_Y@example.gob.mx", "Ya existe una cuenta con ese correo"),
        ("laura cantú!", "lcantu@nl.gob.mx", "Letras, números y @"),
        ("laura", "", "no tiene correo institucional"),
    ],
)
def test_a_new_account_is_refused_with_a_message(client, world, person, username, email, message):
    Person.objects.filter(pk=person.pk).update(email=email)
    client.force_login(world.staff_x)
    response = client.post(_url(person), {"nueva-username": username})
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.user is None
    assert len(mail.outbox) == 0


def test_staff_link_an_existing_account(client, world, person):
    account = UserFactory(username="lcantu", email="LCantu@nl.gob.mx")
    client.force_login(world.staff_x)
    response = client.post(_url(person), {"existente-username": "LCANTU"}, follow=True)
    assert "Mtra. Laura Cantú quedó vinculada a la cuenta «lcantu»." in response.content.decode()
    person.refresh_from_db()
    assert person.user == account
    assert len(mail.outbox) == 0
    assert "ya entra con la cuenta «lcantu»" in client.get(_url(person)).content.decode()


def test_an_account_links_to_one_person_at_most(client, world, person):
    client.force_login(world.staff_x)
    body = client.post(_url(person), {"existente-username": "delegado_a"}).content.decode()
    assert "La cuenta «delegado_a» ya está vinculada a" in body
    assert "una cuenta corresponde a una sola persona" in body
    person.refresh_from_db()
    assert person.user is None


def test_an_unknown_username_is_refused(client, world, person):
    client.force_login(world.staff_x)
    body = client.post(_url(person), {"existente-username": "nadie"}).content.decode()
    assert "No existe una cuenta con el nombre de usuario «nadie»." in body


def test_a_person_with_an_account_gets_no_second_one(client, world):
    delegate = Person.objects.get(user=world.delegate_a)
    client.force_login(world.staff_x)
    response = client.post(_url(delegate), {"nueva-username": "otra"})
    assert "Esta persona ya entra con la cuenta «delegado_a»." in response.content.decode()
    assert not User.objects.filter(username="otra").exists()
    with pytest.raises(ValidationError, match="ya tiene la cuenta «delegado_a»"):
        person_link_user(person=delegate, user=UserFactory(email=delegate.email), by=world.staff_x)
    with pytest.raises(ValidationError, match="ya tiene la cuenta «delegado_a»"):
        person_create_account(person=delegate, username="otra")


def test_an_inactive_account_is_not_linked(world, person):
    with pytest.raises(ValidationError, match="desactivada"):
        person_link_user(person=person, user=UserFactory(is_active=False, email=person.email), by=world.staff_x)


def test_staff_of_another_council_cannot_link_a_login_to_its_people(client, world, person):
    """A sits only in X: Y's staff get 403 and neither form links or creates anything (finding 1)."""
    client.force_login(world.staff_y)
    assert client.get(_url(person)).status_code == 403
    assert client.post(_url(person), {"existente-username": "staff_y"}).status_code == 403
    assert client.post(_url(person), {"nueva-username": "laura", "nueva-email": "staff_y@x.mx"}).status_code == 403
    person.refresh_from_db()
    assert person.user is None
    assert not User.objects.filter(username="laura").exists()
    assert len(mail.outbox) == 0


def test_a_new_account_takes_the_persons_email_whatever_is_posted(
    client, world, person, django_capture_on_commit_callbacks
):
    """The password link goes to the person's institutional mailbox, so only its owner can use the account."""
    client.force_login(world.staff_x)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(person), {"nueva-username": "laura.cantu", "nueva-email": "staff_x.personal@gmail.com"})
    user = User.objects.get(username="laura.cantu")
    assert user.email == "lcantu@nl.gob.mx"
    assert [message.to for message in mail.outbox] == [["lcantu@nl.gob.mx"]]


def test_an_account_with_another_email_is_not_linked(client, world, person):
    UserFactory(username="otra.cuenta", email="otra@nl.gob.mx")
    client.force_login(world.staff_x)
    body = client.post(_url(person), {"existente-username": "otra.cuenta"}).content.decode()
    assert "no tiene el correo institucional de Mtra. Laura Cantú" in body
    person.refresh_from_db()
    assert person.user is None


def test_staff_cannot_link_their_own_login_to_a_person(client, world, person):
    """Not even after writing their own address on the person: the staff can edit that field, so it proves nothing."""
    Person.objects.filter(pk=person.pk).update(email=world.staff_x.email)
    client.force_login(world.staff_x)
    body = client.post(_url(person), {"existente-username": "staff_x"}).content.decode()
    assert "No puede vincular su propia cuenta" in body
    person.refresh_from_db()
    assert person.user is None
    # Another member of the secretariat (or an admin) may, the addresses being the same.
    client.force_login(world.admin)
    client.post(_url(person), {"existente-username": "staff_x"})
    person.refresh_from_db()
    assert person.user == world.staff_x


def test_a_person_without_an_email_is_asked_for_one_first(client, world, person):
    Person.objects.filter(pk=person.pk).update(email="")
    client.force_login(world.staff_x)
    body = client.get(_url(person)).content.decode()
    assert "Registre primero su correo institucional" in body
    assert f'href="{reverse("members:person_edit", args=[person.pk])}"' in body
    UserFactory(username="sin.correo", email="")
    body = client.post(_url(person), {"existente-username": "sin.correo"}).content.decode()
    assert "no tiene correo institucional" in body
    person.refresh_from_db()
    assert person.user is None

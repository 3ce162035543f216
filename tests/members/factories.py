import time

import factory
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Institution, IssuingUnit, Person, State


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"usuario{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gob.mx")
    password = factory.django.Password("clave-de-prueba-123")


class IssuingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingUnit

    institution = factory.SubFactory("tests.members.factories.InstitutionFactory", unit=None)
    place = "Monterrey"


class InstitutionFactory(factory.django.DjangoModelFactory):
    """An institution with its first issuing unit (as ``institution_create`` makes it); ``unit=None`` for none."""

    class Meta:
        model = Institution
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Secretaría de Prueba {n}")
    short_name = factory.Sequence(lambda n: f"SP{n}")
    kind = Institution.Kind.STATE_MINISTRY
    government_order = Institution.GovernmentOrder.STATE
    # Placed as its order asks: in Nuevo León unless national; municipal bodies in Monterrey.
    state = factory.LazyAttribute(
        lambda i: "" if i.government_order in Institution.ORDERS_WITHOUT_STATE else State.NUEVO_LEON
    )
    municipality = factory.LazyAttribute(
        lambda i: "Monterrey" if i.government_order == Institution.GovernmentOrder.MUNICIPAL else ""
    )
    unit = factory.RelatedFactory(IssuingUnitFactory, factory_related_name="institution")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    honorific = "Lic."
    full_name = factory.Sequence(lambda n: f"Persona de Prueba {n}")
    post = "Director de Área"
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"persona{n}@example.gob.mx")


class TwoFactorDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (TOTP), as enrolment leaves it."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "app"
    confirmed = True


def totp_code(device: TOTPDevice) -> str:
    """The code the device's app shows now; the next one if now's was already used (codes are good once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"

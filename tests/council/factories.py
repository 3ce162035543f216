import factory

from council.models import Council, Seat, SeatAlternate, WorkingGroup
from tests.members.factories import InstitutionFactory, PersonFactory


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Consejo Estatal de Prueba {n}")
    short_name = factory.Sequence(lambda n: f"CEP{n}")
    presiding_institution = factory.SubFactory(InstitutionFactory)
    secretariat_institution = factory.SubFactory(InstitutionFactory)
    agreement_prefix = factory.Sequence(lambda n: f"CEP{n}")
    default_city = "Monterrey"


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat
        skip_postgeneration_save = True

    council = factory.SubFactory(CouncilFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Seat.Role.MEMBER
    has_vote = True
    principal = factory.SubFactory(PersonFactory, institution=factory.SelfAttribute("..institution"))

    @factory.post_generation
    def alternates(self, create, extracted, **kwargs):
        if not create:
            return
        for person in extracted or []:
            SeatAlternate.objects.create(seat=self, person=person)


class GuestSeatFactory(SeatFactory):
    role = Seat.Role.GUEST
    has_vote = False


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Grupo de Trabajo {n}")
    coordinator = factory.SubFactory(InstitutionFactory)

import datetime as dt

import factory
from django.utils import timezone

from sessions_app.models import AgendaItem, Agreement, Invitation, Session
from tests.council.factories import CouncilFactory
from tests.members.factories import InstitutionFactory


class SessionFactory(factory.django.DjangoModelFactory):
    """A session; its number follows the others of its council, kind and year."""

    class Meta:
        model = Session

    council = factory.SubFactory(CouncilFactory)
    kind = Session.Kind.ORDINARY
    # Two weeks ahead at 10:00 local time: a session that ran past midnight (made at 22:30) would be one that no
    # form can show, and the tests would depend on the hour they run at.
    starts_at = factory.LazyFunction(
        lambda: timezone.localtime(timezone.now() + dt.timedelta(days=14)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))
    year = factory.LazyAttribute(lambda s: timezone.localtime(s.starts_at).year)
    number = factory.LazyAttribute(
        lambda s: Session.objects.filter(council=s.council, kind=s.kind, year=s.year, working_group=None).count() + 1
    )
    venue = "Palacio de Gobierno"
    city = "Monterrey"
    status = Session.Status.CONVENED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punto {n}")
    kind = AgendaItem.Kind.PRESENTATION


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(SessionFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Invitation.Role.MEMBER
    has_vote = True


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    session = factory.SubFactory(SessionFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda a: f"{a.session.council.agreement_prefix}/{a.session.number:02d}/{a.sequence:02d}"
    )
    text = "La Secretaría Técnica enviará el proyecto a las instituciones."

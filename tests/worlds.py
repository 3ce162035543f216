"""A whole world of two councils with every kind of record, for the permission matrix and the fuzz tests.

Council X: institutions A and B sit in it (A presides), with a working group, a held
session (attendance, quorum, a vote, an annex, agreements for A and for B with
evidence, published documents, a circulated acta) and a convened session (answers pending, a proposed
suplente, a guest not yet sent). Council Y has the same records with B and C.

The directory also holds an institution that sits nowhere and is convened nowhere
(``inst_free``, with ``person_free``): any council's staff may still change it.

Those institutions are of Nuevo León. ``jalisco`` is a fictional council of another
state (``build_other_state``) whose institutions bear the same names, "Institución A"
and "Institución B": names repeat across states, and every page must tell them apart.

Users: ``delegate_a`` (a person of A), ``delegate_b`` (a person of B, so B's
delegate sees both councils, A's only X), ``staff_x``, ``staff_y`` and ``admin``
(a superuser). Records are named ``<thing>_x`` / ``<thing>_y``; those of one
institution in council X are ``<thing>_x_a`` and ``<thing>_x_b``.
"""

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from council.models import Council, Seat, SeatAlternate
from members.models import State
from sessions_app.documents.publishing import document_publish
from sessions_app.models import AgendaItem, AgreementUpdate, Invitation, InvitationAnswer, Session
from sessions_app.services.agreements import agreement_create
from sessions_app.services.annexes import annex_upload
from sessions_app.services.minutes import minutes_circulate, minutes_draft
from sessions_app.services.notes import informative_note_create_draft
from sessions_app.services.votes import vote_record
from sessions_app.tokens import invitation_token
from tests.council.factories import CouncilFactory, SeatFactory, WorkingGroupFactory
from tests.members.factories import InstitutionFactory, PersonFactory, TwoFactorDeviceFactory, UserFactory
from tests.sessions_app.factories import SessionFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ROLES = ("anonymous", "delegate_a", "delegate_b", "staff_x", "staff_y", "admin")


def _council_records(council: Council, seats: dict[str, Seat], *, staff) -> SimpleNamespace:
    """A working group, a held session with everything that happens in one, and a convened session."""
    first, second = seats.values()
    group = WorkingGroupFactory(council=council, coordinator=first.institution, name=f"Grupo de {council.short_name}")
    group.members.set([seat.institution for seat in seats.values()])

    yesterday = timezone.now() - dt.timedelta(days=1)
    held = SessionFactory(council=council, starts_at=yesterday, status=Session.Status.HELD)
    held.quorum_met, held.quorum_present, held.quorum_required = True, 2, 2
    held.quorum_declared_at = yesterday
    held.call = Session.Call.FIRST
    held.save()
    held_invitations = {
        key: Invitation.objects.create(
            session=held,
            institution=seat.institution,
            seat=seat,
            has_vote=True,
            invitee=seat.principal,
            answer=Invitation.Answer.CONFIRMED,
            attendee=seat.principal,
            attended=True,
            arrived_at=yesterday,
            delivery=Invitation.Delivery.SENT,
        )
        for key, seat in seats.items()
    }
    roll_call = AgendaItem.objects.create(session=held, order=1, title="Lista", kind=AgendaItem.Kind.ROLL_CALL)
    voted = AgendaItem.objects.create(session=held, order=2, title="Programa anual", kind=AgendaItem.Kind.FOR_AGREEMENT)
    annexed = AgendaItem.objects.create(session=held, order=3, title="Informe", kind=AgendaItem.Kind.PRESENTATION)
    vote = vote_record(item=voted, method="unanimity", by=staff)
    annex = annex_upload(agenda_item=annexed, file=SimpleUploadedFile("informe.pdf", PDF), uploaded_by=staff)
    agreements = {
        key: agreement_create(
            session=held,
            agenda_item=voted,
            text=f"{seat.institution.short_name} enviará su informe.",
            responsible=[seat.institution],
            due_date=timezone.localdate() + dt.timedelta(days=30),
        )
        for key, seat in seats.items()
    }
    evidence = {
        key: AgreementUpdate.objects.create(
            agreement=agreement,
            institution=seats[key].institution,
            text="Avance",
            evidence=SimpleUploadedFile("avance.pdf", PDF),
        )
        for key, agreement in agreements.items()
    }
    published = {
        kind: document_publish(session=held, kind=kind, title=kind, pdf=PDF, filename=f"{kind}.pdf", by=staff)
        for kind in ("minutes", "attendance")
    }
    minutes = minutes_draft(session=held)
    minutes_circulate(minutes=minutes, comments_due=timezone.localdate() + dt.timedelta(days=10))
    issuing_unit = council.presiding_institution.issuing_units.first()
    note = informative_note_create_draft(session=held, issuing_unit=issuing_unit, by=staff)

    upcoming = SessionFactory(council=council, status=Session.Status.CONVENED)
    upcoming_item = AgendaItem.objects.create(session=upcoming, order=1, title="Lista", kind=AgendaItem.Kind.ROLL_CALL)
    invitations = {
        key: Invitation.objects.create(
            session=upcoming,
            institution=seat.institution,
            seat=seat,
            has_vote=True,
            invitee=seat.principal,
            delivery=Invitation.Delivery.SENT,
        )
        for key, seat in seats.items()
    }
    guest = Invitation.objects.create(
        session=upcoming, institution=InstitutionFactory(name=f"Invitada de {council.short_name}"), role="guest"
    )
    proposal = InvitationAnswer.objects.create(
        invitation=invitations[next(iter(seats))],
        answer=Invitation.Answer.ALTERNATE,
        proposed_name="Persona Propuesta",
        proposed_post="Directora",
        proposed_email="propuesta@example.gob.mx",
    )
    return SimpleNamespace(
        council=council,
        group=group,
        held=held,
        held_invitations=held_invitations,
        roll_call=roll_call,
        voted=voted,
        annexed=annexed,
        vote=vote,
        annex=annex,
        agreements=agreements,
        evidence=evidence,
        minutes=minutes,
        note=note,
        published=published,
        upcoming=upcoming,
        upcoming_item=upcoming_item,
        invitations=invitations,
        tokens={key: invitation_token(invitation) for key, invitation in invitations.items()},
        guest=guest,
        proposal=proposal,
    )


def build_other_state() -> SimpleNamespace:
    """A fictional council of Jalisco with its own "Institución A" and "Institución B", and a convened session."""
    place = {"state": State.JALISCO, "unit__place": "Guadalajara, Jalisco"}  # its documents are headed there
    inst_a = InstitutionFactory(name="Institución A", short_name="IA", **place)
    inst_b = InstitutionFactory(name="Institución B", short_name="IB", **place)
    council = CouncilFactory(
        name="Consejo Estatal de Jalisco",
        short_name="CEJ",
        presiding_institution=inst_a,
        secretariat_institution=inst_b,
        default_city="Guadalajara",
    )
    seat_a = SeatFactory(council=council, institution=inst_a, role=Seat.Role.PRESIDENCY)
    seat_b = SeatFactory(council=council, institution=inst_b, role=Seat.Role.SECRETARIAT)
    session = SessionFactory(council=council, status=Session.Status.CONVENED)
    return SimpleNamespace(council=council, inst_a=inst_a, inst_b=inst_b, seat_a=seat_a, seat_b=seat_b, session=session)


def build_world() -> SimpleNamespace:
    """Two councils, three member institutions, five users and every kind of record in each council."""
    inst_a = InstitutionFactory(name="Institución A", short_name="IA")
    inst_b = InstitutionFactory(name="Institución B", short_name="IB")
    inst_c = InstitutionFactory(name="Institución C", short_name="IC")
    council_x = CouncilFactory(name="Consejo X", short_name="X", presiding_institution=inst_a)
    council_y = CouncilFactory(name="Consejo Y", short_name="Y", presiding_institution=inst_b)
    seat_x_a = SeatFactory(council=council_x, institution=inst_a, role=Seat.Role.PRESIDENCY)
    seat_x_b = SeatFactory(council=council_x, institution=inst_b)
    seat_y_b = SeatFactory(council=council_y, institution=inst_b, role=Seat.Role.PRESIDENCY)
    seat_y_c = SeatFactory(council=council_y, institution=inst_c)
    SeatAlternate.objects.create(seat=seat_x_a, person=PersonFactory(institution=inst_a, full_name="Suplente de A"))
    inst_free = InstitutionFactory(name="Institución sin lugar", short_name="ISL")
    person_free = PersonFactory(institution=inst_free, full_name="Persona sin lugar")

    delegate_a = UserFactory(username="delegado_a")
    person_a = PersonFactory(institution=inst_a, user=delegate_a, full_name="Delegada de A")
    delegate_b = UserFactory(username="delegado_b")
    person_b = PersonFactory(institution=inst_b, user=delegate_b, full_name="Delegado de B")
    staff_x = UserFactory(username="staff_x")
    council_x.staff.add(staff_x)
    staff_y = UserFactory(username="staff_y")
    council_y.staff.add(staff_y)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    TwoFactorDeviceFactory(user=admin)  # enrolled, so that its second-step pages are reached and fuzzed

    x = _council_records(council_x, {"a": seat_x_a, "b": seat_x_b}, staff=staff_x)
    y = _council_records(council_y, {"b": seat_y_b, "c": seat_y_c}, staff=staff_y)
    jalisco = build_other_state()
    return SimpleNamespace(
        inst_a=inst_a,
        inst_b=inst_b,
        inst_c=inst_c,
        inst_free=inst_free,
        person_free=person_free,
        council_x=council_x,
        council_y=council_y,
        seat_x_a=seat_x_a,
        seat_x_b=seat_x_b,
        seat_y_b=seat_y_b,
        seat_y_c=seat_y_c,
        person_a=person_a,
        person_b=person_b,
        users={
            "anonymous": None,
            "delegate_a": delegate_a,
            "delegate_b": delegate_b,
            "staff_x": staff_x,
            "staff_y": staff_y,
            "admin": admin,
        },
        x=x,
        y=y,
        jalisco=jalisco,
    )

"""Loads the demo council: the Nuevo León session of 7 October 2022 described in the seed nota informativa.

Loading is idempotent: every row is found by its natural key, so running it
twice changes nothing. The demo stands above every app: it writes through
their models and services and no app imports it.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from council.models import Council, Seat, SeatAlternate, WorkingGroup
from demo.data import (
    AGENDA_2022,
    AGREEMENTS_2022,
    CLOSING_REMARKS,
    COUNCIL_NAME,
    COUNCIL_PURPOSE,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    FEDERAL_NAME,
    GUESTS,
    MEMBERS,
    MUNICIPALITIES,
    MX,
    SEGOB_FOOTER,
    SEGOB_STANDING,
    SEGOB_UNITS,
    SII_OFICIO_PATTERN,
    SII_PHONE,
    SII_WEB,
    STATE,
    WORKING_GROUPS,
    K,
)
from members.models import Institution, IssuingUnit, Person
from sessions_app.models import AgendaItem, Agreement, Invitation, Session
from sessions_app.services.notes import informative_note_create_draft
from sessions_app.services.quorum import session_declare_quorum
from sessions_app.services.sessions import agenda_apply_template, session_create

STATE_FOOTER = "Palacio de Gobierno, Zaragoza y 5 de Mayo s/n, Centro, C. P. 64000, Monterrey, Nuevo León."


@transaction.atomic
def load_demo(*, with_accounts: bool) -> dict:
    """Load the demo council, its 2022 session and its nota, working groups, agreements and an upcoming session."""
    segob = _federal_secretariat()
    members = [_institution_with_people(row, unit=_state_unit(row)) for row in MEMBERS]
    guests = [_institution_with_people(row) for row in GUESTS]
    by_name = {institution.name: institution for institution, _, _ in members + guests}
    council = _state_council(by_name, members, guests)
    segob_titular = _federal_council(segob)

    session = _seed_session(council, by_name)
    _seed_attendance(session, council, segob, segob_titular)
    _working_groups(council, by_name, session)
    _seed_agreements(session, by_name)
    # The seed itself: the nota informativa the federal secretariat wrote about this session, drafted from its data.
    if not session.informative_notes.exists():
        informative_note_create_draft(session=session, issuing_unit=_first_unit(segob))
    upcoming = _upcoming_session(council)

    accounts = _demo_accounts(council, members) if with_accounts else []
    return {"council": council, "session": session, "upcoming": upcoming, "accounts": accounts}


def _upsert(model, defaults: dict, **lookup):
    """Find a row by its natural key; create it, or save only the fields that differ (no history noise)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **defaults)
    changed = [field for field, value in defaults.items() if getattr(instance, field) != value]
    for field in changed:
        setattr(instance, field, defaults[field])
    if changed:
        instance.save(update_fields=changed)
    return instance


def _institution(name, short, kind, order, *, state="", **extra) -> Institution:
    """An institution found by its name within its state: names repeat across the country."""
    defaults = {"short_name": short, "kind": kind, "government_order": order, **extra}
    return _upsert(Institution, defaults, name=name, state=state)


def _first_unit(institution: Institution) -> IssuingUnit:
    return IssuingUnit.objects.filter(institution=institution).order_by("pk").first()


def _issuing_unit(institution: Institution, **fields) -> IssuingUnit:
    """The institution's first issuing unit (its letterhead), made or brought up to ``fields``."""
    unit = _first_unit(institution)
    if unit is None:
        return IssuingUnit.objects.create(institution=institution, **fields)
    return _upsert(IssuingUnit, fields, pk=unit.pk)


def demo_logo(initials: str, colour: str, *, round_: bool) -> bytes:
    """A plainly invented emblem for a demo letterhead (PNG): the initials on a disc or a square, no real seal."""
    size = 240
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    box = (8, 8, size - 8, size - 8)
    if round_:
        draw.ellipse(box, fill=colour)
        draw.ellipse((28, 28, size - 28, size - 28), outline="white", width=6)
    else:
        draw.rounded_rectangle(box, radius=36, fill=colour)
        draw.rounded_rectangle((28, 28, size - 28, size - 28), radius=24, outline="white", width=6)
    font = ImageFont.load_default(size=84 if len(initials) <= 3 else 60)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _give_logo(unit: IssuingUnit, name: str, content: bytes) -> None:
    """The demo unit's logo, written once (a reload leaves an existing one, or one staff uploaded, alone)."""
    if not unit.logo:
        unit.logo.save(name, ContentFile(content), save=True)


def _person(institution, honorific, full_name, post) -> Person:
    slug = full_name.split()[0].lower() + "." + full_name.split()[-1].lower()
    email = (
        slug.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u").replace("ñ", "n")
        + "@ejemplo.gob.mx"
    )
    defaults = {"honorific": honorific, "post": post, "email": email, "phone": "81 2020 0000"}
    return _upsert(Person, defaults, full_name=full_name, institution=institution)


def _seat(council, institution, role, has_vote, order, principal, alternate) -> Seat:
    seat = _upsert(
        Seat,
        council=council,
        institution=institution,
        archived_at=None,
        defaults={
            "role": role,
            "has_vote": has_vote,
            "order": order,
            "principal": principal,
            "valid_from": dt.date(2022, 1, 1),
        },
    )
    SeatAlternate.objects.get_or_create(seat=seat, person=alternate)
    return seat


def _aware(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MX)


def _session(council, kind, starts_at, ends_at, **fields) -> Session:
    year = starts_at.year
    existing = Session.objects.filter(council=council, working_group=None, kind=kind, year=year, starts_at=starts_at)
    if existing.exists():
        return existing.get()
    session = session_create(
        council=council, kind=kind, starts_at=starts_at, ends_at=ends_at, with_template=False, **fields
    )
    return session


def _invite(session, seat, *, attended, answer, attendee=None):
    invitation, _ = Invitation.objects.get_or_create(
        session=session,
        institution=seat.institution,
        defaults={
            "seat": seat,
            "role": Invitation.Role.MEMBER if seat.role != Seat.Role.GUEST else Invitation.Role.GUEST,
            "has_vote": seat.is_voting,
            "invitee": seat.principal,
            "answer": answer,
            "attendee": attendee or (seat.principal if answer != Invitation.Answer.DECLINED else None),
            "attended": attended,
            "arrived_at": session.starts_at - dt.timedelta(minutes=10) if attended else None,
            "delivery": Invitation.Delivery.SENT,
            "sent_at": session.starts_at - dt.timedelta(days=10),
        },
    )
    return invitation


def _federal_secretariat() -> Institution:
    """SEGOB, whose unit's letterhead is the seed's: its two unit lines, Ciudad de México, its footer address."""
    segob = _institution(
        "Secretaría de Gobernación",
        "SEGOB",
        K.FEDERAL_AGENCY,
        "federal",
        address="Abraham González 48, Col. Juárez, Alcaldía Cuauhtémoc, C. P. 06600, Ciudad de México",
    )
    unit = _issuing_unit(
        segob,
        lines=SEGOB_UNITS,
        place="Ciudad de México",
        address=SEGOB_FOOTER,
        standing=SEGOB_STANDING,
    )
    _give_logo(unit, "demo-segob.png", demo_logo("SG", "#6f1d33", round_=False))
    return segob


def _institution_with_people(row, *, unit: dict | None = None) -> tuple[Institution, Person, Person]:
    """An institution of Nuevo León with its titular, its suplente and its letterhead (``unit``, in Monterrey)."""
    name, short, kind, order, principal, alternate = row
    municipality = MUNICIPALITIES.get(name, "")
    institution = _institution(name, short, kind, order, state=STATE, municipality=municipality)
    issuing_unit = _issuing_unit(institution, **{"place": "Monterrey", **(unit or {})})
    if unit and unit.get("oficio_pattern"):  # the council's secretariat: its letterhead carries a logo of its own
        _give_logo(issuing_unit, "demo-sii.png", demo_logo("SII", "#0b5e66", round_=True))
    return institution, _person(institution, *principal), _person(institution, *alternate)


def _state_unit(row) -> dict:
    """A state member's letterhead: the state government's address; the secretariat's with its oficio numbers."""
    if row[0] == "Secretaría de Igualdad e Inclusión":
        return {
            "place": "Monterrey, Nuevo León",
            "lines": "Subsecretaría de Igualdad Sustantiva",
            "address": STATE_FOOTER,
            "phone": SII_PHONE,
            "web": SII_WEB,
            "oficio_pattern": SII_OFICIO_PATTERN,
        }
    return {"address": STATE_FOOTER}


def _state_council(by_name, members, guests) -> Council:
    """The Nuevo León council with its voting seats (presidency and secretariat among them) and its guests."""
    sgg = by_name["Secretaría General de Gobierno"]
    sii = by_name["Secretaría de Igualdad e Inclusión"]
    council = _upsert(
        Council,
        name=COUNCIL_NAME,
        defaults={
            "short_name": "Consejo Estatal contra la Trata NL",
            "kind": Council.Kind.COUNCIL,
            "jurisdiction": "Nuevo León",
            "legal_basis": "Ley para Prevenir, Atender, Combatir y Erradicar la Trata de Personas en el Estado "
            "de Nuevo León.",
            "purpose": COUNCIL_PURPOSE,
            "presiding_institution": sgg,
            "secretariat_institution": sii,
            "default_issuing_unit": _first_unit(sii),  # the Secretaría de Igualdad e Inclusión's own letterhead
            "agreement_prefix": "CINL",
            "default_city": "Monterrey",
        },
    )
    roles = {sgg: Seat.Role.PRESIDENCY, sii: Seat.Role.SECRETARIAT}
    for order, (institution, principal, alternate) in enumerate(members, start=1):
        _seat(council, institution, roles.get(institution, Seat.Role.MEMBER), True, order, principal, alternate)
    for order, (institution, principal, alternate) in enumerate(guests, start=100):
        _seat(council, institution, Seat.Role.GUEST, False, order, principal, alternate)
    return council


def _federal_council(segob: Institution) -> Person:
    """The federal commission whose secretariat (SEGOB) wrote the seed's nota; returns SEGOB's titular."""
    titular = _person(
        segob,
        "Mtra.",
        "Claudia Ejemplo Ficticia",
        "Directora General de Estrategias para la Atención de Derechos Humanos",
    )
    alternate = _person(segob, "Lic.", "Miguel Muestra Ficticio", "Director de Área")
    federal = _upsert(
        Council,
        name=FEDERAL_NAME,
        defaults={
            "short_name": "Comisión Intersecretarial",
            "kind": Council.Kind.COMMISSION,
            "jurisdiction": "Federal",
            "purpose": "Coordinar las acciones de sus integrantes en materia de trata de personas.",
            "presiding_institution": segob,
            "secretariat_institution": segob,
            "agreement_prefix": "CIT",
            "default_city": "Ciudad de México",
        },
    )
    _seat(federal, segob, Seat.Role.SECRETARIAT, True, 1, titular, alternate)
    return titular


def _seed_session(council: Council, by_name: dict) -> Session:
    """The session of the seed: 7 October 2022, Palacio de Gobierno, Monterrey, with its agenda."""
    session = _session(
        council,
        Session.Kind.ORDINARY,
        _aware(2022, 10, 7, 10),
        _aware(2022, 10, 7, 12, 30),
        venue="Palacio de Gobierno",
        city="Monterrey",
        state="Nuevo León",
    )
    for order, (kind, title, minutes, presenter, highlight) in enumerate(AGENDA_2022, start=1):
        AgendaItem.objects.get_or_create(
            session=session,
            order=order,
            defaults={
                "kind": kind,
                "title": title,
                "duration_minutes": minutes,
                "highlight": highlight,
                "presenter_institution": by_name.get(presenter),
            },
        )
    return session


def _seed_attendance(session: Session, council: Council, segob: Institution, segob_titular: Person) -> None:
    """Everyone convened attended, SEGOB as a guest; quorum declared; the session held."""
    for seat in council.seats.select_related("institution", "principal"):
        _invite(session, seat, attended=True, answer=Invitation.Answer.CONFIRMED)
    Invitation.objects.get_or_create(
        session=session,
        institution=segob,
        defaults={
            "role": Invitation.Role.GUEST,
            "has_vote": False,
            "invitee": segob_titular,
            "attendee": segob_titular,
            "answer": Invitation.Answer.CONFIRMED,
            "attended": True,
            "arrived_at": session.starts_at,
            "delivery": Invitation.Delivery.SENT,
        },
    )
    # Held before the tool was adopted: recorded as held, then its quorum declared from the attendance.
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD, closing_remarks=CLOSING_REMARKS)
    session.refresh_from_db()
    if session.quorum_declared_at is None:
        session_declare_quorum(session=session)


def _working_groups(council: Council, by_name: dict, formed_at: Session) -> None:
    for name, coordinator, mandate, member_names in WORKING_GROUPS:
        group = _upsert(
            WorkingGroup,
            council=council,
            name=name,
            defaults={"coordinator": by_name[coordinator], "mandate": mandate, "formed_at": formed_at},
        )
        group.members.set([by_name[coordinator], *(by_name[n] for n in member_names)])


def _seed_agreements(session: Session, by_name: dict) -> None:
    items = {item.order: item for item in session.agenda_items.all()}
    for sequence, (item_order, text, responsible, due, status) in enumerate(AGREEMENTS_2022, start=1):
        agreement, created = Agreement.objects.get_or_create(
            session=session,
            sequence=sequence,
            defaults={
                "number": f"CINL/{session.number:02d}-ORD/{session.year}/{sequence:02d}",
                "agenda_item": items[item_order],
                "text": text,
                "due_date": dt.date(*due) if due else None,
                "status": status,
            },
        )
        if created:
            agreement.responsible.set([by_name[name] for name in responsible])


def _upcoming_session(council: Council) -> Session:
    """One upcoming session, convened, with answers still coming in."""
    upcoming = _session(
        council,
        Session.Kind.ORDINARY,
        _aware(2026, 12, 11, 10),
        _aware(2026, 12, 11, 12),
        venue="Palacio de Gobierno, Salón Gobernadores",
        city="Monterrey",
        state="Nuevo León",
        modality=Session.Modality.HYBRID,
        video_url="https://reuniones.nl.gob.mx/consejo-trata",
    )
    if not upcoming.agenda_items.exists():
        agenda_apply_template(session=upcoming)
    for seat in council.seats.select_related("institution", "principal"):
        _invite(upcoming, seat, attended=False, answer=Invitation.Answer.PENDING)
    Session.objects.filter(pk=upcoming.pk, status=Session.Status.DRAFT).update(status=Session.Status.CONVENED)
    return upcoming


def _demo_accounts(council, members) -> list[tuple[str, str, str]]:
    User = get_user_model()
    people = {institution.name: principal for institution, principal, _ in members}
    created = []
    for username, description, role in DEMO_ACCOUNTS:
        user, new = User.objects.get_or_create(username=username, defaults={"email": f"{username}@sesiones.local"})
        if new:
            user.set_password(DEMO_PASSWORD)
        user.is_superuser = user.is_staff = role == "admin"
        user.first_name = description
        user.save()
        if role == "staff":
            council.staff.add(user)
        if role == "delegate":
            name = "Secretaría de Salud" if username == "salud" else "Secretaría de Educación"
            person = people[name]
            if person.user_id != user.pk:
                Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
                person.user = user
                person.save(update_fields=["user"])
        created.append((username, DEMO_PASSWORD, description))
    return created

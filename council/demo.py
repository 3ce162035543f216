"""The demo council: the Nuevo León session of 7 October 2022 described in the seed nota informativa.

Loading is idempotent: every row is found by its natural key, so running it
twice changes nothing.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from council.models import Council, Seat, SeatAlternate, WorkingGroup
from members.models import Institution, Person
from sessions_app.models import AgendaItem, Agreement, Invitation, Session
from sessions_app.services.sessions import session_create

MX = ZoneInfo("America/Mexico_City")
K = Institution.Kind

COUNCIL_NAME = "Consejo Interinstitucional para la Prevención, Atención, Combate y Erradicación de la Trata de Personas"
COUNCIL_PURPOSE = (
    "Mecanismo que dé seguimiento de los compromisos asumidos por la administración pública estatal en la "
    "materia de trata de personas y de colaboración que se vincule con organizaciones de la sociedad civil, "
    "sector académico e instancias públicas."
)
FEDERAL_NAME = (
    "Comisión Intersecretarial para Prevenir, Sancionar y Erradicar los Delitos en Materia de Trata de Personas "
    "y para la Protección y Asistencia a las Víctimas de estos Delitos"
)
SEGOB_UNITS = (
    "SUBSECRETARÍA DE DERECHOS HUMANOS, POBLACIÓN Y MIGRACIÓN\n"
    "DIRECCIÓN GENERAL DE ESTRATEGIAS PARA LA ATENCIÓN DE DERECHOS HUMANOS"
)
SEGOB_FOOTER = "Circular de Morelia No.8, Col. Roma Norte, Alcaldía Cuauhtémoc, C. P. 06600, Ciudad de México."

# (name, short name, kind, government order, seat role, titular, suplente), in the seed's order.
MEMBERS = [
    (
        "Alcaldes y alcaldesas de la zona norte",
        "Alcaldías Norte",
        K.MUNICIPALITY,
        "municipal",
        ("Lic.", "Ramiro Garza Villarreal", "Presidente Municipal, representante de la zona norte"),
        ("Lic.", "Sofía Treviño Leal", "Secretaria del Ayuntamiento"),
    ),
    (
        "Alcaldes y alcaldesas de la zona sur",
        "Alcaldías Sur",
        K.MUNICIPALITY,
        "municipal",
        ("Mtra.", "Leticia Cantú Salinas", "Presidenta Municipal, representante de la zona sur"),
        ("Ing.", "Óscar Elizondo Ríos", "Secretario del Ayuntamiento"),
    ),
    (
        "Secretaría General de Gobierno",
        "SGG",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Javier Navarro Velasco", "Secretario General de Gobierno"),
        ("Mtra.", "Adriana Quintanilla Ortiz", "Subsecretaria de Gobierno"),
    ),
    (
        "Fiscalía General de Justicia del Estado de Nuevo León",
        "FGJNL",
        K.PROSECUTOR,
        "state",
        ("Mtro.", "Gustavo Adrián Guerrero", "Fiscal General de Justicia"),
        ("Lic.", "Mariana Salazar Benavides", "Fiscal Especializada en Trata de Personas"),
    ),
    (
        "Secretaría de Seguridad Pública",
        "SSP",
        K.STATE_MINISTRY,
        "state",
        ("Gral.", "Gerardo Escamilla Pérez", "Secretario de Seguridad Pública"),
        ("Lic.", "Daniela Villarreal Cortés", "Directora de Prevención del Delito"),
    ),
    (
        "Secretaría de Finanzas y Tesorería General del Estado",
        "SFyTGE",
        K.STATE_MINISTRY,
        "state",
        ("C.P.", "Carlos Garza Ibarra", "Secretario de Finanzas y Tesorero General"),
        ("Lic.", "Verónica Montemayor Saldaña", "Directora de Presupuesto"),
    ),
    (
        "Secretaría de Educación",
        "SE",
        K.STATE_MINISTRY,
        "state",
        ("Dra.", "Sofía Leticia Morales Garza", "Secretaria de Educación"),
        ("Mtro.", "Héctor Rodríguez Tamez", "Subsecretario de Educación Básica"),
    ),
    (
        "Secretaría de Salud",
        "SSNL",
        K.STATE_MINISTRY,
        "state",
        ("Dra.", "Alma Rosa Marroquín Escamilla", "Secretaria de Salud"),
        ("Dr.", "Rubén Cavazos Lozano", "Director de Servicios de Salud"),
    ),
    (
        "Secretaría de Igualdad e Inclusión",
        "SII",
        K.STATE_MINISTRY,
        "state",
        ("Mtra.", "Martha Patricia Herrera González", "Secretaria de Igualdad e Inclusión"),
        ("Lic.", "Rodrigo Sepúlveda Chapa", "Director de Atención a Grupos Vulnerables"),
    ),
    (
        "Secretaría de Trabajo",
        "ST",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Federico Rojas Veloquio", "Secretario del Trabajo"),
        ("Lic.", "Paulina Flores Lozano", "Directora de Inspección del Trabajo"),
    ),
    (
        "Sistema para el Desarrollo Integral de la Familia",
        "DIF NL",
        K.DECENTRALISED,
        "state",
        ("Lic.", "Ana Lucía Garza Treviño", "Directora General del DIF"),
        ("Lic.", "Jorge Luis Medina Sáenz", "Procurador de Protección de Niñas, Niños y Adolescentes"),
    ),
    (
        "Instituto Estatal de las Mujeres",
        "IEM",
        K.DECENTRALISED,
        "state",
        ("Mtra.", "Graciela Buchanan Ortega", "Presidenta Ejecutiva"),
        ("Lic.", "Karla Ivonne Reyna Garza", "Coordinadora de Programas"),
    ),
    (
        "Secretaría de Turismo",
        "SECTUR NL",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Maricarmen Martínez Villarreal", "Secretaria de Turismo"),
        ("Lic.", "Eduardo Saldívar Elizondo", "Director de Promoción Turística"),
    ),
    (
        "Secretaría de las Mujeres",
        "SMNL",
        K.STATE_MINISTRY,
        "state",
        ("Lic.", "Cristina Díaz Salazar", "Secretaria de las Mujeres"),
        ("Mtra.", "Laura Elena Ochoa Garza", "Subsecretaria de Prevención de la Violencia"),
    ),
]

GUESTS = [
    (
        "Poder Judicial del Estado de Nuevo León",
        "PJENL",
        K.JUDICIARY,
        "state",
        ("Mgdo.", "Arturo Salinas Garza", "Magistrado Presidente"),
        ("Lic.", "Beatriz Adriana Leal Cruz", "Secretaria General de Acuerdos"),
    ),
    (
        "Poder Legislativo del Estado de Nuevo León",
        "H. Congreso NL",
        K.LEGISLATURE,
        "state",
        ("Dip.", "Irais Virginia Reyes de la Torre", "Presidenta de la Comisión de Igualdad de Género"),
        ("Lic.", "Tomás Garza Cantú", "Secretario Técnico de Comisión"),
    ),
    (
        "Comisión Estatal de Derechos Humanos",
        "CEDHNL",
        K.AUTONOMOUS,
        "state",
        ("Mtra.", "Olga Susana Méndez Arellano", "Presidenta"),
        ("Lic.", "Alejandro Ramos Villalobos", "Visitador General"),
    ),
    (
        "Sociedad civil",
        "OSC",
        K.CIVIL_SOCIETY,
        "none",
        ("Lic.", "Patricia Villarreal Tijerina", "Representante de organizaciones de la sociedad civil"),
        ("Lic.", "Daniel Morales Cárdenas", "Representante suplente"),
    ),
    (
        "Sector empresarial",
        "Sector empresarial",
        K.BUSINESS,
        "none",
        ("Ing.", "Roberto Zambrano Garza", "Representante del sector empresarial"),
        ("Lic.", "Mónica Guajardo Lozano", "Representante suplente"),
    ),
    (
        "Academia",
        "Academia",
        K.ACADEMIA,
        "none",
        ("Dra.", "Elena Cavazos Treviño", "Investigadora, representante de la academia"),
        ("Dr.", "Luis Fernando Garza Rivas", "Investigador, representante suplente"),
    ),
]

WORKING_GROUPS = [
    (
        "Grupo de Trabajo de Prevención de la Trata de Personas",
        "Secretaría de Educación",
        "Campañas de prevención y detección temprana en escuelas, centros de trabajo y destinos turísticos.",
        ["Secretaría de Turismo", "Secretaría de Trabajo", "Secretaría de Seguridad Pública"],
    ),
    (
        "Grupo de Trabajo de Atención y Protección a Víctimas",
        "Sistema para el Desarrollo Integral de la Familia",
        "Protocolos de atención, refugio y reintegración de víctimas, con enfoque de género y de niñez.",
        ["Secretaría de Salud", "Secretaría de las Mujeres", "Instituto Estatal de las Mujeres"],
    ),
    (
        "Grupo de Trabajo de Combate y Procuración de Justicia",
        "Fiscalía General de Justicia del Estado de Nuevo León",
        "Coordinación de la investigación y persecución de los delitos en materia de trata de personas.",
        ["Secretaría de Seguridad Pública", "Secretaría General de Gobierno"],
    ),
]

AGENDA_2022 = [
    (AgendaItem.Kind.ROLL_CALL, "Lista de asistencia y declaración de quórum", 10, "", False),
    (AgendaItem.Kind.AGENDA_APPROVAL, "Lectura y, en su caso, aprobación del orden del día", 5, "", False),
    (AgendaItem.Kind.PRESENTATION, "Mensaje de bienvenida", 10, "Secretaría General de Gobierno", False),
    (
        AgendaItem.Kind.PRESENTATION,
        "Presentación del proyecto de Programa Estatal para la Prevención, Atención, "
        "Combate y Erradicación de la Trata de Personas",
        30,
        "Secretaría de Igualdad e Inclusión",
        True,
    ),
    (
        AgendaItem.Kind.FOR_AGREEMENT,
        "Conformación de grupos de trabajo especializados en materia de trata de personas",
        20,
        "Secretaría de Igualdad e Inclusión",
        True,
    ),
    (AgendaItem.Kind.GENERAL_MATTERS, "Asuntos generales", 15, "", False),
    (AgendaItem.Kind.CLOSING, "Clausura de la sesión", 5, "", False),
]

CLOSING_REMARKS = (
    "Al final del encuentro, se llevó a cabo un acercamiento entre Secretarías Técnicas, resaltando la importancia "
    "de contar con la definición de una política pública contra la trata y la vinculación con el sector "
    "empresarial, así como el fortalecimiento de canales de comunicación con los estados de la región."
)

DEMO_PASSWORD = "sesiones-demo"  # noqa: S105 - demo accounts only, never created in production
DEMO_ACCOUNTS = [
    ("admin", "Administración de la plataforma", "admin"),
    ("secretaria", "Secretaría Técnica (staff del consejo)", "staff"),
    ("salud", "Delegada de la Secretaría de Salud", "delegate"),
    ("educacion", "Delegado de la Secretaría de Educación", "delegate"),
]


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


def _institution(name, short, kind, order, **extra) -> Institution:
    return _upsert(Institution, {"short_name": short, "kind": kind, "government_order": order, **extra}, name=name)


def _person(institution, honorific, full_name, post) -> Person:
    slug = full_name.split()[0].lower() + "." + full_name.split()[-1].lower()
    email = (
        slug.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u").replace("ñ", "n")
        + "@nuevoleon.gob.mx"
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


@transaction.atomic
def load_demo(*, with_accounts: bool) -> dict:
    """Load the demo council, its 2022 session and its nota, working groups, agreements and an upcoming session."""
    segob = _institution(
        "Secretaría de Gobernación",
        "SEGOB",
        K.FEDERAL_AGENCY,
        "federal",
        city="Ciudad de México",
        letterhead_units=SEGOB_UNITS,
        footer_address=SEGOB_FOOTER,
        address="Abraham González 48, Col. Juárez, Alcaldía Cuauhtémoc, C. P. 06600, Ciudad de México",
    )
    members = []
    for name, short, kind, order, principal, alternate in MEMBERS:
        institution = _institution(
            name,
            short,
            kind,
            order,
            city="Monterrey",
            footer_address="Palacio de Gobierno, Zaragoza y 5 de Mayo s/n, Centro, C. P. 64000, Monterrey, Nuevo León.",
        )
        members.append((institution, _person(institution, *principal), _person(institution, *alternate)))
    guests = []
    for name, short, kind, order, principal, alternate in GUESTS:
        institution = _institution(name, short, kind, order, city="Monterrey")
        guests.append((institution, _person(institution, *principal), _person(institution, *alternate)))
    by_name = {institution.name: institution for institution, _, _ in members + guests}

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
            "agreement_prefix": "CINL",
            "default_city": "Monterrey",
        },
    )
    for order, (institution, principal, alternate) in enumerate(members, start=1):
        role = Seat.Role.MEMBER
        if institution == sgg:
            role = Seat.Role.PRESIDENCY
        elif institution == sii:
            role = Seat.Role.SECRETARIAT
        _seat(council, institution, role, True, order, principal, alternate)
    for order, (institution, principal, alternate) in enumerate(guests, start=100):
        _seat(council, institution, Seat.Role.GUEST, False, order, principal, alternate)

    segob_titular = _person(
        segob,
        "Mtra.",
        "Claudia Hernández Ávila",
        "Directora General de Estrategias para la Atención de Derechos Humanos",
    )
    segob_alternate = _person(segob, "Lic.", "Miguel Ángel Robles Soto", "Director de Área")
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
    _seat(federal, segob, Seat.Role.SECRETARIAT, True, 1, segob_titular, segob_alternate)

    # The session of the seed: 7 October 2022, Palacio de Gobierno, Monterrey.
    session = _session(
        council,
        Session.Kind.ORDINARY,
        _aware(2022, 10, 7, 10),
        _aware(2022, 10, 7, 12, 30),
        venue="Palacio de Gobierno",
        city="Monterrey",
        state="Nuevo León",
    )
    presenters = {"Secretaría General de Gobierno": sgg, "Secretaría de Igualdad e Inclusión": sii}
    items = {}
    for order, (kind, title, minutes, presenter, highlight) in enumerate(AGENDA_2022, start=1):
        items[order], _ = AgendaItem.objects.get_or_create(
            session=session,
            order=order,
            defaults={
                "kind": kind,
                "title": title,
                "duration_minutes": minutes,
                "highlight": highlight,
                "presenter_institution": presenters.get(presenter),
            },
        )
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
    if session.quorum_declared_at is None:
        from sessions_app.services.quorum import session_declare_quorum

        session_declare_quorum(session=session)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD, closing_remarks=CLOSING_REMARKS)

    for name, coordinator, mandate, member_names in WORKING_GROUPS:
        group = _upsert(
            WorkingGroup,
            council=council,
            name=name,
            defaults={"coordinator": by_name[coordinator], "mandate": mandate, "formed_at": session},
        )
        group.members.set([by_name[coordinator], *(by_name[n] for n in member_names)])

    agreements = [
        (2, "Se aprueba el orden del día de la sesión.", [], None, Agreement.Status.FULFILLED),
        (
            4,
            "La Secretaría Técnica circulará el proyecto de Programa Estatal entre las instituciones integrantes "
            "para recibir sus observaciones.",
            [sii],
            dt.date(2022, 11, 4),
            Agreement.Status.FULFILLED,
        ),
        (
            5,
            "Se conforman los grupos de trabajo especializados de Prevención, de Atención y Protección a Víctimas, "
            "y de Combate y Procuración de Justicia.",
            [sii],
            None,
            Agreement.Status.FULFILLED,
        ),
        (
            5,
            "Cada grupo de trabajo presentará su plan de trabajo en la siguiente sesión ordinaria.",
            [
                by_name["Secretaría de Educación"],
                by_name["Sistema para el Desarrollo Integral de la Familia"],
                by_name["Fiscalía General de Justicia del Estado de Nuevo León"],
            ],
            dt.date(2023, 3, 31),
            Agreement.Status.IN_PROGRESS,
        ),
        (
            5,
            "La Secretaría de Salud elaborará el protocolo de atención médica y psicológica para víctimas.",
            [by_name["Secretaría de Salud"]],
            dt.date(2026, 12, 31),
            Agreement.Status.PENDING,
        ),
    ]
    for sequence, (item_order, text, responsible, due, status) in enumerate(agreements, start=1):
        agreement, created = Agreement.objects.get_or_create(
            session=session,
            sequence=sequence,
            defaults={
                "number": f"CINL/{session.number:02d}-ORD/{session.year}/{sequence:02d}",
                "agenda_item": items[item_order],
                "text": text,
                "due_date": due,
                "status": status,
            },
        )
        if created:
            agreement.responsible.set(responsible)

    # The seed itself: the nota informativa the federal secretariat wrote about this session, drafted from its data.
    if not session.informative_notes.exists():
        from sessions_app.services.informative_note import informative_note_create_draft

        informative_note_create_draft(session=session, issuer=segob)

    # One upcoming session, convened, with answers still coming in.
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
        from sessions_app.services.sessions import agenda_apply_template

        agenda_apply_template(session=upcoming)
    for seat in council.seats.select_related("institution", "principal"):
        _invite(upcoming, seat, attended=False, answer=Invitation.Answer.PENDING)
    Session.objects.filter(pk=upcoming.pk, status=Session.Status.DRAFT).update(status=Session.Status.CONVENED)

    accounts = []
    if with_accounts:
        accounts = _demo_accounts(council, members)
    return {"council": council, "session": session, "upcoming": upcoming, "accounts": accounts}


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

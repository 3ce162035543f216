"""Bench data: a national deployment's worth of councils, sessions, invitations and agreements, in seconds.

Builds a fresh PostgreSQL database (dropped and created again), migrates it,
and fills it with PostgreSQL's COPY, one table at a time, in the shape a real
deployment has: councils of 50 institutions, 4 people per institution (a
titular and suplentes), a session every two weeks per council with 20
institutions convened, 2 or 3 agreements per session (the old ones closed,
the recent ones open), 6 agenda items per session, the acta of every
session held. Two sizes:

    large: 100 councils, 5,000 institutions, 20,000 people, 20,000 sessions,
           400,000 invitations, 50,000 agreements (200 sessions per council);
    small: 10 councils, 500 institutions, 2,000 people, 1,000 sessions,
           20,000 invitations, 2,500 agreements (100 sessions per council).

In each: the probe council (the first) has a well-known probe session,
convened, ten days ahead, with 40 institutions convened and 12 agenda items;
a staff user of its secretariat (``bench-staff``), a delegate of one of the
convened institutions (``bench-delegate``), and that institution's answer
link. What the bench needs to find them is written to ``var/bench/<db>.json``.

    python bench/data.py --size large --db sesiones_bench_large

Audit history (django-simple-history) is not written for these rows: they
stand for data that was there before.
"""

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / "var" / "bench"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "bench-sesiones"  # noqa: S105 - throwaway accounts of a throwaway database

SIZES = {
    "large": {"councils": 100, "sessions_per_council": 200},
    "small": {"councils": 10, "sessions_per_council": 100},
}
INSTITUTIONS_PER_COUNCIL = 50
PEOPLE_PER_INSTITUTION = 4
INVITED_PER_SESSION = 20
AGENDA_PER_SESSION = 6
PROBE_INVITED = 40
PROBE_AGENDA = 12
SESSION_EVERY = dt.timedelta(days=14)


def _setup_django(db_name: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"{PG_URL}/{db_name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def recreate_database(db_name: str) -> None:
    """Drop the database (ending its connections) and create it empty."""
    import psycopg2

    conn = psycopg2.connect(f"{PG_URL}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [db_name],
        )
        cur.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        cur.execute(f'CREATE DATABASE "{db_name}"')
    conn.close()


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class Copier:
    """COPY rows into a model's table: the columns given per row, every other column its field default."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.counts: dict[str, int] = {}

    def __call__(self, model, columns: list[str], rows) -> int:
        fields = list(model._meta.concrete_fields)
        given = set(columns)
        rest = [f for f in fields if f.attname not in given and not f.primary_key]
        fixed = []
        for field in rest:
            default = field.get_default()
            if field.has_default() and callable(field.default):
                raise ValueError(f"{model.__name__}.{field.attname} needs a value per row (its default is not fixed)")
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = NOW
            fixed.append(_text(default))
        tail = ("\t" + "\t".join(fixed)) if fixed else ""
        names = [_column(model, c) for c in columns] + [f.column for f in rest]
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join(_text(v) for v in row))
            buffer.write(tail)
            buffer.write("\n")
            count += 1
        buffer.seek(0)
        table = model._meta.db_table
        self.cursor.copy_expert(
            f'COPY "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) FROM STDIN', buffer
        )
        if any(c == "id" for c in columns):
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"  # noqa: S608 - our table names
            )
        self.counts[table] = self.counts.get(table, 0) + count
        return count


def _column(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.column
    raise ValueError(f"{model.__name__} has no column {attname}")


NOW = None  # set by generate(): every row's "now"


def generate(*, size: str, db_name: str) -> dict:
    """Fill the (migrated, empty) database; return what the bench needs to find the probe."""
    global NOW
    import secrets

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.totp import STAFF_TOTP_KEY
    from council.models import Council, Seat, SeatAlternate
    from members.models import Institution, IssuingUnit, Person
    from sessions_app.models import (
        AgendaItem,
        Agreement,
        AgreementUpdate,
        Invitation,
        Minutes,
        Session,
    )
    from sessions_app.tokens import invitation_token

    User = get_user_model()
    NOW = timezone.now().replace(microsecond=0)
    tz = timezone.get_current_timezone()
    councils_n = SIZES[size]["councils"]
    per_council = SIZES[size]["sessions_per_council"]
    today = timezone.localdate()
    rng_state = [12345]

    def rand(n: int) -> int:  # a tiny deterministic LCG: same data on every run
        rng_state[0] = (rng_state[0] * 1103515245 + 12345) % 2**31
        return rng_state[0] % n

    with transaction.atomic(), connection.cursor() as django_cursor:
        copy = Copier(django_cursor.cursor)
        # --- Directory: institutions and people.
        n_inst = councils_n * INSTITUTIONS_PER_COUNCIL
        kinds = [k for k, _ in Institution.Kind.choices]
        copy(
            Institution,
            ["id", "name", "short_name", "kind"],
            ((i, f"Institución {i:05d} del Estado", f"I{i:05d}", kinds[i % len(kinds)]) for i in range(1, n_inst + 1)),
        )
        copy(  # each institution's letterhead: one issuing unit
            IssuingUnit,
            ["id", "institution_id", "place", "address"],
            ((i, i, "Monterrey", "Domicilio") for i in range(1, n_inst + 1)),
        )
        n_people = n_inst * PEOPLE_PER_INSTITUTION

        def person_id(inst: int, k: int) -> int:
            return (inst - 1) * PEOPLE_PER_INSTITUTION + k + 1

        copy(
            Person,
            ["id", "honorific", "full_name", "post", "institution_id", "email", "phone", "user_id"],
            (
                (
                    person_id(inst, k),
                    "Lic.",
                    f"Persona {inst:05d}-{k}",
                    "Titular" if k == 0 else "Suplente",
                    inst,
                    f"p{inst}.{k}@example.gob.mx",
                    "81 0000 0000",
                    None,
                )
                for inst in range(1, n_inst + 1)
                for k in range(PEOPLE_PER_INSTITUTION)
            ),
        )

        # --- Councils and their seats: council c holds institutions (c-1)*50+1 … c*50.
        def inst_of(c: int, k: int) -> int:
            return (c - 1) * INSTITUTIONS_PER_COUNCIL + k + 1

        copy(
            Council,
            [
                "id",
                "name",
                "short_name",
                "jurisdiction",
                "purpose",
                "presiding_institution_id",
                "secretariat_institution_id",
                "agreement_prefix",
                "default_city",
                "feed_token",
            ],
            (
                (
                    c,
                    f"Consejo Estatal {c:03d} para la Prevención de la Trata de Personas",
                    f"CE{c:03d}",
                    f"Estado {c:03d}",
                    "Prevenir, atender, combatir y erradicar la trata de personas.",
                    inst_of(c, 0),
                    inst_of(c, 1),
                    f"CE{c:03d}",
                    "Monterrey",
                    secrets.token_urlsafe(24),
                )
                for c in range(1, councils_n + 1)
            ),
        )
        valid_from = today - dt.timedelta(days=per_council * SESSION_EVERY.days + 365)

        def seat_id(c: int, k: int) -> int:
            return (c - 1) * INSTITUTIONS_PER_COUNCIL + k + 1

        def seat_role(k: int) -> tuple[str, bool]:
            if k == 0:
                return Seat.Role.PRESIDENCY, True
            if k == 1:
                return Seat.Role.SECRETARIAT, True
            if k >= 45:
                return Seat.Role.GUEST, False
            return Seat.Role.MEMBER, True

        copy(
            Seat,
            ["id", "council_id", "institution_id", "role", "has_vote", "principal_id", "order", "valid_from"],
            (
                (seat_id(c, k), c, inst_of(c, k), *seat_role(k), person_id(inst_of(c, k), 0), k + 1, valid_from)
                for c in range(1, councils_n + 1)
                for k in range(INSTITUTIONS_PER_COUNCIL)
            ),
        )
        copy(
            SeatAlternate,
            ["seat_id", "person_id", "order"],
            (
                (seat_id(c, k), person_id(inst_of(c, k), 1), 1)
                for c in range(1, councils_n + 1)
                for k in range(INSTITUTIONS_PER_COUNCIL)
            ),
        )

        # --- Sessions: one every two weeks per council, the last ones ahead; the probe is council 1's next one.
        sessions = []  # (id, council, starts_at, status, kind, number, year)
        sid = 0
        for c in range(1, councils_n + 1):
            numbers: dict[tuple[str, int], int] = {}
            first = NOW - SESSION_EVERY * (per_council - 3) + dt.timedelta(hours=c % 48)
            for k in range(per_council):
                sid += 1
                starts = first + SESSION_EVERY * k
                if c == 1 and k == per_council - 3:
                    starts = NOW + dt.timedelta(days=10)  # the probe
                kind = Session.Kind.EXTRAORDINARY if k % 7 == 6 else Session.Kind.ORDINARY
                year = starts.astimezone(tz).year
                numbers[(kind, year)] = numbers.get((kind, year), 0) + 1
                ahead = per_council - k
                if ahead <= 2:
                    status = Session.Status.DRAFT
                elif ahead == 3:
                    status = Session.Status.CONVENED
                elif ahead <= 5:
                    status = Session.Status.HELD
                elif k % 41 == 40:
                    status = Session.Status.CANCELLED
                else:
                    status = Session.Status.CLOSED
                sessions.append((sid, c, starts, status, kind, numbers[(kind, year)], year))
        probe_id = next(s[0] for s in sessions if s[1] == 1 and s[3] == Session.Status.CONVENED)
        held = (Session.Status.HELD, Session.Status.CLOSED)
        copy(
            Session,
            [
                "id",
                "council_id",
                "kind",
                "number",
                "year",
                "starts_at",
                "ends_at",
                "venue",
                "city",
                "state",
                "status",
                "call",
                "quorum_met",
                "quorum_present",
                "quorum_required",
                "quorum_declared_at",
            ],
            (
                (
                    s[0],
                    s[1],
                    s[4],
                    s[5],
                    s[6],
                    s[2],
                    s[2] + dt.timedelta(hours=2),
                    "Palacio de Gobierno",
                    "Monterrey",
                    "Nuevo León",
                    s[3],
                    Session.Call.FIRST if s[3] in held else "",
                    True if s[3] in held else None,
                    14 if s[3] in held else None,
                    10 if s[3] in held else None,
                    s[2] + dt.timedelta(minutes=15) if s[3] in held else None,
                )
                for s in sessions
            ),
        )

        # --- Agenda: 6 items per session (12 for the probe).
        agenda_kinds = [
            (AgendaItem.Kind.ROLL_CALL, "Lista de asistencia y declaración de quórum"),
            (AgendaItem.Kind.AGENDA_APPROVAL, "Lectura y aprobación del orden del día"),
            (AgendaItem.Kind.MINUTES_APPROVAL, "Aprobación del acta de la sesión anterior"),
            (AgendaItem.Kind.FOLLOW_UP, "Seguimiento de acuerdos"),
            (AgendaItem.Kind.PRESENTATION, "Informe de actividades de la Secretaría Técnica"),
            (AgendaItem.Kind.FOR_AGREEMENT, "Aprobación del programa anual de trabajo"),
            (AgendaItem.Kind.PRESENTATION, "Presentación del diagnóstico estatal"),
            (AgendaItem.Kind.INFORMATION, "Informe de los grupos de trabajo"),
            (AgendaItem.Kind.FOR_AGREEMENT, "Aprobación del protocolo de atención a víctimas"),
            (AgendaItem.Kind.PRESENTATION, "Campaña de prevención en escuelas"),
            (AgendaItem.Kind.GENERAL_MATTERS, "Asuntos generales"),
            (AgendaItem.Kind.CLOSING, "Clausura de la sesión"),
        ]
        short_agenda = [agenda_kinds[i] for i in (0, 1, 2, 3, 4, 11)]
        item_ids: dict[int, int] = {}  # session -> id of its "for agreement" or presentation item

        def agenda_rows():
            iid = 0
            for s in sessions:
                items = agenda_kinds if s[0] == probe_id else short_agenda
                for order, (kind, title) in enumerate(items, start=1):
                    iid += 1
                    if order == 5:
                        item_ids[s[0]] = iid
                    presenter = inst_of(s[1], order % INSTITUTIONS_PER_COUNCIL) if order >= 4 else None
                    yield (iid, s[0], order, title, kind, presenter, 10 + 5 * (order % 3), order == 5)

        copy(
            AgendaItem,
            ["id", "session_id", "order", "title", "kind", "presenter_institution_id", "duration_minutes", "highlight"],
            agenda_rows(),
        )

        # --- Invitations: 20 of the council's 50 seats per session (40 for the probe), in rotation.
        answers = [
            Invitation.Answer.CONFIRMED,
            Invitation.Answer.CONFIRMED,
            Invitation.Answer.CONFIRMED,
            Invitation.Answer.ALTERNATE,
            Invitation.Answer.DECLINED,
            Invitation.Answer.PENDING,
        ]
        token_keys = set()

        def token_key() -> str:
            key = secrets.token_urlsafe(16)
            while key in token_keys:
                key = secrets.token_urlsafe(16)
            token_keys.add(key)
            return key

        probe_invited: list[int] = []
        # The first 40 sessions of each council convene one institution more: as many invitations as 20 a session.
        extra_invited = {}
        for c in range(1, councils_n + 1):
            for s in [s for s in sessions if s[1] == c][:40]:
                extra_invited[s[0]] = 1

        def invitation_rows():
            iid = 0
            for s in sessions:
                if s[3] == Session.Status.DRAFT:
                    continue
                invited = PROBE_INVITED if s[0] == probe_id else INVITED_PER_SESSION + extra_invited.get(s[0], 0)
                past = s[3] in held
                for j in range(invited):
                    iid += 1
                    k = (s[0] * 7 + j) % INSTITUTIONS_PER_COUNCIL if s[0] != probe_id else j
                    inst = inst_of(s[1], k)
                    role, vote = seat_role(k)
                    answer = answers[(s[0] + j) % len(answers)]
                    if past and answer == Invitation.Answer.PENDING:
                        answer = Invitation.Answer.CONFIRMED
                    attended = past and answer != Invitation.Answer.DECLINED and rand(10) < 9
                    attendee = None
                    if answer == Invitation.Answer.ALTERNATE:
                        attendee = person_id(inst, 1)
                    elif attended or answer == Invitation.Answer.CONFIRMED:
                        attendee = person_id(inst, 0)
                    if s[0] == probe_id:
                        probe_invited.append(iid)
                    yield (
                        iid,
                        s[0],
                        inst,
                        seat_id(s[1], k),
                        Invitation.Role.GUEST if role == Seat.Role.GUEST else Invitation.Role.MEMBER,
                        vote,
                        person_id(inst, 0),
                        answer,
                        None if answer == Invitation.Answer.PENDING else s[2] - dt.timedelta(days=3),
                        attendee,
                        attended,
                        s[2] + dt.timedelta(minutes=5) if attended else None,
                        token_key(),
                        Invitation.Delivery.SENT,
                        1,
                        s[2] - dt.timedelta(days=10),
                    )

        copy(
            Invitation,
            [
                "id",
                "session_id",
                "institution_id",
                "seat_id",
                "role",
                "has_vote",
                "invitee_id",
                "answer",
                "answered_at",
                "attendee_id",
                "attended",
                "arrived_at",
                "token_key",
                "delivery",
                "delivery_attempts",
                "sent_at",
            ],
            invitation_rows(),
        )

        # --- Agreements: 2 or 3 per session held; a year old or more, nearly all closed.
        agreement_rows = []
        responsible_rows = []
        update_rows = []
        aid = 0
        year_ago = NOW - dt.timedelta(days=365)
        # 2.5 agreements per session of the council, spread over the sessions held.
        target = per_council * 5 // 2
        held_of = {}
        for s in sessions:
            if s[3] in held:
                held_of.setdefault(s[1], []).append(s)
        how_many = {}
        for council_sessions in held_of.values():
            h = len(council_sessions)
            for i, s in enumerate(council_sessions):
                how_many[s[0]] = (i + 1) * target // h - i * target // h
        for s in sessions:
            if s[3] not in held:
                continue
            for seq in range(1, how_many[s[0]] + 1):
                aid += 1
                if s[2] < year_ago:
                    status = Agreement.Status.CANCELLED if rand(20) == 0 else Agreement.Status.FULFILLED
                    if rand(50) == 0:
                        status = Agreement.Status.IN_PROGRESS  # the odd one that drags on
                else:
                    status = Agreement.Status.PENDING if seq % 2 else Agreement.Status.IN_PROGRESS
                label = "EXT" if s[4] == Session.Kind.EXTRAORDINARY else "ORD"
                agreement_rows.append(
                    (
                        aid,
                        s[0],
                        item_ids.get(s[0]),
                        seq,
                        f"CE{s[1]:03d}/{s[5]:02d}-{label}/{s[6]}/{seq:02d}",
                        "Se aprueba que las instituciones responsables presenten un informe de avance.",
                        (s[2] + dt.timedelta(days=90)).astimezone(tz).date(),
                        status,
                        s[2],
                        s[2],
                    )
                )
                first = inst_of(s[1], 2 + (aid % 40))
                responsible_rows.append((aid, first))
                if aid % 2:
                    responsible_rows.append((aid, inst_of(s[1], 2 + ((aid + 7) % 40))))
                if status != Agreement.Status.PENDING:
                    update_rows.append(
                        (
                            aid,
                            first,
                            "Se reporta el avance con la evidencia anexa.",
                            status,
                            s[2] + dt.timedelta(days=30),
                        )
                    )
        copy(
            Agreement,
            [
                "id",
                "session_id",
                "agenda_item_id",
                "sequence",
                "number",
                "text",
                "due_date",
                "status",
                "created_at",
                "updated_at",
            ],
            agreement_rows,
        )
        copy(Agreement.responsible.through, ["agreement_id", "institution_id"], responsible_rows)
        copy(AgreementUpdate, ["agreement_id", "institution_id", "text", "status", "created_at"], update_rows)

        # --- Actas: approved for the sessions concluded (at the next session), drafts for those just held.
        next_of = {s[0]: t[0] for s, t in zip(sessions, sessions[1:], strict=False) if s[1] == t[1]}
        copy(
            Minutes,
            ["session_id", "body", "status", "approved_at_session_id", "approved_at"],
            (
                (
                    s[0],
                    "En la ciudad de Monterrey se reunieron los integrantes del consejo.",
                    Minutes.Status.APPROVED if s[3] == Session.Status.CLOSED else Minutes.Status.DRAFT,
                    next_of.get(s[0]) if s[3] == Session.Status.CLOSED else None,
                    s[2] + SESSION_EVERY if s[3] == Session.Status.CLOSED else None,
                )
                for s in sessions
                if s[3] in held
            ),
        )

        # --- Accounts: the probe council's staff, a delegate of a convened institution.
        password = make_password(PASSWORD)
        staff = User.objects.create(username="bench-staff", first_name="Secretaría", password=password)
        Council.objects.get(pk=1).staff.add(staff)
        # Council staff sign in with a second factor: the bench's staff has an app with a known key.
        TOTPDevice.objects.create(user=staff, name="bench", confirmed=True, key=STAFF_TOTP_KEY)
        delegate = User.objects.create(username="bench-delegate", first_name="Delegada", password=password)
        delegate_inst = inst_of(1, 5)
        Person.objects.filter(pk=person_id(delegate_inst, 0)).update(user=delegate)
        invitation = Invitation.objects.select_related("session").get(session_id=probe_id, institution_id=delegate_inst)
        assert invitation.pk in probe_invited

        django_cursor.execute("ANALYZE")
    counts = {
        "councils": councils_n,
        "institutions": n_inst,
        "people": n_people,
        "sessions": len(sessions),
        "invitations": copy.counts[Invitation._meta.db_table],
        "agreements": len(agreement_rows),
        "agenda_items": copy.counts[AgendaItem._meta.db_table],
    }
    return {
        "db": db_name,
        "size": size,
        "counts": counts,
        "council_id": 1,
        "probe_session_id": probe_id,
        "probe_invitations": len(probe_invited),
        "probe_agenda_items": len(agenda_kinds),
        "staff_username": staff.username,
        "staff_totp_key": STAFF_TOTP_KEY,
        "delegate_username": delegate.username,
        "password": PASSWORD,
        "answer_token": invitation_token(invitation),
        "invitation_id": invitation.pk,
    }


def build(*, size: str, db_name: str, verbose: bool = True) -> dict:
    """Recreate ``db_name``, migrate it, fill it; write and return the probe's description with the timings."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    recreate_database(db_name)
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    info = generate(size=size, db_name=db_name)
    done = time.perf_counter()
    info["seconds_migrate"] = round(migrated - started, 1)
    info["seconds_data"] = round(done - migrated, 1)
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    (STATE_DIR / f"{db_name}.json").write_text(json.dumps(info, indent=2))
    if verbose:
        c = info["counts"]
        print(
            f"{db_name}: {c['councils']:,} consejos, {c['institutions']:,} instituciones, {c['people']:,} personas, "
            f"{c['sessions']:,} sesiones, {c['invitations']:,} invitaciones, {c['agreements']:,} acuerdos "
            f"en {info['seconds_data']} s (más {info['seconds_migrate']} s de migraciones)"
        )
    return info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--db", help="database name (default sesiones_bench_<size>)")
    args = parser.parse_args(argv)
    db_name = args.db or f"sesiones_bench_{args.size}"
    _setup_django(db_name)
    build(size=args.size, db_name=db_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

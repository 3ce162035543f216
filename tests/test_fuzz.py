"""Hostile input to every form of the project: never a 500, and a refused submission changes nothing.

Every URL whose view answers POST has a target here (``test_every_form_has_a_target``
fails and names one that has none). For each, hypothesis posts variations of the
form as the page shows it — each field kept, left out, repeated, or replaced by a
very long string, unicode (digits that are not ASCII, "²" among them), line
breaks and control characters, HTML and script, SQL, a negative or huge number,
an impossible date, a hostile file; a field named with an id (``ballot_12``) is
also sent under that name written in other digits (``ballot_²``) — as a role
allowed to use it (from the permission matrix's rows). The answer is a redirect
(accepted, or refused with a message), the form with its errors, or a 4xx; never
a 500. When it is not a redirect, no row of the database changed; when it is, no
one-line field holds a line break. Text accepted as data is shown escaped on the
page the redirect leads to.

Each example runs in a savepoint rolled back afterwards, on the world of
``tests.worlds`` built once for the module.
"""

import inspect
import re
import string
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.generic.list import MultipleObjectMixin
from django_filters import FilterSet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.forms import TwoFactorCodeForm
from sessions_app.forms.checkin import ArrivalForm, CheckInForm
from sessions_app.forms.convocation import GuestForm
from sessions_app.models import Agreement
from tests.formdata import post_data
from tests.surface import LINE_BREAKS, accepts_post, database_fingerprint, project_urls, rows_with_line_breaks
from tests.test_permission_matrix import ROWS
from tests.worlds import PDF, ROLES

pytestmark = pytest.mark.django_db

EXAMPLES = 20
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository; a failure prints its reproduction
    suppress_health_check=list(HealthCheck),
)

# --- Hostile values -------------------------------------------------------------------------------

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
FIXED = [
    SCRIPT,
    ATTRIBUTE,
    "'; DROP TABLE sessions_app_session; --",
    "' OR '1'='1",
    "1 UNION SELECT password FROM auth_user",
    "{{ request.user.password }}{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\x00",
    "texto\x00con nulo",
    "\u202etxt.exe",
    "Ñandú — «comillas» 🎉 中文 العربية",
    "１２３",
    "٣",
    "²",
    "Consejo\r\nBcc: otro@example.com",
    "uno\ndos",
    "uno\u2028dos",
    "tab\tulado",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "2024-02-30",
    "2023-13-01",
    "0000-00-00",
    "10000-01-01",
    "-2024-01-01",
    "25:61",
    "24:00",
    "31/02/2024",
    "true",
    "null",
    "[]",
    "{}",
    " ",
    "",
]
LONG = st.builds(
    lambda piece, times: piece * times, st.sampled_from(["a", "ñ", "<b>", "9", "🎉"]), st.integers(300, 20_000)
)
IMPOSSIBLE_DATE = st.builds(
    lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(-10, 99_999), st.integers(-1, 14), st.integers(-1, 40)
)
NUMBER = st.integers(min_value=-(10**40), max_value=10**40).map(str)
HOSTILE = st.one_of(
    st.sampled_from(FIXED),
    st.text(max_size=60),
    LONG,
    NUMBER,
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    IMPOSSIBLE_DATE,
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
)
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "informe.pdf",
            "../../settings.py",
            "a.exe",
            "doble.pdf.exe",
            "sin_extension",
            ".pdf",
            "évil<script>.pdf",
            "directorio.csv",
            "directorio.xlsx",
        ]
    ),
    st.text(min_size=1, max_size=40).map(lambda name: name.replace("/", "_") + ".pdf"),
)
# Spreadsheets for the imports: a hostile CSV (formulas, markup, an unknown state, no e-mail) and a zip that is no
# workbook.
HOSTILE_CSV = (
    "Institución,Entidad federativa,Nombre completo,Correo institucional\n"
    "=cmd|' /C calc'!A0,Atlántida,<script>alert(1)</script>,\n"
    "Secretaría\r\nBcc: x,19,Ana,ana@x.gob.mx\n"
).encode()
FILE_CONTENT = st.one_of(
    st.just(b""),
    st.just(PDF),
    st.binary(max_size=300),
    st.just(b"MZ\x90\x00" + b"\x00" * 64),
    st.just(HOSTILE_CSV),
    st.just(b"PK\x03\x04" + b"\x00" * 64),
)


@st.composite
def hostile_file(draw):
    return SimpleUploadedFile(draw(FILE_NAMES) or "x", draw(FILE_CONTENT))


KEEP, DROP = "keep", "drop"

# Digits that str.isdigit() accepts and int() may not: a field named with an id (ballot_12) is also sent as ballot_².
UNICODE_DIGITS = ["²", "٣", "１", "߁", "²³"]


def unicode_digit_names(fields) -> list[str]:
    return sorted(
        {re.sub(r"[0-9]+", digit, name) for name in fields if re.search(r"[0-9]", name) for digit in UNICODE_DIGITS}
    )


@st.composite
def payload(draw, fields: dict, file_fields: frozenset):
    """The form's data with each field kept, dropped, repeated or replaced; sometimes unknown fields too."""
    data = {}
    for name, valid in fields.items():
        how = draw(st.sampled_from([KEEP, KEEP, DROP, "hostile", "hostile", "repeat"]))
        if name in file_fields:
            if how != DROP:
                data[name] = draw(hostile_file())
        elif how == KEEP:
            if valid is not None:
                data[name] = valid
        elif how == "hostile":
            data[name] = draw(HOSTILE)
        elif how == "repeat":
            data[name] = draw(st.lists(HOSTILE, min_size=2, max_size=3))
    extra = draw(st.dictionaries(st.text(string.ascii_lowercase + "_-", min_size=1, max_size=12), HOSTILE, max_size=2))
    if renamed := unicode_digit_names(fields):
        extra.update(draw(st.dictionaries(st.sampled_from(renamed), HOSTILE, max_size=2)))
    return {**extra, **data}


# --- Targets: every view that answers POST ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    kwargs: dict
    roles: tuple[str, ...]
    fields: dict  # name -> what the page would post back (None: empty)
    file_fields: frozenset


# Views that answer POST but are not fuzzed, and why.
NOT_FUZZED = {
    "logout": "takes no data; it would end the session the other targets use",
}

# Where a target's form comes from when its URL does not show it on a GET (POST-only, or a GET that redirects).
FORMS_BY_HAND = {
    "sessions_app:guest_add": lambda w: [GuestForm(session=w.x.upcoming, viewer=w.users["staff_x"])],
    "sessions_app:invitation_check_in": lambda w: [CheckInForm(invitation=w.x.held_invitations["a"])],
    "sessions_app:invitation_arrival": lambda w: [ArrivalForm(invitation=w.x.held_invitations["a"])],
    # Shown only to those with an app (the world's admin); the others' GET leads on.
    "account:two_factor_verify": lambda w: [TwoFactorCodeForm()],
    "account:recovery_codes_regenerate": lambda w: [TwoFactorCodeForm()],
    "account:two_factor_disable": lambda w: [TwoFactorCodeForm()],
}
FIELDS_BY_HAND = {
    "sessions_app:agenda_reorder": lambda w: {"order": str(w.x.upcoming_item.pk), "seen": str(w.x.upcoming_item.pk)},
    "sessions_app:agenda_item_move": lambda w: {"direction": "down"},
    "sessions_app:agenda_times": lambda w: {"shows_times": "1"},
    "sessions_app:quorum_declare": lambda w: {"call": "second"},
    "sessions_app:invitation_resend": lambda w: {},
    "sessions_app:reminders_send": lambda w: {},
    "sessions_app:invitation_check_in": None,  # from its form
    "sessions_app:invitation_arrival": None,  # from its form
    # An import's confirmation names the rows kept on the server: a hostile or stale key applies nothing.
    "members:import_confirm": lambda w: {"token": "no-existe", "form_token": "t"},
    "council:seat_import_confirm": lambda w: {"token": "no-existe", "form_token": "t"},
}


def _allowed_case(name):
    """The first case of the matrix's row that some role may use (one with the page itself, if any), and those roles."""
    cases = list(ROWS[name].values())
    shown = [case for case in cases if {200, 405} & set(case.expected)]
    for case in shown + cases:
        roles = tuple(
            role
            for role, code in zip(ROLES, case.expected, strict=True)
            if code in (200, 405) or (code == 302 and role != "anonymous")
        )
        if roles:
            return case, roles
    raise AssertionError(f"No role may use {name}")


def _page_forms(response) -> list[forms.BaseForm]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = {}
    for context in [context for context in contexts or [] if context is not None]:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, FilterSet):
                    value = value.form
                if isinstance(value, forms.BaseForm):
                    found[id(value)] = value
    return list(found.values())


def build_target(world, name) -> Target:
    case, roles = _allowed_case(name)
    kwargs = case.kwargs(world)
    if name in FIELDS_BY_HAND and FIELDS_BY_HAND[name] is not None:
        return Target(name, kwargs, roles, FIELDS_BY_HAND[name](world), frozenset())
    if name in FORMS_BY_HAND:
        page_forms = FORMS_BY_HAND[name](world)
    else:
        response = world.clients[roles[0]].get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, f"GET {name} as {roles[0]}: {response.status_code}"
        page_forms = _page_forms(response)
    fields, file_fields = {}, set()
    for form in page_forms:
        fields.update(dict.fromkeys(form.add_prefix(n) for n in form.fields))
        fields.update(post_data(form))
        file_fields |= {form.add_prefix(n) for n, f in form.fields.items() if isinstance(f, forms.FileField)}
    return Target(name, kwargs, roles, fields, frozenset(file_fields))


def fuzzed_names() -> list[str]:
    return sorted(
        name
        for name, patterns in project_urls().items()
        if any(accepts_post(pattern) for pattern in patterns) and name not in NOT_FUZZED
    )


def test_every_form_has_a_target():
    """A new view that answers POST is fuzzed as soon as the permission matrix has its row, or is listed here."""
    without_row = [name for name in fuzzed_names() if name not in ROWS]
    assert not without_row, f"Add a row to tests/test_permission_matrix.py for: {', '.join(without_row)}"


# --- The property -----------------------------------------------------------------------------------

WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(council_|members_|sessions_app_|auth_)', re.IGNORECASE)
# What a refusal itself records on purpose: a signer's failed attempt to sign, kept for the session's history.
REFUSAL_RECORD = re.compile(r'^\s*INSERT INTO\s+"sessions_app_(historical)?signingfailure"', re.IGNORECASE)


def _text_values(data) -> list[str]:
    values = []
    for value in data.values():
        values += value if isinstance(value, list) else [value]
    return [value for value in values if isinstance(value, str)]


def _post(world, target: Target, role: str, data: dict, baseline: str) -> None:
    url = reverse(target.name, kwargs=target.kwargs)
    client = world.clients[role]
    breaks = any(brk in value for value in _text_values(data) for brk in LINE_BREAKS)
    with transaction.atomic():
        broken_before = rows_with_line_breaks() if breaks else 0
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        status = response.status_code
        assert status < 500, f"POST {target.name} as {role} answered {status}"
        assert status in (200, 302, 400, 403, 404, 405, 409, 410, 413), f"POST {target.name} as {role}: {status}"
        writes = [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]
        wrote = bool(writes) and not all(REFUSAL_RECORD.match(sql) for sql in writes)
        if status != 302 and wrote:
            assert database_fingerprint() == baseline, f"POST {target.name} as {role} was refused ({status}) yet wrote"
        if status == 302 and breaks:
            assert rows_with_line_breaks() == broken_before, f"{target.name}: a line break kept in a one-line field"
        if status == 302 and any(marker in _text_values(data) for marker in (SCRIPT, ATTRIBUTE)):
            page = client.get(response["Location"])
            if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
                body = page.content.decode()
                assert SCRIPT not in body and ATTRIBUTE not in body, f"{target.name}: unescaped markup shown"
        transaction.set_rollback(True)


# One of each kind, put in each field in turn with the others as the page shows them (hypothesis then mixes).
SWEEP = [
    SCRIPT,
    "\x00",
    "ñ" * 20_000,
    "-99999999999999999999999",
    "2024-02-30",
    "1 OR 1=1; --",
    ["1", "2"],
    "Consejo\r\nBcc: otro@example.com",
]


@pytest.mark.parametrize("name", fuzzed_names())
def test_hostile_posts_never_break_a_form(whole_world, name):
    if name not in ROWS:
        pytest.skip("no row in the permission matrix yet (test_every_form_has_a_target says so)")
    target = build_target(whole_world, name)
    baseline = database_fingerprint()
    valid = {key: value for key, value in target.fields.items() if value is not None}
    turn = 0
    for field in target.fields.keys() - target.file_fields:
        for value in SWEEP:
            role = target.roles[turn % len(target.roles)]
            turn += 1
            _post(whole_world, target, role, {**valid, field: value}, baseline)
    for field in target.fields.keys() - target.file_fields:
        for renamed in unicode_digit_names([field]):  # ballot_12 sent again as ballot_², with the same value
            role = target.roles[turn % len(target.roles)]
            turn += 1
            _post(whole_world, target, role, {**valid, renamed: valid.get(field) or "x"}, baseline)

    @FUZZ
    @given(data=payload(target.fields, target.file_fields), role=st.sampled_from(target.roles))
    def post_hostile(data, role):
        _post(whole_world, target, role, data, baseline)

    post_hostile()


# --- Query strings: every page that reads one ---------------------------------------------------------

# Query parameters pages read besides their filter forms' fields.
QUERY_KEYS = ("page", "q", "sesion", "punto", "estado", "next")


def reads_query_string(name: str) -> bool:
    """Whether the view of the URL (or a class it inherits from) reads ``request.GET``, or paginates."""
    for pattern in project_urls().get(name, []):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None:
            continue
        if issubclass(view_class, MultipleObjectMixin):
            return True
        for klass in view_class.__mro__:
            ours = klass.__module__.split(".")[0] in ("council", "members", "sessions_app")
            if ours and "request.GET" in inspect.getsource(klass):
                return True
    return False


def get_pages() -> list[str]:
    return sorted(
        name
        for name, cases in ROWS.items()
        if any(200 in case.expected for case in cases.values()) and reads_query_string(name)
    )


@pytest.mark.parametrize("name", get_pages())
def test_hostile_query_strings_never_break_a_page(whole_world, name):
    """Filters, pages and preselections read from the query string: bad values give the page or a 4xx."""
    case = next(case for case in ROWS[name].values() if 200 in case.expected)
    role = ROLES[case.expected.index(200)]
    url = reverse(name, kwargs=case.kwargs(whole_world))
    client = whole_world.clients[role]
    page_forms = _page_forms(client.get(url))
    keys = dict.fromkeys([*QUERY_KEYS, *(form.add_prefix(n) for form in page_forms for n in form.fields)])

    @settings(FUZZ, max_examples=8)
    @given(query=payload(keys, frozenset()))
    def get_hostile(query):
        with transaction.atomic():
            response = client.get(url, query)
            assert response.status_code in (200, 302, 304, 400, 404), (url, query, response.status_code)
            transaction.set_rollback(True)

    get_hostile()


# --- The answer link: hostile tokens ---------------------------------------------------------------


@FUZZ
@given(token=st.one_of(HOSTILE, st.text(min_size=1, max_size=300)), suffix=st.sampled_from(["", "calendario.ics"]))
def test_hostile_answer_links_are_refused_with_a_4xx(whole_world, token, suffix):
    """Altered, forged or nonsense tokens get the page that says why (or 404), never a 500, and change nothing."""
    path = f"/sesiones/respuesta/{quote(token, safe='')}/{suffix}"
    client = whole_world.clients["anonymous"]
    with transaction.atomic():
        for response in (client.get(path), client.post(path, {"answer": "confirmed"})):
            assert 400 <= response.status_code < 500, (path, response.status_code)
        transaction.set_rollback(True)


# --- The same creation form sent again: once, twice, with odd tokens ----------------------------------------


@FUZZ
@given(
    token=st.one_of(st.just("a-token"), HOSTILE.filter(bool), st.text(min_size=1, max_size=300)),
    times=st.integers(min_value=2, max_value=4),
)
def test_a_creation_form_sent_again_with_its_token_creates_once(whole_world, token, times):
    """Whatever the token, never a 500; the same valid form sent several times records one agreement."""
    session = whole_world.x.held
    url = reverse("agreements:create", kwargs={"pk": session.pk})
    client = whole_world.clients["staff_x"]
    data = {"text": "Se aprueba el programa anual de trabajo.", "form_token": token}
    with transaction.atomic():
        before = Agreement.objects.filter(session=session).count()
        responses = [client.post(url, data) for _ in range(times)]
        assert [response.status_code for response in responses] == [302] * times
        assert len({response["Location"] for response in responses}) == 1
        assert Agreement.objects.filter(session=session).count() == before + 1
        transaction.set_rollback(True)

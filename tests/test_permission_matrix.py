"""Who may open what: every URL of the project, as every role, on its own and on other councils' objects.

The URL names come from the resolver, so a URL added without a row here makes
``test_every_url_has_a_row`` fail and name it. Each row says, per case (an
object of council X and institution A, one of institution B, one of council Y,
a mixed or missing one), the status each role gets from a GET, in the order of
``tests.worlds.ROLES``:

    anonymous, delegate of A, delegate of B, staff of X, staff of Y, platform admin

302 for the anonymous visitor means "sent to the login page". Every role that
is refused (anonymous sent to login, 403, 404) is also refused a POST with
plausible data, and no row of the database changes.

Roles and records are those of ``tests.worlds.build_world`` (A sits in X; B in
X and Y; C in Y; a free institution sits nowhere).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, WebhookEndpoint
from api.services import token_create
from api.webhooks import webhook_create
from tests.surface import database_fingerprint, project_urls
from tests.worlds import ROLES

pytestmark = pytest.mark.django_db

MISSING = 999_999


def E(codes: str) -> tuple[int, ...]:
    """Expected statuses, one per role of ``ROLES``: ``E("302 403 403 200 403 200")``."""
    values = tuple(int(code) for code in codes.split())
    assert len(values) == len(ROLES), codes
    return values


PUBLIC = E("200 200 200 200 200 200")
LOGGED_IN = E("302 200 200 200 200 200")
STAFF_ANY = E("302 403 403 200 200 200")
ADMIN_ONLY = E("302 403 403 403 403 200")
DELEGATES_ONLY = E("302 200 200 403 403 403")
MANAGE_X = E("302 403 403 200 403 200")
MANAGE_Y = E("302 403 403 403 200 200")
VIEW_X = E("302 200 200 200 403 200")  # A and B sit in X and are convened to its sessions
VIEW_Y = E("302 403 200 403 200 200")  # B and C sit in Y
OWN_X_A = E("302 200 403 200 403 200")  # council X, institution A's own record
OWN_X_B = E("302 403 200 200 403 200")
NOT_FOUND = E("302 404 404 404 404 404")
# An object of another council under this council's URL: the council's staff and admins find nothing.
MIXED_MANAGE = E("302 403 403 404 403 404")
MIXED_VIEW = E("302 404 404 404 403 404")


def _post_only(codes: tuple[int, ...]) -> tuple[int, ...]:
    """A POST-only view answers 405 to a GET from those allowed to use it."""
    return tuple(405 if code == 200 else code for code in codes)


@dataclass(frozen=True)
class Case:
    kwargs: Callable  # world -> the URL's kwargs
    expected: tuple[int, ...]  # status of a GET, per role
    post: tuple[int, ...] | None = None  # status of a POST where it differs (POST-only views), per role


Cases = dict[str, Case]


def plain(expected) -> Cases:
    return {"": Case(lambda w: {}, expected)}


def council_cases(key="pk", *, x=MANAGE_X, y=MANAGE_Y) -> Cases:
    return {
        "council X": Case(lambda w: {key: w.council_x.pk}, x),
        "council Y": Case(lambda w: {key: w.council_y.pk}, y),
        "missing": Case(lambda w: {key: MISSING}, NOT_FOUND),
    }


def session_cases(attr: str, *, x=MANAGE_X, y=MANAGE_Y, key="pk") -> Cases:
    return {
        "council X": Case(lambda w: {key: getattr(w.x, attr).pk}, x),
        "council Y": Case(lambda w: {key: getattr(w.y, attr).pk}, y),
        "missing": Case(lambda w: {key: MISSING}, NOT_FOUND),
    }


def child_cases(
    parent: Callable, child: Callable, child_key: str, *, x=MANAGE_X, y=MANAGE_Y, mixed=MIXED_MANAGE, post_only=False
):
    """URLs with a parent (``pk``) and a child object: the child of another council under this parent is not found."""
    get = _post_only if post_only else (lambda codes: codes)
    post = mixed if post_only else None
    # A POST-only view says 405 to a GET once the parent's permission passes, before it looks for the child.
    get_mixed = tuple(405 if code == 404 else code for code in mixed) if post_only else mixed
    return {
        "council X": Case(lambda w: {"pk": parent(w, w.x).pk, child_key: child(w, w.x).pk}, get(x)),
        "council Y": Case(lambda w: {"pk": parent(w, w.y).pk, child_key: child(w, w.y).pk}, get(y)),
        "Y's under X": Case(lambda w: {"pk": parent(w, w.x).pk, child_key: child(w, w.y).pk}, get_mixed, post),
        "missing": Case(lambda w: {"pk": parent(w, w.x).pk, child_key: MISSING}, get_mixed, post),
    }


DIRECTORY_MISSING = E("302 403 403 404 404 404")  # delegates are refused before anything is looked up


def directory_cases(obj: Callable) -> Cases:
    """Looking up the shared directory and adding to it: any council's staff, whatever council the object is of."""
    return {
        "institution A": Case(lambda w: {"pk": obj(w, "a").pk}, STAFF_ANY),
        "institution C": Case(lambda w: {"pk": obj(w, "c").pk}, STAFF_ANY),
        "missing": Case(lambda w: {"pk": MISSING}, DIRECTORY_MISSING),
    }


def directory_edit_cases(obj: Callable, *, guest: bool = False) -> Cases:
    """Changing an institution or its people, or linking a login: the staff of the councils where it sits.

    Staff of Y get 403 on A (seated only in X), and their POSTs change nothing; one that sits
    nowhere is any staff's; a guest seated nowhere is kept by the council that convened it.
    """
    cases = {
        "institution A (X)": Case(lambda w: {"pk": obj(w, "a").pk}, MANAGE_X),
        "institution B (X and Y)": Case(lambda w: {"pk": obj(w, "b").pk}, STAFF_ANY),
        "institution C (Y)": Case(lambda w: {"pk": obj(w, "c").pk}, MANAGE_Y),
        "sits nowhere": Case(lambda w: {"pk": obj(w, "free").pk}, STAFF_ANY),
        "missing": Case(lambda w: {"pk": MISSING}, DIRECTORY_MISSING),
    }
    if guest:
        cases["X's guest, seated nowhere"] = Case(lambda w: {"pk": w.x.guest.institution.pk}, MANAGE_X)
    return cases


def token_cases() -> Cases:
    return {
        "A's link in X": Case(lambda w: {"token": w.x.tokens["a"]}, PUBLIC),
        "B's link in Y": Case(lambda w: {"token": w.y.tokens["b"]}, PUBLIC),
        "altered": Case(lambda w: {"token": w.x.tokens["a"][:-3] + "xyz"}, E("400 400 400 400 400 400")),
    }


def _institution(w, key):
    return {"a": w.inst_a, "b": w.inst_b, "c": w.inst_c, "free": w.inst_free}[key]


def _person(w, key):
    return {"a": w.person_a, "b": w.seat_x_b.principal, "c": w.seat_y_c.principal, "free": w.person_free}[key]


def _api_token(w, role):
    """A token of the role's user, made on first use (the world has none)."""
    token = ApiToken.objects.filter(user=w.users[role], name="Matriz").first()
    if token is None:
        token, _plain = token_create(
            user=w.users[role], name="Matriz", scope="read", expires_at=timezone.now() + timedelta(days=30)
        )
    return token


def _webhook(w, council):
    """A webhook of the council, made on first use (the world has none)."""
    endpoint = WebhookEndpoint.objects.filter(council=council).first()
    return endpoint or webhook_create(council=council, url="https://a.gob.mx/", events=["session.held"], by=None)[0]


def _unit(w, key):
    return _institution(w, key).issuing_units.order_by("pk").first()


ROWS: dict[str, Cases] = {
    # --- The project's own pages ---
    "dashboard": plain(LOGGED_IN),
    "login": plain(E("200 302 302 302 302 302")),
    "logout": plain(E("405 405 405 405 405 405")),  # POST only (a button in the menu)
    "password_reset": plain(PUBLIC),
    "password_reset_done": plain(PUBLIC),
    "password_reset_confirm": {"bad link": Case(lambda w: {"uidb64": "MQ", "token": "no-vale"}, PUBLIC)},
    "password_reset_complete": plain(PUBLIC),
    # Two-factor sign-in, each user's own (the world's admin has an app; staff and delegates have none).
    # Without an app the second step leads on (delegates) or to enrolment (staff); app-only pages go to the account.
    "account:two_factor_verify": plain(E("302 302 302 302 302 200")),
    "account:security": plain(LOGGED_IN),
    "account:two_factor_enrol": plain(E("302 200 200 200 200 302")),  # the admin has an app already
    "account:recovery_codes": plain(E("302 302 302 302 302 200")),
    "account:recovery_codes_regenerate": plain(E("302 302 302 302 302 200")),
    "account:two_factor_disable": plain(E("302 302 302 302 302 200")),
    "privacy": plain(PUBLIC),
    # The public verification page of a published version: anyone, by its code; nothing for an unknown one.
    "verify_document": {
        "X's acta": Case(lambda w: {"code": w.x.published["minutes"].verification_code}, PUBLIC),
        "unknown code": Case(lambda w: {"code": "NOEXISTE22"}, E("404 404 404 404 404 404")),
    },
    "health": plain(PUBLIC),
    # Each user's API tokens (api/): their own only; anyone else's is not found.
    "api_tokens:list": plain(LOGGED_IN),
    "api_tokens:create": plain(LOGGED_IN),
    "api_tokens:revoke": {
        "staff of X's token": Case(lambda w: {"pk": _api_token(w, "staff_x").pk}, E("302 404 404 200 404 404")),
        "missing": Case(lambda w: {"pk": MISSING}, E("302 404 404 404 404 404")),
    },
    "api_not_found": plain(E("404 404 404 404 404 404")),  # a problem+json 404 for any other path under /api/
    # A council's webhooks (api/): its staff.
    "webhooks:list": council_cases("council_pk"),
    "webhooks:create": council_cases("council_pk"),
    "webhooks:rotate": {
        "council X": Case(lambda w: {"council_pk": w.council_x.pk, "pk": _webhook(w, w.council_x).pk}, MANAGE_X),
        "council Y": Case(lambda w: {"council_pk": w.council_y.pk, "pk": _webhook(w, w.council_y).pk}, MANAGE_Y),
        "Y's under X": Case(lambda w: {"council_pk": w.council_x.pk, "pk": _webhook(w, w.council_y).pk}, MIXED_MANAGE),
        "missing": Case(lambda w: {"council_pk": MISSING, "pk": MISSING}, NOT_FOUND),
    },
    # --- Councils ---
    "council:list": plain(STAFF_ANY),
    "council:create": plain(ADMIN_ONLY),
    "council:detail": council_cases(x=VIEW_X, y=VIEW_Y),
    "council:edit": council_cases(),
    "council:seat_create": council_cases(),
    "council:seat_edit": child_cases(lambda w, c: c.council, lambda w, c: c.council.seats.first(), "seat_pk"),
    "council:seat_archive": child_cases(lambda w, c: c.council, lambda w, c: c.council.seats.first(), "seat_pk"),
    "council:seat_import": council_cases(),  # another council's staff are refused its seat import
    "council:seat_import_confirm": council_cases(x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    "council:seat_import_template": council_cases(),
    "council:seat_export": council_cases(),
    "council:group_create": council_cases(),
    "council:group_edit": child_cases(lambda w, c: c.council, lambda w, c: c.group, "group_pk"),
    "attendance:stats": council_cases(),
    "attendance:csv": council_cases(),
    "council:history": council_cases(),
    # --- Directory ---
    "members:institution_list": plain(STAFF_ANY),
    "members:institution_create": plain(STAFF_ANY),
    "members:directory_search": plain(STAFF_ANY),  # the pickers' search: any secretariat, never a delegate
    # Importing adds to the shared directory like the forms do; rows changing what others keep are refused.
    "members:import": plain(STAFF_ANY),
    "members:import_confirm": plain(_post_only(STAFF_ANY)),
    "members:import_template": plain(STAFF_ANY),
    "members:export": plain(STAFF_ANY),
    "members:institution_detail": directory_cases(_institution),
    "members:institution_edit": directory_edit_cases(_institution, guest=True),
    "members:person_create": directory_cases(_institution),  # adding people stays open, like institutions
    "members:person_edit": directory_edit_cases(_person),
    "members:person_account": directory_edit_cases(_person),
    # Its letterheads are kept like its data: staff of Y get 403 on A's units (A sits only in X).
    "members:issuing_unit_create": directory_edit_cases(_institution, guest=True),
    "members:issuing_unit_edit": directory_edit_cases(_unit),
    "members:issuing_unit_archive": directory_edit_cases(_unit),
    # --- Sessions ---
    "sessions_app:list": plain(STAFF_ANY),
    "sessions_app:calendar_month": {
        "this month": Case(lambda w: {}, LOGGED_IN),
        "a month": Case(lambda w: {"year": 2024, "month": 10}, LOGGED_IN),
        "no such month": Case(lambda w: {"year": 2024, "month": 13}, NOT_FOUND),
    },
    "sessions_app:feed": {
        "X's feed": Case(lambda w: {"token": w.council_x.feed_token}, PUBLIC),  # the secret address is the key
        "wrong secret": Case(lambda w: {"token": "no-existe"}, E("404 404 404 404 404 404")),
    },
    "sessions_app:feed_rotate": council_cases("council_pk"),
    "sessions_app:create": council_cases("council_pk"),
    "sessions_app:record": council_cases("council_pk"),
    "sessions_app:correct_times": session_cases("held"),
    "sessions_app:detail": session_cases("held", x=VIEW_X, y=VIEW_Y),
    "sessions_app:history": session_cases("held"),
    "sessions_app:calendar": session_cases("upcoming", x=VIEW_X, y=VIEW_Y),
    "sessions_app:update": session_cases("upcoming"),
    "sessions_app:status": {
        "council X": Case(lambda w: {"pk": w.x.upcoming.pk, "action": "cancel"}, MANAGE_X),
        "council Y": Case(lambda w: {"pk": w.y.upcoming.pk, "action": "cancel"}, MANAGE_Y),
        "no such action": Case(lambda w: {"pk": w.x.upcoming.pk, "action": "destruir"}, MIXED_MANAGE),
        "missing": Case(lambda w: {"pk": MISSING, "action": "cancel"}, NOT_FOUND),
    },
    # Convocation (staff).
    "sessions_app:convene": session_cases("upcoming"),
    "sessions_app:guest_add": session_cases(  # GET goes back to the convocation page
        "upcoming", x=E("302 403 403 302 403 302"), y=E("302 403 403 403 302 302")
    ),
    "sessions_app:guest_withdraw": session_cases("guest"),
    "sessions_app:attendance_live": session_cases("upcoming"),
    "sessions_app:attendance_live_panel": session_cases("upcoming"),
    "sessions_app:reminders_send": session_cases("upcoming", x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    "sessions_app:invitation_resend": session_cases("guest", x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    "sessions_app:proposals": session_cases("upcoming"),
    "sessions_app:proposal_validate": session_cases("proposal"),
    # On the day (staff).
    "sessions_app:checkin": session_cases("held"),
    "sessions_app:invitation_check_in": {
        "council X": Case(lambda w: {"pk": w.x.held_invitations["a"].pk}, _post_only(MANAGE_X)),
        "council Y": Case(lambda w: {"pk": w.y.held_invitations["b"].pk}, _post_only(MANAGE_Y)),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "sessions_app:invitation_arrival": {
        "council X": Case(lambda w: {"pk": w.x.held_invitations["a"].pk}, _post_only(MANAGE_X)),
        "council Y": Case(lambda w: {"pk": w.y.held_invitations["b"].pk}, _post_only(MANAGE_Y)),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "sessions_app:invitation_undo_check_in": {
        "council X": Case(lambda w: {"pk": w.x.held_invitations["a"].pk}, MANAGE_X),
        "council Y": Case(lambda w: {"pk": w.y.held_invitations["b"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "sessions_app:quorum_declare": session_cases("held", x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    # Answering: the personal link needs no login (the signed token is the permission).
    "sessions_app:answer": token_cases(),
    "sessions_app:answer_calendar": token_cases(),
    "sessions_app:answer_agenda": token_cases(),
    "sessions_app:invitation_answer": {
        "A's in X": Case(lambda w: {"pk": w.x.invitations["a"].pk}, OWN_X_A),
        "B's in X": Case(lambda w: {"pk": w.x.invitations["b"].pk}, OWN_X_B),
        "B's in Y": Case(lambda w: {"pk": w.y.invitations["b"].pk}, VIEW_Y),
        "C's in Y": Case(lambda w: {"pk": w.y.invitations["c"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    # An answer given to the secretariat (by phone, by letter), recorded by the council's staff.
    "sessions_app:invitation_answer_staff": {
        "A's in X": Case(lambda w: {"pk": w.x.invitations["a"].pk}, MANAGE_X),
        "B's in Y": Case(lambda w: {"pk": w.y.invitations["b"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    # The orden del día.
    "sessions_app:agenda": session_cases("upcoming"),
    "sessions_app:agenda_item_create": session_cases("upcoming"),
    "sessions_app:agenda_reorder": session_cases("upcoming", x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    "sessions_app:agenda_times": session_cases("upcoming", x=_post_only(MANAGE_X), y=_post_only(MANAGE_Y)),
    "sessions_app:agenda_item_update": child_cases(lambda w, c: c.upcoming, lambda w, c: c.upcoming_item, "item_pk"),
    "sessions_app:agenda_item_delete": child_cases(lambda w, c: c.upcoming, lambda w, c: c.upcoming_item, "item_pk"),
    "sessions_app:agenda_item_move": child_cases(
        lambda w, c: c.upcoming,
        lambda w, c: c.upcoming_item,
        "item_pk",
        post_only=True,
    ),
    "sessions_app:annexes": child_cases(lambda w, c: c.held, lambda w, c: c.annexed, "item_pk"),
    "sessions_app:annex_archive": child_cases(lambda w, c: c.held, lambda w, c: c.annex, "document_pk"),
    "sessions_app:annex_download": child_cases(
        lambda w, c: c.held, lambda w, c: c.annex, "document_pk", x=VIEW_X, y=VIEW_Y, mixed=MIXED_VIEW
    ),
    "sessions_app:item_notes": child_cases(lambda w, c: c.held, lambda w, c: c.voted, "item_pk"),
    "sessions_app:vote": child_cases(lambda w, c: c.held, lambda w, c: c.voted, "item_pk"),
    # Official documents: delegates convened get the agenda and their convocation; the rest is the staff's.
    "sessions_app:document": {
        "X's agenda": Case(lambda w: {"pk": w.x.held.pk, "slug": "orden-del-dia"}, VIEW_X),
        "Y's agenda": Case(lambda w: {"pk": w.y.held.pk, "slug": "orden-del-dia"}, VIEW_Y),
        "X's attendance list": Case(lambda w: {"pk": w.x.held.pk, "slug": "lista-de-asistencia"}, MANAGE_X),
        "no such document": Case(lambda w: {"pk": w.x.held.pk, "slug": "no-existe"}, MIXED_VIEW),
        "missing": Case(lambda w: {"pk": MISSING, "slug": "orden-del-dia"}, NOT_FOUND),
    },
    "sessions_app:document_publish": {
        "X's lista": Case(lambda w: {"pk": w.x.held.pk, "slug": "lista-de-asistencia"}, MANAGE_X),
        "Y's lista": Case(lambda w: {"pk": w.y.held.pk, "slug": "lista-de-asistencia"}, MANAGE_Y),
        "not published here": Case(lambda w: {"pk": w.x.held.pk, "slug": "acta"}, E("404 404 404 404 404 404")),
        "missing": Case(lambda w: {"pk": MISSING, "slug": "lista-de-asistencia"}, NOT_FOUND),
    },
    "sessions_app:published_document": {
        **child_cases(
            lambda w, c: c.held,
            lambda w, c: c.published["minutes"],
            "document_pk",
            x=VIEW_X,
            y=VIEW_Y,
            mixed=MIXED_VIEW,
        ),
        "X's attendance list": Case(
            lambda w: {"pk": w.x.held.pk, "document_pk": w.x.published["attendance"].pk}, MANAGE_X
        ),
        "an annex": Case(lambda w: {"pk": w.x.held.pk, "document_pk": w.x.annex.pk}, MIXED_VIEW),
    },
    # e.firma signatures: the presidency's and the technical secretariat's people of the council (A presides X,
    # B presides Y), on the latest published version of a signable kind; not staff nor admins as such.
    "sessions_app:document_sign": {
        "X's acta": Case(
            lambda w: {"pk": w.x.held.pk, "document_pk": w.x.published["minutes"].pk}, E("302 200 403 403 403 403")
        ),
        "X's attendance list": Case(
            lambda w: {"pk": w.x.held.pk, "document_pk": w.x.published["attendance"].pk}, E("302 200 403 403 403 403")
        ),
        "Y's acta": Case(
            lambda w: {"pk": w.y.held.pk, "document_pk": w.y.published["minutes"].pk}, E("302 403 200 403 403 403")
        ),
        "an annex (never published)": Case(lambda w: {"pk": w.x.held.pk, "document_pk": w.x.annex.pk}, NOT_FOUND),
        "Y's acta under X's session": Case(
            lambda w: {"pk": w.x.held.pk, "document_pk": w.y.published["minutes"].pk}, NOT_FOUND
        ),
        "missing": Case(lambda w: {"pk": MISSING, "document_pk": MISSING}, NOT_FOUND),
    },
    "sessions_app:documents_zip": session_cases("held"),
    # The acta.
    "sessions_app:minutes": session_cases("held", x=VIEW_X, y=VIEW_Y),
    "sessions_app:minutes_draft": session_cases("held"),
    "sessions_app:minutes_edit": session_cases("held"),
    "sessions_app:minutes_circulate": session_cases("held"),
    # Members comment: delegates of an institution convened to the session, not the staff.
    "sessions_app:minutes_comment": session_cases(
        "held", x=E("302 200 200 403 403 403"), y=E("302 403 200 403 403 403")
    ),
    "sessions_app:minutes_approve": child_cases(lambda w, c: c.upcoming, lambda w, c: c.minutes, "minutes_pk"),
    # The nota informativa: the council's staff only (a final version reaches delegates as a published document).
    "sessions_app:note": session_cases("held"),
    "sessions_app:note_create": {
        # The held session has its nota already: the staff are taken to it.
        **session_cases("held", x=E("302 403 403 302 403 302"), y=E("302 403 403 403 302 302")),
        "X's upcoming (no nota)": Case(lambda w: {"pk": w.x.upcoming.pk}, MANAGE_X),
    },
    "sessions_app:note_edit": {
        **session_cases("held"),
        "X's upcoming (no nota)": Case(lambda w: {"pk": w.x.upcoming.pk}, MIXED_MANAGE),
    },
    "sessions_app:note_redraft": {
        **session_cases("held"),
        "X's upcoming (no nota)": Case(lambda w: {"pk": w.x.upcoming.pk}, MIXED_MANAGE),
    },
    "sessions_app:note_final": session_cases("held"),
    "sessions_app:note_pdf": {
        **session_cases("held"),
        "X's upcoming (no nota)": Case(lambda w: {"pk": w.x.upcoming.pk}, MIXED_MANAGE),
    },
    # --- Agreements ---
    "agreements:mine": plain(DELEGATES_ONLY),
    "agreements:tracker": council_cases("council_pk"),
    "agreements:tracker_csv": council_cases("council_pk"),
    "agreements:tracker_pdf": council_cases("council_pk"),
    "agreements:create": session_cases("held"),
    "agreements:detail": {
        "A's in X": Case(lambda w: {"pk": w.x.agreements["a"].pk}, VIEW_X),
        "B's in X": Case(lambda w: {"pk": w.x.agreements["b"].pk}, VIEW_X),
        "B's in Y": Case(lambda w: {"pk": w.y.agreements["b"].pk}, VIEW_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "agreements:edit": {
        "council X": Case(lambda w: {"pk": w.x.agreements["a"].pk}, MANAGE_X),
        "council Y": Case(lambda w: {"pk": w.y.agreements["b"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    # Progress is reported by the responsible institution's delegates (or the staff).
    "agreements:report": {
        "A's in X": Case(lambda w: {"pk": w.x.agreements["a"].pk}, OWN_X_A),
        "B's in X": Case(lambda w: {"pk": w.x.agreements["b"].pk}, OWN_X_B),
        "B's in Y": Case(lambda w: {"pk": w.y.agreements["b"].pk}, VIEW_Y),
        "C's in Y": Case(lambda w: {"pk": w.y.agreements["c"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "agreements:status": {
        "council X": Case(lambda w: {"pk": w.x.agreements["a"].pk}, MANAGE_X),
        "council Y": Case(lambda w: {"pk": w.y.agreements["b"].pk}, MANAGE_Y),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
    "agreements:evidence": {
        "A's in X": Case(lambda w: {"pk": w.x.evidence["a"].pk}, VIEW_X),
        "C's in Y": Case(lambda w: {"pk": w.y.evidence["c"].pk}, E("302 403 200 403 200 200")),
        "missing": Case(lambda w: {"pk": MISSING}, NOT_FOUND),
    },
}


def test_every_url_has_a_row():
    """A URL without a row fails here, by name: add its row to ROWS saying who may open it."""
    missing = sorted(set(project_urls()) - set(ROWS))
    assert not missing, (
        "These URL names have no row in ROWS of tests/test_permission_matrix.py; add one per name with the "
        f"status each role gets on its own and on other councils' and institutions' objects: {', '.join(missing)}"
    )


def test_every_row_is_a_url():
    stale = sorted(set(ROWS) - set(project_urls()))
    assert not stale, f"Rows of ROWS for URL names that no longer exist: {', '.join(stale)}"


def test_every_pattern_of_a_name_is_tried(whole_world):
    """A name with several patterns (with and without arguments) has a case for each of their argument sets."""
    untried = []
    for name, patterns in project_urls().items():
        tried = [set(case.kwargs(whole_world)) for case in ROWS.get(name, {}).values()]
        for pattern in patterns:
            wanted = set(pattern.pattern.converters)
            if tried and wanted not in tried:
                untried.append(f"{name} with {sorted(wanted) or 'no arguments'}")
    assert not untried, f"No case tries: {'; '.join(untried)}"


# --- Requests ---------------------------------------------------------------------------------


# Plausible data for every form, so that a refused POST is refused for who sends it, not for what.
POST_DATA = {
    "reason": "Motivo de prueba",
    "title": "Título",
    "text": "Texto",
    "body": "Texto del acta",
    "answer": "confirmed",
    "direction": "up",
    "method": "unanimity",
    "notes": "Notas",
    "status": "fulfilled",
    "comments_due": "2099-01-01",
    "name": "Nombre",
    "short_name": "NN",
    "full_name": "Persona",
    "username": "nueva_cuenta",
    "email": "nueva@example.gob.mx",
    "call": "second",
}


def _is_refusal(role: str, code: int) -> bool:
    return code in (403, 404) or (role == "anonymous" and code == 302)


def _check(response, role: str, expected: int, *, post: bool = False) -> str | None:
    if post and expected in (403, 404) and response.status_code in (403, 404, 405):
        return None  # refused either way: a page that only answers GET may say 405 first
    if response.status_code != expected:
        where = f" -> {response.get('Location')}" if response.status_code in (301, 302) else ""
        return f"got {response.status_code}{where}, expected {expected}"
    if expected == 302:
        login = reverse("login")
        if role == "anonymous" and not response["Location"].startswith(login):
            return f"redirected to {response['Location']}, not to the login page"
        if role != "anonymous" and response["Location"].startswith(login):
            return "sent a logged-in user to the login page"
    return None


def _requests(world, name):
    """(case name, url, role, expected GET status, expected POST status or None) for each request of a row."""
    for case_name, case in ROWS[name].items():
        url = reverse(name, kwargs=case.kwargs(world))
        posts = case.post or case.expected
        for role, expected, post in zip(ROLES, case.expected, posts, strict=True):
            yield case_name, url, role, expected, (post if _is_refusal(role, post) else None)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_who_may_open_what(whole_world, name):
    """Each role gets the row's status on each case; refused roles are refused a POST too, and nothing changes."""
    problems = []
    before = database_fingerprint()
    for case_name, url, role, expected, post in _requests(whole_world, name):
        client = whole_world.clients[role]
        problem = _check(client.get(url), role, expected)
        if problem:
            problems.append(f"GET {name} [{case_name}] as {role}: {problem}  ({url})")
        if post is not None:
            problem = _check(client.post(url, POST_DATA), role, post, post=True)
            if problem:
                problems.append(f"POST {name} [{case_name}] as {role}: {problem}  ({url})")
    if database_fingerprint() != before:
        problems.append(
            f"{name}: rows changed by GETs and refused POSTs; the first to change them: {_culprit(whole_world, name)}"
        )
    assert not problems, "\n".join(problems)


def _culprit(world, name) -> str:
    """Replay the row's GETs and refused POSTs one by one to say which changed the database (slow; on failure only)."""
    for case_name, url, role, _expected, post in _requests(world, name):
        client = world.clients[role]
        for method in ("get", "post") if post is not None else ("get",):
            before = database_fingerprint()
            getattr(client, method)(url, POST_DATA) if method == "post" else client.get(url)
            if database_fingerprint() != before:
                return f"{method.upper()} [{case_name}] as {role} ({url})"
    return "none when replayed one by one"


# --- The privacy notice, linked from every page -----------------------------------------------

# HTML answers that are not pages but pieces swapped into one (which carries the link).
FRAGMENTS = {"sessions_app:attendance_live_panel": "htmx panel refreshed inside the live attendance page"}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_page_links_the_privacy_notice(whole_world, name):
    """Every HTML page anyone can reach (the answer link's pages included) links the aviso de privacidad."""
    if name in FRAGMENTS:
        pytest.skip(FRAGMENTS[name])
    link = f'href="{reverse("privacy")}"'
    pages = 0
    for case_name, case in ROWS[name].items():
        url = reverse(name, kwargs=case.kwargs(whole_world))
        for role, expected in zip(ROLES, case.expected, strict=True):
            if expected not in (200, 400, 403, 404, 410):
                continue
            response = whole_world.clients[role].get(url)
            if not response["Content-Type"].startswith("text/html"):
                break
            pages += 1
            assert link in response.content.decode(), f"{name} [{case_name}] as {role} does not link the privacy notice"
            break  # one role per case is enough: the link is in the layout
    if pages == 0:
        pytest.skip("no HTML page: a download, a feed or a redirect")

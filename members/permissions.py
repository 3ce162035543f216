"""Who the person behind a request is (the viewer), and who may keep the shared directory.

A request carries one ``Viewer`` (``request.viewer``, set by ``ViewerMiddleware``
after authentication): whether its user is a platform admin, on the staff of
which councils, and which institution they answer for. Each fact is read once
per request. Every permission rule of every app takes a viewer.

Who must sign in with a second factor (``must_use_two_factor``) is decided here
too, and ``TwoFactorMiddleware`` holds every page back until the session has
passed the second step (or enrolled, for those who must and have no device).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import SimpleLazyObject, cached_property
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.versions import kept_standing
from members.models import Institution, Person


class Viewer:
    """Who the user of one request is: platform admin, staff of which councils, delegate of which institution.

    Each fact is read on first use and kept for the rest of the request, never
    across requests. A check that reads several facts in one query (the
    session page's) may ``learn`` them ahead.
    """

    def __init__(self, user):
        self.user = user
        self._manages: dict[int, bool] = {}  # council id -> on its staff, learnt ahead of staff_council_ids
        self.invited_to: dict[int, bool] = {}  # session id -> the institution is convened to it, learnt ahead

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @cached_property
    def is_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active and self.user.is_superuser)

    @cached_property
    def staff_council_ids(self) -> frozenset[int]:
        """The councils whose secretariat the user belongs to (read with ``institution_id``, in one query, when
        neither is known yet: a page asks both, for its menu)."""
        if not self.user.is_authenticated:
            return frozenset()
        if "institution_id" not in self.__dict__:
            self.read_standing()
            return self.__dict__["staff_council_ids"]
        # Council.staff's reverse accessor: the directory knows councils only through it.
        return frozenset(self.user.staffed_councils.values_list("pk", flat=True))

    @cached_property
    def staff_anywhere(self) -> bool:
        """A platform admin, or on the staff of some council (the workspace's menu)."""
        return self.is_admin or bool(self.staff_council_ids)

    @cached_property
    def person(self) -> Person | None:
        """The active Person linked to the user, or None."""
        if not self.user.is_authenticated:
            return None
        return Person.objects.filter(user=self.user, is_active=True).first()

    @cached_property
    def institution_id(self) -> int | None:
        """The institution the user answers for, if any (read with ``staff_council_ids`` when neither is known)."""
        if self.user.is_authenticated and not {"person", "staff_council_ids"} & self.__dict__.keys():
            self.read_standing()
            return self.__dict__["institution_id"]
        return self.person.institution_id if self.person else None

    def manages(self, council_id: int) -> bool:
        """A platform admin, or on the staff of that council."""
        if self.is_admin:
            return True
        if "staff_council_ids" not in self.__dict__ and council_id in self._manages:
            return self._manages[council_id]
        return council_id in self.staff_council_ids

    def learn(self, *, council_id: int, manages: bool, staff_anywhere: bool, institution_id: int | None) -> None:
        """Keep facts read together elsewhere (``sessions_app.permissions.session_access``)."""
        self._manages[council_id] = manages
        self.__dict__.setdefault("staff_anywhere", staff_anywhere)
        self.__dict__.setdefault("institution_id", institution_id)

    def read_standing(self) -> None:
        """Read ``staff_council_ids`` and ``institution_id`` together, ahead, for a read that asks both (a list
        of what the user may see): one round trip, in plain SQL, where the ORM built two queries (a millisecond
        of CPU on each of the API's list requests), kept under the access version (``core.versions.kept_standing``:
        a cache round trip while no council, directory or staff changes). Facts already known are kept."""
        if not self.user.is_authenticated or {"staff_council_ids", "institution_id"} & self.__dict__.keys():
            return
        council_ids, institution_id = kept_standing(f"standing:user:{self.user.pk}", self._standing_row)
        self.__dict__.update(staff_council_ids=frozenset(council_ids), institution_id=institution_id)

    def _standing_row(self) -> tuple[tuple[int, ...], int | None]:
        staff = self.user._meta.get_field("staffed_councils").field  # Council.staff, seen from the user
        person = Person._meta
        sql = (
            f"SELECT 1, {staff.m2m_column_name()} FROM {staff.m2m_db_table()} "  # noqa: S608 - see below
            f"WHERE {staff.m2m_reverse_name()} = %s "
            f"UNION ALL SELECT 2, {person.get_field('institution').column} FROM {person.db_table} "
            f"WHERE {person.get_field('user').column} = %s AND {person.get_field('is_active').column}"
        )  # the names are the models' own; the one value is a parameter; plain SQL both PostgreSQL and SQLite run
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.user.pk, self.user.pk])
            rows = cursor.fetchall()
        council_ids = tuple(sorted(value for kind, value in rows if kind == 1))
        institution_id = next((value for kind, value in rows if kind == 2), None)  # a user has one person at most
        return council_ids, institution_id


def as_viewer(who) -> Viewer:
    """The viewer itself, or a new viewer of a user (background work, the shell, tests)."""
    return who if isinstance(who, Viewer) else Viewer(who)


def viewer_of(request) -> Viewer:
    """The request's viewer (``ViewerMiddleware`` sets it; a request built without the middleware gets one here)."""
    if not hasattr(request, "viewer"):
        request.viewer = Viewer(request.user)
    return request.viewer


class ViewerMiddleware:
    """Gives each request its ``request.viewer``, read lazily (after ``AuthenticationMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: Viewer(request.user))
        return self.get_response(request)


def must_use_two_factor(viewer) -> bool:
    """Whether the user must sign in with a second factor: those who sign or publish documents.

    The staff of a council approve its actas and make its notas informativas
    final, and platform admins can do anything; a stolen password must not be
    enough to publish in a council's name. Everyone else may turn it on from
    their account page.
    """
    return as_viewer(viewer).staff_anywhere


def has_two_factor_device(user) -> bool:
    """Whether the user has confirmed an authenticator app (a TOTP device)."""
    return bool(user.is_authenticated) and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


# Set in the session by the second step (or by enrolling), and only there; logging in again starts without it.
TWO_FACTOR_SESSION_KEY = "two_factor_verified"


def two_factor_passed(request) -> None:
    """The session has passed the second step: a new session key (the session now grants more), marked verified."""
    request.session.cycle_key()
    request.session[TWO_FACTOR_SESSION_KEY] = True


def two_factor_forget(sender, request, user, **kwargs) -> None:
    """A password login (``user_logged_in``) starts unverified, whatever the session held before."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(TWO_FACTOR_SESSION_KEY, None)


def two_factor_step(request) -> str | None:
    """The step a logged-in session still owes before any page: ``"verify"``, ``"enrol"``, or None."""
    if not request.user.is_authenticated or request.session.get(TWO_FACTOR_SESSION_KEY):
        return None
    if has_two_factor_device(request.user):
        return "verify"
    if must_use_two_factor(viewer_of(request)):
        return "enrol"
    return None


class TwoFactorMiddleware:
    """Sends a logged-in session that owes the second step to it (or to enrolment) before any other page.

    Left open: the steps themselves, logging out, the language switch, the
    privacy notice and the health check (static files are served before the
    middleware). Django's admin is held back like every other page.
    """

    OPEN_VIEWS = frozenset(
        {"account:two_factor_verify", "account:two_factor_enrol", "logout", "set_language", "privacy", "health"}
    )
    STEP_VIEWS = {"verify": "account:two_factor_verify", "enrol": "account:two_factor_enrol"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in self.OPEN_VIEWS:
            return None
        step = two_factor_step(request)
        if step is None:
            return None
        return redirect_to_login(request.get_full_path(), self.STEP_VIEWS[step])


def can_use_directory(viewer) -> bool:
    """Who may look the directory up, add institutions, and add people to any institution.

    The directory is shared by every council: the same ministry and the same
    official sit in several councils, so the staff of any council and the
    platform admins search it and add to it, as the secretariats do today with
    their shared contact lists. Changing what is there is narrower: see
    ``editable_institutions``. Delegates may not use it: they answer only for
    their own institution, through their invitations.
    """
    return as_viewer(viewer).staff_anywhere


def editable_institutions(viewer) -> QuerySet[Institution]:
    """The institutions whose data and people the viewer may change, and whose people they may link to a login.

    An institution is kept by the staff of the councils that reach it:

    - those where it holds a current seat (archived and future seats do not count);
    - if it sits nowhere, those whose sessions it was convened to: a guest body,
      or a former member, whose delegates still see those sessions;
    - if neither, nobody's yet (just registered): any council's staff may build
      it, until it takes a seat or is convened.

    Seats come first, so convening a seated institution as a guest to one of
    your sessions gives no rights over it. Platform admins keep everything.
    The directory reaches seats and invitations through the relations the
    other apps declare on ``Institution`` (``seats``, ``invitations``), never by
    importing them.
    """
    viewer = as_viewer(viewer)
    if viewer.is_admin:
        return Institution.objects.all()
    if not viewer.staff_anywhere:
        return Institution.objects.none()
    mine = viewer.staff_council_ids
    seats = Institution._meta.get_field("seats").related_model.objects.active().filter(institution=OuterRef("pk"))
    invitations = Institution._meta.get_field("invitations").related_model.objects.filter(institution=OuterRef("pk"))
    return Institution.objects.filter(
        Exists(seats.filter(council_id__in=mine))
        | (~Exists(seats) & (Exists(invitations.filter(session__council_id__in=mine)) | ~Exists(invitations)))
    )


def can_edit_institution(viewer, institution: Institution) -> bool:
    """Whether the viewer may change the institution and its people (see ``editable_institutions``)."""
    viewer = as_viewer(viewer)
    if viewer.is_admin:
        return True
    return viewer.staff_anywhere and editable_institutions(viewer).filter(pk=institution.pk).exists()


def can_edit_person(viewer, person: Person) -> bool:
    """Whether the viewer may change the person or link them to a login: their institution's keepers may."""
    return can_edit_institution(viewer, person.institution)


class ViewerRequiredMixin(LoginRequiredMixin):
    """A logged-in view that may ask ``self.viewer`` who its user is; ``has_permission`` says who may enter."""

    @property
    def viewer(self) -> Viewer:
        return viewer_of(self.request)

    def has_permission(self) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DirectoryMixin(ViewerRequiredMixin):
    """Views of the directory of institutions and people: see ``can_use_directory``."""

    def has_permission(self) -> bool:
        return can_use_directory(self.viewer)


class InstitutionEditorMixin(DirectoryMixin):
    """Views that change one institution or one of its people: 403 unless ``can_edit_institution``.

    Subclasses say which institution (``get_edited_institution``); a missing one is a 404
    for the staff, while anyone else is refused before it is looked for.
    """

    def get_edited_institution(self) -> Institution:
        raise NotImplementedError

    def has_permission(self) -> bool:
        return super().has_permission() and can_edit_institution(self.viewer, self.get_edited_institution())

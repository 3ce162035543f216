"""Who may do what: the one permission module every view uses.

Roles:
- platform admin: a superuser; sees and manages everything;
- secretariat staff of a council: listed in ``Council.staff``; manage that council only;
- delegate: a ``Person`` linked to the user; sees the councils and sessions
  their institution sits in, and answers only for their institution.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from council.models import Council

# What a request has learnt about its user, kept on the user object (which lives as long as the request).
_STAFF_CACHE = "_sesiones_staff_council_ids"
_PERSON_CACHE = "_sesiones_person"
# Primed by ``session_access``, so that the checks below ask the database nothing more about that session.
_MANAGES_CACHE = "_sesiones_manages"  # {council id: on its staff}
_STAFF_ANYWHERE_CACHE = "_sesiones_staff_anywhere"
_INSTITUTION_CACHE = "_sesiones_institution_id"
_INVITED_CACHE = "_sesiones_invited"  # {session id: the user's institution is convened to it}


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def staff_council_ids(user) -> frozenset[int]:
    """The councils whose secretariat the user belongs to (cached on the user for the request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, _STAFF_CACHE):
        setattr(user, _STAFF_CACHE, frozenset(user.staffed_councils.values_list("pk", flat=True)))
    return getattr(user, _STAFF_CACHE)


def delegate_person(user):
    """The Person linked to the user, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _PERSON_CACHE):
        from members.models import Person

        setattr(user, _PERSON_CACHE, Person.objects.filter(user=user, is_active=True).first())
    return getattr(user, _PERSON_CACHE)


def delegate_institution_id(user) -> int | None:
    if not hasattr(user, _PERSON_CACHE) and hasattr(user, _INSTITUTION_CACHE):
        return getattr(user, _INSTITUTION_CACHE)
    person = delegate_person(user)
    return person.institution_id if person else None


def can_manage_council(user, council: Council) -> bool:
    if is_platform_admin(user):
        return True
    if not hasattr(user, _STAFF_CACHE) and council.pk in getattr(user, _MANAGES_CACHE, {}):
        return getattr(user, _MANAGES_CACHE)[council.pk]
    return council.pk in staff_council_ids(user)


def is_staff_anywhere(user) -> bool:
    if is_platform_admin(user):
        return True
    if not hasattr(user, _STAFF_CACHE) and hasattr(user, _STAFF_ANYWHERE_CACHE):
        return getattr(user, _STAFF_ANYWHERE_CACHE)
    return bool(staff_council_ids(user))


def managed_councils(user) -> QuerySet[Council]:
    """Councils the user manages: all for admins, the staffed ones for secretariat staff, none otherwise."""
    if is_platform_admin(user):
        return Council.objects.all()
    return Council.objects.filter(pk__in=staff_council_ids(user))


def can_create_council(user) -> bool:
    """Only a platform admin creates councils; their staff then keep them."""
    return is_platform_admin(user)


def can_edit_directory(user) -> bool:
    """Who may add and edit institutions and people, and link a person to a login.

    The directory is shared by every council: the same ministry and the same
    official sit in several councils, so the staff of any council and the
    platform admins keep it, as the secretariats do today with their shared
    contact lists. Delegates may not edit it: they answer only for their own
    institution, through their invitations.
    """
    return is_staff_anywhere(user)


def visible_councils(user) -> QuerySet[Council]:
    """Councils the user may look at: all for admins, staffed ones, and those their institution sits in."""
    councils = Council.objects.all()
    if is_platform_admin(user):
        return councils
    condition = Q(pk__in=staff_council_ids(user))
    institution_id = delegate_institution_id(user)
    if institution_id:
        condition |= Q(seats__institution_id=institution_id, seats__archived_at__isnull=True)
        condition |= Q(sessions__invitations__institution_id=institution_id)
    return councils.filter(condition).distinct()


def can_view_council(user, council: Council) -> bool:
    if can_manage_council(user, council):
        return True
    return visible_councils(user).filter(pk=council.pk).exists()


def visible_sessions(user):
    """Sessions the user may look at: their councils' for staff, their institution's invitations for delegates."""
    from sessions_app.models import Session

    sessions = Session.objects.all()
    if is_platform_admin(user):
        return sessions
    condition = Q(council_id__in=staff_council_ids(user))
    institution_id = delegate_institution_id(user)
    if institution_id:
        condition |= Q(invitations__institution_id=institution_id)
    return sessions.filter(condition).distinct()


def can_view_session(user, session) -> bool:
    if can_manage_council(user, session.council):
        return True
    institution_id = delegate_institution_id(user)
    if not institution_id:
        return False
    invited = getattr(user, _INVITED_CACHE, {})
    if session.pk in invited:
        return invited[session.pk]
    return session.invitations.filter(institution_id=institution_id).exists()


@dataclass(frozen=True)
class SessionAccess:
    """Where a user stands towards one session, as ``session_access`` reads it."""

    session_id: int
    council_id: int
    has_started: bool
    manages: bool  # platform admin, or on the staff of the session's council
    staff_anywhere: bool  # platform admin, or on the staff of some council (the menu of the workspace)
    institution_id: int | None  # the institution the user answers for, if any
    invited: bool  # that institution is convened to the session

    @property
    def can_view(self) -> bool:
        """The rule of ``can_view_session``."""
        return self.manages or bool(self.institution_id and self.invited)


@functools.cache
def _session_access_sql() -> str:
    """The query of ``session_access``, written from the models' tables and columns."""
    from django.db import connection

    from members.models import Person
    from sessions_app.models import Invitation, Session

    q = connection.ops.quote_name
    staff = Council._meta.get_field("staff")
    through, council_col, user_col = (
        q(staff.remote_field.through._meta.db_table),
        q(staff.m2m_column_name()),
        q(staff.m2m_reverse_name()),
    )
    session, person, invitation = (q(m._meta.db_table) for m in (Session, Person, Invitation))
    # Only quoted table and column names of our models are interpolated; every value is a parameter.
    return (
        f"SELECT {session}.{q('id')}, {session}.{q('council_id')}, {session}.{q('starts_at')} <= %s, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {through} WHERE {through}.{council_col} = {session}.{q('council_id')} "
        f"AND {through}.{user_col} = %s), "
        f"EXISTS (SELECT 1 FROM {through} WHERE {through}.{user_col} = %s), "
        f"{person}.{q('institution_id')}, "
        f"EXISTS (SELECT 1 FROM {invitation} WHERE {invitation}.{q('session_id')} = {session}.{q('id')} "
        f"AND {invitation}.{q('institution_id')} = {person}.{q('institution_id')}) "
        f"FROM {session} LEFT JOIN {person} ON {person}.{q('user_id')} = %s AND {person}.{q('is_active')} "
        f"WHERE {session}.{q('id')} = %s"
    )


def session_access(user, session_id) -> SessionAccess | None:
    """Where an authenticated user stands towards a session, in one light query; None if there is no such session.

    The answers are kept on the user for the rest of the request, so that
    ``can_manage_council``, ``is_staff_anywhere``, ``delegate_institution_id``
    and ``can_view_session`` ask nothing more about this session. They are
    read on every request, never cached across requests.

    Written in SQL (built from the models' metadata) rather than as an ORM
    query with four subqueries: compiling that one costs more CPU on every
    request than serving the whole cached session page.
    """
    from django.db import connection
    from django.utils import timezone

    from sessions_app.models import Session

    try:
        session_id = int(session_id)
    except (TypeError, ValueError):
        return None
    low, high = connection.ops.integer_field_range(Session._meta.pk.get_internal_type())
    if (low is not None and session_id < low) or (high is not None and session_id > high):
        return None  # no row holds it, and the driver would refuse it (the ORM's lookups answer "nothing" too)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_session_access_sql(), [now, user.pk, user.pk, user.pk, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    admin = is_platform_admin(user)
    access = SessionAccess(
        session_id=row[0],
        council_id=row[1],
        has_started=bool(row[2]),
        manages=admin or bool(row[3]),
        staff_anywhere=admin or bool(row[4]),
        institution_id=row[5],
        invited=bool(row[6]),
    )
    # request.user is a lazy proxy: read and set through getattr/setattr, which reach the user itself.
    setattr(user, _MANAGES_CACHE, {**getattr(user, _MANAGES_CACHE, {}), access.council_id: access.manages})
    setattr(user, _INVITED_CACHE, {**getattr(user, _INVITED_CACHE, {}), access.session_id: access.invited})
    setattr(user, _STAFF_ANYWHERE_CACHE, access.staff_anywhere)
    setattr(user, _INSTITUTION_CACHE, access.institution_id)
    return access


def can_download_annex(user, document) -> bool:
    """Annexes are for the session's staff and the delegates convened to it; archived ones for staff only."""
    if can_manage_council(user, document.session.council):
        return True
    return document.archived_at is None and can_view_session(user, document.session)


# The session documents a convened delegate may download; the rest are the secretariat's working papers.
DELEGATE_DOCUMENTS = ("orden-del-dia", "convocatoria")


def can_download_session_document(user, session, slug: str) -> bool:
    """Staff download every document of their council's sessions; a convened delegate the agenda and their letter."""
    if can_manage_council(user, session.council):
        return True
    return slug in DELEGATE_DOCUMENTS and can_view_session(user, session)


def can_download_published(user, document) -> bool:
    """Published documents (approved acta, final nota) are for staff and the delegates convened to the session."""
    if can_manage_council(user, document.session.council):
        return True
    return document.kind in ("minutes", "note") and can_view_session(user, document.session)


def can_answer_for(user, institution_id: int) -> bool:
    """A delegate answers only for their own institution."""
    return delegate_institution_id(user) == institution_id


class CouncilPermissionMixin(LoginRequiredMixin):
    """Base for views about one council: subclasses say which council and what access they need.

    ``permission`` is "view" (staff, admins and delegates whose institution sits
    in the council) or "manage" (staff of the council and admins).
    """

    permission = "view"

    def get_council(self) -> Council:
        raise NotImplementedError

    def has_council_permission(self, council: Council) -> bool:
        if self.permission == "manage":
            return can_manage_council(self.request.user, council)
        return can_view_council(self.request.user, council)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.council = self.get_council()
        if not self.has_council_permission(self.council):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SessionPermissionMixin(CouncilPermissionMixin):
    """Views about one session: delegates see only sessions their institution is convened to."""

    session_url_kwarg = "pk"

    def get_session(self):
        from django.shortcuts import get_object_or_404

        from sessions_app.models import Session

        return get_object_or_404(Session.objects.select_related("council"), pk=self.kwargs[self.session_url_kwarg])

    def get_council(self) -> Council:
        self.session = self.get_session()
        return self.session.council

    def has_council_permission(self, council: Council) -> bool:
        if self.permission == "manage":
            return can_manage_council(self.request.user, council)
        return can_view_session(self.request.user, self.session)


class SessionAccessMixin(LoginRequiredMixin):
    """Views about one session that may answer without reading it (a cached page): "view" or "manage".

    The permission comes from ``session_access`` (``self.access``), with the
    rules of ``SessionPermissionMixin``: 404 if there is no such session, then
    403 unless the user may see it (or manage it). ``self.session`` (with its
    council) and ``self.council`` are read on first use.
    """

    permission = "view"
    session_url_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        from django.http import Http404

        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = session_access(request.user, self.kwargs[self.session_url_kwarg])
        if self.access is None:
            raise Http404
        if not (self.access.manages if self.permission == "manage" else self.access.can_view):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def session(self):
        from django.shortcuts import get_object_or_404

        from sessions_app.models import Session

        return get_object_or_404(Session.objects.select_related("council"), pk=self.access.session_id)

    @cached_property
    def council(self) -> Council:
        return self.session.council


class StaffRequiredMixin(LoginRequiredMixin):
    """Views for any secretariat staff or admin (lists across the councils they manage)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_anywhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlatformAdminRequiredMixin(LoginRequiredMixin):
    """Views only a platform admin may use (creating a council)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create_council(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DirectoryEditorMixin(LoginRequiredMixin):
    """Views of the directory of institutions and people: see ``can_edit_directory``."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_edit_directory(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def can_answer_invitation(user, invitation) -> bool:
    """A delegate answers for their own institution; the council's staff may record an answer given to them."""
    return can_answer_for(user, invitation.institution_id) or can_manage_council(user, invitation.session.council)


class InvitationPermissionMixin(CouncilPermissionMixin):
    """Views about one invitation: "manage" for the council's staff, "answer" for its institution's delegates."""

    invitation_url_kwarg = "pk"

    def get_invitation(self):
        from django.shortcuts import get_object_or_404

        from sessions_app.models import Invitation

        return get_object_or_404(
            Invitation.objects.select_related("session__council", "institution", "invitee", "attendee", "seat"),
            pk=self.kwargs[self.invitation_url_kwarg],
        )

    def get_council(self) -> Council:
        self.invitation = self.get_invitation()
        self.session = self.invitation.session
        return self.session.council

    def has_council_permission(self, council: Council) -> bool:
        if self.permission == "answer":
            return can_answer_invitation(self.request.user, self.invitation)
        return super().has_council_permission(council)


class InvitationTokenMixin:
    """Views opened from the personal link of an e-mail, without login: the signed token is the permission.

    A token that cannot be used answers a page saying why, with its 4xx
    status (400 altered, 403 replaced, 404 unknown, 410 expired or session
    no longer answerable), and the view's body never runs.
    """

    token_url_kwarg = "token"  # noqa: S105 - a URL keyword, not a secret
    error_template_name = "sessions_app/answer_error.html"

    def dispatch(self, request, *args, **kwargs):
        from django.template.response import TemplateResponse

        from sessions_app.tokens import TokenError, invitation_from_token

        try:
            self.invitation = invitation_from_token(
                kwargs[self.token_url_kwarg],
                queryset=self.get_token_queryset(),
            )
        except TokenError as error:
            return TemplateResponse(request, self.error_template_name, {"error": error}, status=error.status)
        self.session = self.invitation.session
        self.council = self.session.council
        return super().dispatch(request, *args, **kwargs)

    def get_token_queryset(self):
        from sessions_app.models import Invitation

        return Invitation.objects.select_related(
            "session__council__secretariat_institution", "institution", "invitee", "attendee", "seat"
        )


# --- Agreements (acuerdos) ---


def can_view_agreement(user, agreement) -> bool:
    """Staff of the council and admins; delegates of a responsible institution or one convened to its session."""
    if can_manage_council(user, agreement.session.council):
        return True
    institution_id = delegate_institution_id(user)
    if not institution_id:
        return False
    return agreement.responsible.filter(pk=institution_id).exists() or can_view_session(user, agreement.session)


def can_report_on_agreement(user, agreement) -> bool:
    """Progress is reported by the delegates of a responsible institution, or by the council's staff."""
    if can_manage_council(user, agreement.session.council):
        return True
    institution_id = delegate_institution_id(user)
    return bool(institution_id) and agreement.responsible.filter(pk=institution_id).exists()


def can_set_agreement_status(user, agreement) -> bool:
    """Only the council's staff (and admins) mark an agreement fulfilled or cancelled, or reopen it."""
    return can_manage_council(user, agreement.session.council)


def can_see_institution_agreements(user) -> bool:
    """A delegate's "my institution's agreements" page needs an institution to answer for."""
    return delegate_institution_id(user) is not None


class AgreementPermissionMixin(LoginRequiredMixin):
    """Views about one agreement (URL ``pk``): ``permission`` is "view", "report" or "manage"."""

    permission = "view"
    agreement_url_kwarg = "pk"
    _checks = {
        "view": can_view_agreement,
        "report": can_report_on_agreement,
        "manage": can_set_agreement_status,
    }

    def get_agreement(self):
        from django.shortcuts import get_object_or_404

        from sessions_app.models import Agreement

        return get_object_or_404(
            Agreement.objects.select_related("session__council", "session__working_group", "agenda_item"),
            pk=self.kwargs[self.agreement_url_kwarg],
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agreement = self.get_agreement()
        self.session = self.agreement.session
        self.council = self.session.council
        if not self._checks[self.permission](request.user, self.agreement):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InstitutionDelegateMixin(LoginRequiredMixin):
    """Pages about the delegate's own institution: anyone else gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_see_institution_agreements(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Minutes (actas) ---


def can_read_minutes(user, minutes) -> bool:
    """The council's staff always; delegates of an institution convened to the session once it is circulated."""
    if can_manage_council(user, minutes.session.council):
        return True
    if minutes.status == minutes.Status.DRAFT:
        return False
    institution_id = delegate_institution_id(user)
    return bool(institution_id) and minutes.session.invitations.filter(institution_id=institution_id).exists()


def can_comment_on_minutes(user, session) -> bool:
    """Members comment on a circulated acta: delegates of an institution convened to the session."""
    institution_id = delegate_institution_id(user)
    return bool(institution_id) and session.invitations.filter(institution_id=institution_id).exists()


class MinutesPermissionMixin(SessionPermissionMixin):
    """Views about a session's acta: "view", "manage" (staff) or "comment" (delegates convened to it)."""

    def has_council_permission(self, council: Council) -> bool:
        if self.permission == "comment":
            return can_comment_on_minutes(self.request.user, self.session)
        return super().has_council_permission(council)

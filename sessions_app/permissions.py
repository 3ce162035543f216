"""Who may do what with sessions and what is recorded in them: invitations and answers, documents, agreements, actas.

Every rule takes the request's viewer (``members.permissions.Viewer``); the
council rules they build on are in ``council.permissions``. One mixin leads
from a session id to a page (``SessionAccessMixin``): one light query says
where the viewer stands towards the session before anything else is read.
"""

import datetime as dt
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import versions
from council.models import Council
from council.permissions import CouncilPermissionMixin, can_manage_council
from members.models import Person
from members.permissions import ViewerRequiredMixin, as_viewer
from sessions_app.models import Agreement, Document, DocumentSignature, Invitation, Session
from sessions_app.tokens import TokenError, invitation_from_token


def visible_sessions(viewer):
    """Sessions the user may look at: their councils' for staff, their institution's invitations for delegates."""
    viewer = as_viewer(viewer)
    sessions = Session.objects.all()
    if viewer.is_admin:
        return sessions
    condition = Q(council_id__in=viewer.staff_council_ids)
    if viewer.institution_id:
        condition |= Q(invitations__institution_id=viewer.institution_id)
    return sessions.filter(condition).distinct()


def can_view_session(viewer, session) -> bool:
    viewer = as_viewer(viewer)
    if viewer.manages(session.council_id):
        return True
    if not viewer.institution_id:
        return False
    if session.pk in viewer.invited_to:
        return viewer.invited_to[session.pk]
    return session.invitations.filter(institution_id=viewer.institution_id).exists()


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
        f"SELECT {session}.{q('id')}, {session}.{q('council_id')}, {session}.{q('starts_at')}, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {through} WHERE {through}.{council_col} = {session}.{q('council_id')} "
        f"AND {through}.{user_col} = %s), "
        f"EXISTS (SELECT 1 FROM {through} WHERE {through}.{user_col} = %s), "
        f"{person}.{q('institution_id')}, "
        f"EXISTS (SELECT 1 FROM {invitation} WHERE {invitation}.{q('session_id')} = {session}.{q('id')} "
        f"AND {invitation}.{q('institution_id')} = {person}.{q('institution_id')}) "
        f"FROM {session} LEFT JOIN {person} ON {person}.{q('user_id')} = %s AND {person}.{q('is_active')} "
        f"WHERE {session}.{q('id')} = %s"
    )


def session_access(viewer, session_id) -> SessionAccess | None:
    """Where an authenticated user stands towards a session, in one light query; None if there is no such session.

    The viewer keeps the answers for the rest of the request, so that
    ``can_manage_council``, ``is_staff_anywhere``, ``delegate_institution_id``
    and ``can_view_session`` ask nothing more about this session. What the
    query read is kept under the access version (``core.versions.kept_standing``):
    until a council, the directory or a council's staff changes, the check
    asks the cache, not the database (an answer or a check-in changes none).

    Written in SQL (built from the models' metadata) rather than as an ORM
    query with four subqueries: compiling that one costs more CPU on every
    request than serving the whole cached session page.
    """
    viewer = as_viewer(viewer)
    try:
        session_id = int(session_id)
    except (TypeError, ValueError):
        return None
    low, high = connection.ops.integer_field_range(Session._meta.pk.get_internal_type())
    if (low is not None and session_id < low) or (high is not None and session_id > high):
        return None  # no row holds it, and the driver would refuse it (the ORM's lookups answer "nothing" too)
    user_id = viewer.user.pk
    row = versions.kept_standing(
        f"standing:session:{user_id}:{session_id}", lambda: _session_access_row(user_id, session_id)
    )
    if row is None:
        return None
    access = SessionAccess(
        session_id=row[0],
        council_id=row[1],
        has_started=row[2] <= timezone.now(),
        manages=viewer.is_admin or bool(row[3]),
        staff_anywhere=viewer.is_admin or bool(row[4]),
        institution_id=row[5],
        invited=bool(row[6]),
    )
    viewer.learn(
        council_id=access.council_id,
        manages=access.manages,
        staff_anywhere=access.staff_anywhere,
        institution_id=access.institution_id,
    )
    viewer.invited_to[access.session_id] = access.invited
    return access


def _session_access_row(user_id: int, session_id: int) -> tuple | None:
    """``session_access``'s query: the session, its council, its start (aware), on its council's staff, on some
    council's staff, the user's institution and whether it is convened; None if there is no such session."""
    with connection.cursor() as cursor:
        cursor.execute(_session_access_sql(), [user_id, user_id, user_id, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    starts_at = parse_datetime(row[2]) if isinstance(row[2], str) else row[2]  # SQLite's raw column is text
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, dt.UTC)  # stored in UTC (USE_TZ)
    return (row[0], row[1], starts_at, bool(row[3]), bool(row[4]), row[5], bool(row[6]))


# --- Documents ---


def can_download_annex(viewer, document) -> bool:
    """Annexes are for the session's staff and the delegates convened to it; archived ones for staff only."""
    if can_manage_council(viewer, document.session.council):
        return True
    return document.archived_at is None and can_view_session(viewer, document.session)


# The session documents a convened delegate may download; the rest are the secretariat's working papers.
DELEGATE_DOCUMENTS = ("orden-del-dia", "convocatoria")


def can_download_session_document(viewer, session, slug: str) -> bool:
    """Staff download every document of their council's sessions; a convened delegate the agenda and their letter."""
    if can_manage_council(viewer, session.council):
        return True
    return slug in DELEGATE_DOCUMENTS and can_view_session(viewer, session)


def can_download_published(viewer, document) -> bool:
    """Published documents (approved acta, final nota) are for staff and the delegates convened to the session."""
    if can_manage_council(viewer, document.session.council):
        return True
    return document.kind in ("minutes", "note") and can_view_session(viewer, document.session)


# The published documents that may be signed with an e.firma (sessions_app.services.signatures).
SIGNABLE_KINDS = (Document.Kind.MINUTES, Document.Kind.NOTE, Document.Kind.CONVOCATION, Document.Kind.ATTENDANCE)


def signs_for_council(viewer, council) -> bool:
    """The user answers for the council's presiding institution or its technical secretariat's.

    That is a Person linked to the account (``Person.user``) of one of those two institutions. Platform
    admins and other staff are not signers: a signature is a person's own act, with their own e.firma.
    """
    return signing_role(viewer, council) is not None


def signing_role(viewer, council) -> str | None:
    """For whom the user signs the council's documents (``DocumentSignature.Role``), or None: not a signer.

    A person of an institution that both presides and keeps the secretariat signs as the presidency.
    """
    viewer = as_viewer(viewer)
    institution_id = viewer.institution_id if viewer.is_authenticated else None
    if not institution_id:
        return None
    if institution_id == council.presiding_institution_id:
        return DocumentSignature.Role.PRESIDENCY
    if institution_id == council.secretariat_institution_id:
        return DocumentSignature.Role.SECRETARIAT
    return None


def presidency_signs(council) -> bool:
    """Someone can sign for the council's presidency: an active person of the presiding institution with an account."""
    return Person.objects.filter(
        institution_id=council.presiding_institution_id, is_active=True, user__is_active=True
    ).exists()


def presidency_signed(document) -> bool:
    """The version carries the presidency's signature: the one it added, or one of the versions it signed, back."""
    signatures = DocumentSignature.objects.filter(signed__session_id=document.session_id, signed__kind=document.kind)
    rows = signatures.values_list("signed_id", "document_id", "role")
    chain = {signed: (signed_from, role) for signed, signed_from, role in rows}
    current = document.pk
    while current in chain:
        current, role = chain[current]
        if role == DocumentSignature.Role.PRESIDENCY:
            return True
    return False


def sign_refusal(viewer, document) -> str | None:
    """Why the user may not sign this published version now (in Spanish), or None: the session page, the signing
    page and ``document_sign`` ask it.

    A signer of the council (``signing_role``) signs the latest published version of a signable kind. The
    signatures go one after the other, the presidency's first: the technical secretariat signs a version that
    carries the presidency's signature, or alone when nobody can sign for the presidency (``presidency_signs``).
    """
    if document.kind not in SIGNABLE_KINDS or document.published_at is None or document.archived_at is not None:
        return str(_("Este documento no se firma con e.firma."))
    council = document.session.council
    role = signing_role(viewer, council)
    if role is None:
        return str(_("Solo la presidencia y la secretaría técnica del consejo firman sus documentos."))
    newer = Document.objects.filter(session_id=document.session_id, kind=document.kind, version__gt=document.version)
    if newer.exists():
        return str(_("Ya hay una versión más reciente de este documento: firme esa."))
    if role == DocumentSignature.Role.SECRETARIAT and not presidency_signed(document) and presidency_signs(council):
        return str(
            _(
                "Las firmas van en orden: primero la presidencia, después la secretaría técnica. "
                "Esta versión aún no tiene la firma de la presidencia."
            )
        )
    return None


def can_sign_document(viewer, document) -> bool:
    """The user may sign this published version now (``sign_refusal``)."""
    return sign_refusal(viewer, document) is None


# --- Invitations and answers ---


def can_answer_for(viewer, institution_id: int) -> bool:
    """A delegate answers only for their own institution."""
    return as_viewer(viewer).institution_id == institution_id


def can_answer_invitation(viewer, invitation) -> bool:
    """A delegate answers for their own institution; the council's staff may record an answer given to them."""
    return can_answer_for(viewer, invitation.institution_id) or can_manage_council(viewer, invitation.session.council)


# --- Agreements (acuerdos) ---


def can_view_agreement(viewer, agreement) -> bool:
    """Staff of the council and admins; delegates of a responsible institution or one convened to its session."""
    viewer = as_viewer(viewer)
    if can_manage_council(viewer, agreement.session.council):
        return True
    if not viewer.institution_id:
        return False
    return agreement.responsible.filter(pk=viewer.institution_id).exists() or can_view_session(
        viewer, agreement.session
    )


def can_report_on_agreement(viewer, agreement) -> bool:
    """Progress is reported by the delegates of a responsible institution, or by the council's staff."""
    viewer = as_viewer(viewer)
    if can_manage_council(viewer, agreement.session.council):
        return True
    return bool(viewer.institution_id) and agreement.responsible.filter(pk=viewer.institution_id).exists()


def can_set_agreement_status(viewer, agreement) -> bool:
    """Only the council's staff (and admins) mark an agreement fulfilled or cancelled, or reopen it."""
    return can_manage_council(viewer, agreement.session.council)


def can_see_institution_agreements(viewer) -> bool:
    """A delegate's "my institution's agreements" page needs an institution to answer for."""
    return as_viewer(viewer).institution_id is not None


# --- Minutes (actas) ---


def can_read_minutes(viewer, minutes) -> bool:
    """The council's staff always; delegates of an institution convened to the session once it is circulated."""
    viewer = as_viewer(viewer)
    if can_manage_council(viewer, minutes.session.council):
        return True
    if minutes.status == minutes.Status.DRAFT:
        return False
    return (
        bool(viewer.institution_id)
        and minutes.session.invitations.filter(institution_id=viewer.institution_id).exists()
    )


def can_comment_on_minutes(viewer, session) -> bool:
    """Members comment on a circulated acta: delegates of an institution convened to the session."""
    viewer = as_viewer(viewer)
    return bool(viewer.institution_id) and session.invitations.filter(institution_id=viewer.institution_id).exists()


# --- Views ---


class SessionAccessMixin(ViewerRequiredMixin):
    """Views about one session (URL ``pk``); ``permission`` is "view", "manage" or "comment".

    The permission comes from ``session_access`` (``self.access``): 404 if
    there is no such session, then 403 unless the user may see it ("view"),
    manage it ("manage": the council's staff and admins) or comment on its acta
    ("comment": delegates of an institution convened to it). ``self.session``
    (with its council) and ``self.council`` are read on first use, so a page
    served from the cache reads neither.
    """

    permission = "view"
    session_url_kwarg = "pk"

    def has_session_permission(self, access: SessionAccess) -> bool:
        if self.permission == "manage":
            return access.manages
        if self.permission == "comment":
            return bool(access.institution_id and access.invited)
        return access.can_view

    def has_permission(self) -> bool:
        self.access = session_access(self.viewer, self.kwargs[self.session_url_kwarg])
        if self.access is None:
            raise Http404
        return self.has_session_permission(self.access)

    @cached_property
    def session(self) -> Session:
        def load():
            return get_object_or_404(Session.objects.select_related("council"), pk=self.access.session_id)

        if isinstance(self, versions.CachedPageMixin):  # a kept page's live parts: kept under the content version
            return self.kept_object(versions.SESSION_KEY % self.access.session_id, load)
        return load()

    def page_kept_keys(self) -> list[str]:
        return [versions.SESSION_KEY % self.access.session_id]

    @cached_property
    def council(self) -> Council:
        return self.session.council


class InvitationPermissionMixin(CouncilPermissionMixin):
    """Views about one invitation: "manage" for the council's staff, "answer" for its institution's delegates."""

    invitation_url_kwarg = "pk"

    def get_invitation(self) -> Invitation:
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
            return can_answer_invitation(self.viewer, self.invitation)
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
        try:
            self.invitation = invitation_from_token(kwargs[self.token_url_kwarg])
        except TokenError as error:
            return TemplateResponse(request, self.error_template_name, {"error": error}, status=error.status)
        self.session = self.invitation.session
        return super().dispatch(request, *args, **kwargs)

    @functools.cached_property
    def council(self):
        """Read when a page is rendered: a page from the cache needs only the session's ``council_id``."""
        return self.session.council


class AgreementPermissionMixin(ViewerRequiredMixin):
    """Views about one agreement (URL ``pk``): ``permission`` is "view", "report" or "manage"."""

    permission = "view"
    agreement_url_kwarg = "pk"
    _checks = {
        "view": can_view_agreement,
        "report": can_report_on_agreement,
        "manage": can_set_agreement_status,
    }

    def get_agreement(self) -> Agreement:
        return get_object_or_404(
            Agreement.objects.select_related("session__council", "session__working_group", "agenda_item"),
            pk=self.kwargs[self.agreement_url_kwarg],
        )

    def has_permission(self) -> bool:
        self.agreement = self.get_agreement()
        self.session = self.agreement.session
        self.council = self.session.council
        return self._checks[self.permission](self.viewer, self.agreement)


class InstitutionDelegateMixin(ViewerRequiredMixin):
    """Pages about the delegate's own institution: anyone else gets a 403."""

    def has_permission(self) -> bool:
        return can_see_institution_agreements(self.viewer)

"""How an endpoint finds the record it is about, with the pages' own permission rules and the token's viewer."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.http import Http404

from council.models import Council
from council.permissions import can_manage_council, can_view_council
from sessions_app.models import Agreement, Session
from sessions_app.permissions import SessionAccess, session_access


def viewer_session_access(viewer, session_id) -> SessionAccess:
    """``session_access`` read with the token's viewer: a service token's stays within its council. 404 if none."""
    access = session_access(viewer, session_id)
    if access is None:
        raise Http404
    return replace(access, manages=viewer.manages(access.council_id), institution_id=viewer.institution_id)


def session_for(request, session_id: int, *, manage: bool = False) -> tuple[Session, SessionAccess]:
    """The session, if the viewer may see it (or manage it: its council's staff); 404 if none, else 403."""
    access = viewer_session_access(request.viewer, session_id)
    if not (access.manages if manage else access.can_view):
        raise PermissionDenied
    session = Session.objects.select_related("council", "working_group").get(pk=access.session_id)
    return session, access


def council_for(request, council_id: int, *, manage: bool = False) -> Council:
    """The council, if the viewer may see it (or manage it); 404 if none, else 403."""
    council = Council.objects.select_related("presiding_institution", "secretariat_institution").filter(pk=council_id)
    council = council.first()
    if council is None:
        raise Http404
    allowed = can_manage_council(request.viewer, council) if manage else can_view_council(request.viewer, council)
    if not allowed:
        raise PermissionDenied
    return council


def agreement_for(request, agreement_id: int, check) -> Agreement:
    """The agreement, if ``check(viewer, agreement)`` (a rule of ``sessions_app.permissions``) allows; else 404/403."""
    agreement = (
        Agreement.objects.select_related("session__council", "session__working_group", "agenda_item")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404
    if not check(request.viewer, agreement):
        raise PermissionDenied
    return agreement

"""The day of the session (staff): the attendance register and each institution's check-in."""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core import versions
from core.submissions import create_once
from core.views import add_service_errors, service_error_text
from sessions_app.forms.checkin import ArrivalForm, CheckInForm
from sessions_app.models import Session
from sessions_app.permissions import InvitationPermissionMixin, SessionAccessMixin
from sessions_app.selectors.checkin import checkin_list, checkin_states
from sessions_app.selectors.quorum import quorum_and_gauge
from sessions_app.services import checkin

WALK_IN_FIELDS = ("honorific", "full_name", "post", "email")


ROW_TEMPLATE = "sessions_app/includes/_checkin_row.html"


def _without_errors(invitations):
    for invitation in invitations:
        invitation.error_form = invitation.arrival_form = None
        invitation.walk_in = False
    return invitations


def _checkin_context(session: Session, *, failed_pk: int | None = None, **errors) -> dict:
    """The register's context; after a refused form, its invitation carries the form (``error_form``, and
    ``walk_in`` when it was the walk-in form, or ``arrival_form``) so the row shows the errors beside the fields."""
    invitations = _without_errors(checkin_list(session=session))
    for invitation in invitations:
        if invitation.pk == failed_pk:
            for name, value in errors.items():
                setattr(invitation, name, value)
    return {**_register_context(session), "invitations": invitations}


def kept_rows(session: Session, *, content_version: str) -> tuple[list[int], str]:
    """The register's rows for a kept page: each row is rendered once per state of its invitation.

    A row shows the council's and the directory's data (``content_version``) and what answers and check-ins
    change in its invitation (``checkin_states``): after an arrival only that institution's row is rendered
    again. Rows hold the placeholders of a kept page (CSRF and form tokens), which each response replaces.
    """
    states = checkin_states(session=session)
    base = [versions.release(), content_version, get_language(), session.check_in_open, session.has_ended]
    keys = {
        state[0]: "fragments:checkin-row:" + hashlib.sha256(repr([*base, *state]).encode()).hexdigest()
        for state in states
    }
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        row = get_template(ROW_TEMPLATE)
        context = {
            "session": session,
            "is_open": session.check_in_open,
            "csrf_token": versions.CSRF_PLACEHOLDER,
            "page_placeholder": True,
        }
        rendered = {
            keys[invitation.pk]: row.render({**context, "invitation": invitation})
            for invitation in _without_errors(checkin_list(session=session, pks=missing))
        }
        cache.set_many(rendered, versions.FRAGMENT_TIMEOUT)
        found.update(rendered)
    return list(keys), mark_safe("".join(found[key] for key in keys.values()))


def _register_context(session: Session) -> dict:
    quorum, gauge = quorum_and_gauge(session=session, projected=False, second_call=session.call == Session.Call.SECOND)
    return {
        "session": session,
        "council": session.council,
        "quorum": quorum,
        "gauge": gauge,
        "is_open": session.check_in_open,
        "opens_at": session.check_in_opens_at,
        "can_second_call": session.call == Session.Call.FIRST and session.quorum_met is False,
    }


class CheckInView(SessionAccessMixin, versions.CachedPageMixin, TemplateView):
    """The tablet at the door: each institution with big buttons to mark who came.

    The whole page is cached (``core.versions.CachedPageMixin``) under the content version; the quorum card and
    the list, what each arrival changes, are its live parts, and each row of the list is kept by the state of
    its invitation (``kept_rows``): after an arrival only that row is rendered again.
    """

    permission = "manage"
    template_name = "sessions_app/session_checkin.html"
    page_live = True

    def page_council_id(self) -> int:
        return self.access.council_id

    def page_session_id(self) -> int:
        return self.access.session_id

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]  # the register opens a while before the start

    def get_context_data(self, **kwargs):
        if not self.page_placeholder:  # not kept (a flash message to show): rendered whole
            return super().get_context_data(**_checkin_context(self.session), **kwargs)
        session = self.session  # kept: the quorum card and the list are live parts (``live_parts``)
        return super().get_context_data(
            session=session,
            council=session.council,
            is_open=session.check_in_open,
            opens_at=session.check_in_opens_at,
            **kwargs,
        )

    def live_parts(self, names: list[str]) -> dict[str, str]:
        context = _register_context(self.session)
        parts = {}
        if "quorum" in names:
            parts["quorum"] = self.live_render("sessions_app/includes/_checkin_quorum.html", context)
        if "rows" in names:
            invitations, rows = kept_rows(self.session, content_version=self.content_version)
            parts["rows"] = self.live_render(
                "sessions_app/includes/_checkin_list.html", {**context, "invitations": invitations, "rows": rows}
            )
        return parts


class InvitationCheckInView(InvitationPermissionMixin, TemplateView):
    """Mark one institution present (titular, a suplente or a new person) at a time.

    Bad input re-renders the check-in page with the errors next to that institution.
    """

    permission = "manage"
    template_name = "sessions_app/session_checkin.html"
    http_method_names = ["post"]

    @create_once
    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST, invitation=self.invitation)
        if form.is_valid():
            try:
                invitation = checkin.invitation_check_in(invitation=self.invitation, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                params = {"i": invitation.institution, "p": invitation.attendee.display_name}
                messages.success(request, _("%(i)s: presente (%(p)s).") % params)
                return redirect(reverse("sessions_app:checkin", args=[self.session.pk]) + f"#inv-{invitation.pk}")
        walk_in = any(request.POST.get(name) for name in WALK_IN_FIELDS)
        context = _checkin_context(self.session, failed_pk=self.invitation.pk, error_form=form, walk_in=walk_in)
        return self.render_to_response(self.get_context_data(**context))


class InvitationUndoCheckInView(InvitationPermissionMixin, TemplateView):
    """Confirm, then undo a mistaken check-in."""

    permission = "manage"
    template_name = "sessions_app/invitation_confirm_undo_checkin.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, session=self.session, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            checkin.invitation_undo_check_in(invitation=self.invitation)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("Se deshizo el registro de %(i)s.") % {"i": self.invitation.institution})
        return redirect(reverse("sessions_app:checkin", args=[self.session.pk]) + f"#inv-{self.invitation.pk}")


class InvitationArrivalView(InvitationPermissionMixin, TemplateView):
    """Correct the time of arrival of an institution present (a tap stamps the moment; this says when it was).

    Bad input re-renders the check-in page with the error beside that institution's time.
    """

    permission = "manage"
    template_name = "sessions_app/session_checkin.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ArrivalForm(request.POST, invitation=self.invitation)
        if form.is_valid():
            try:
                checkin.invitation_set_arrival(invitation=self.invitation, arrived_at=form.arrival())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(i)s: se corrigió la hora de llegada.") % {"i": self.invitation.institution}
                )
                return redirect(reverse("sessions_app:checkin", args=[self.session.pk]) + f"#inv-{self.invitation.pk}")
        context = _checkin_context(self.session, failed_pk=self.invitation.pk, arrival_form=form)
        return self.render_to_response(self.get_context_data(**context))

"""The start page: upcoming and recent sessions, the secretariat's tasks, what awaits a delegate's answer."""

import hashlib

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core import versions
from council.permissions import can_manage_council, visible_councils
from sessions_app.selectors.agreements import institution_agreements_panel
from sessions_app.selectors.dashboard import (
    dashboard,
    dashboard_council_ids,
    pending_invitation_ids,
    pending_invitations,
    proposal_tasks,
    standing_tasks,
)
from sessions_app.views.live import session_count_parts


class DashboardView(LoginRequiredMixin, versions.CachedPageMixin, TemplateView):
    """Upcoming and recent sessions, and for delegates what awaits their answer.

    The whole page is cached (``core.versions.CachedPageMixin``) under the versions of the councils the user
    sees and of those where their institution answers for agreements, for the minute at most (what is
    upcoming, due or urgent changes with the time). What answers and check-ins change — the counts of each
    session, the secretariat's tasks (suplentes to validate), the invitations awaiting the delegate's answer —
    are live parts: only they are computed again after an answer.
    """

    template_name = "sessions_app/dashboard.html"
    page_live = True

    def page_council_ids(self) -> list[int]:
        return dashboard_council_ids(self.request.viewer)

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]

    def _pending_part(self) -> str:
        """The invitations awaiting the delegate's answer: which they are is read after each answer (one compiled
        query); the list of those is kept under the content version (sessions' titles, councils, dates)."""
        institution_id = self.request.viewer.institution_id
        ids = pending_invitation_ids(institution_id=institution_id)
        key = (
            "fragments:pending:"
            + hashlib.sha256(repr([self.content_version, get_language(), ids]).encode()).hexdigest()
        )
        html = cache.get(key)
        if html is None:
            # Read by the rule itself (the same queries whether any awaits or none), kept only if it is what the
            # ids said: an answer given in between is not kept under the ids of before.
            invitations = pending_invitations(institution_id=institution_id)
            html = self.live_render(
                "sessions_app/includes/_pending_invitations.html", {"pending_invitations": invitations}
            )
            if [invitation.pk for invitation in invitations] == ids:
                cache.set(key, html, versions.FRAGMENT_TIMEOUT)
        return html

    def _secretariat_tasks(self) -> list:
        """Suplentes to validate, then the standing tasks, kept under the content version (an answer leaves them)."""
        viewer = self.request.viewer
        key = f"{self.live_cache_key()}:standing-tasks"
        standing = cache.get(key)
        if standing is None or standing[0] != self.content_version:
            standing = (self.content_version, standing_tasks(user=viewer))
            cache.set(key, standing, versions.PAGE_TIMEOUT)
        return proposal_tasks(user=viewer) + standing[1]

    def _live_context(self) -> dict:
        viewer = self.request.viewer
        return {
            "pending_invitations": pending_invitations(institution_id=viewer.institution_id),
            "tasks": self._secretariat_tasks() if viewer.staff_anywhere else [],
        }

    def live_parts(self, names: list[str]) -> dict[str, str]:
        parts = session_count_parts(names)
        if "pending" in names:
            parts["pending"] = self._pending_part()
        if "tasks" in names:
            tasks = self._secretariat_tasks() if self.request.viewer.staff_anywhere else []
            parts["tasks"] = self.live_render("sessions_app/includes/_secretariat_tasks.html", {"tasks": tasks})
        return parts

    def get_context_data(self, **kwargs):
        viewer = self.request.viewer
        councils = list(visible_councils(viewer).select_related("secretariat_institution"))
        return super().get_context_data(
            councils=councils,
            # "Programar sesión" right from the start page, for each council the user keeps.
            schedulable=[council for council in councils if can_manage_council(viewer, council)],
            person=viewer.person,
            is_staff=viewer.staff_anywhere,
            **institution_agreements_panel(institution_id=viewer.institution_id),
            **dashboard(user=viewer),
            # Rendered here only when the page is not being kept: a kept page gets them as live parts.
            **({} if self.page_placeholder else self._live_context()),
            **kwargs,
        )

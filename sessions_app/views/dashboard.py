"""The start page: upcoming and recent sessions, the secretariat's tasks, what awaits a delegate's answer."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core import versions
from council.permissions import can_manage_council, visible_councils
from sessions_app.selectors.agreements import institution_agreement_councils, institution_agreements_panel
from sessions_app.selectors.dashboard import dashboard, pending_invitations, secretariat_tasks


class DashboardView(LoginRequiredMixin, versions.CachedPageMixin, TemplateView):
    """Upcoming and recent sessions, and for delegates what awaits their answer.

    The whole page is cached (``core.versions.CachedPageMixin``) under the versions of the councils the user
    sees and of those where their institution answers for agreements, for the minute at most (what is
    upcoming, due or urgent changes with the time).
    """

    template_name = "sessions_app/dashboard.html"

    def page_council_ids(self) -> list[int]:
        viewer = self.request.viewer
        return sorted(
            set(visible_councils(viewer).values_list("pk", flat=True))
            | set(institution_agreement_councils(institution_id=viewer.institution_id))
        )

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]

    def get_context_data(self, **kwargs):
        viewer = self.request.viewer
        councils = list(visible_councils(viewer).select_related("secretariat_institution"))
        return super().get_context_data(
            councils=councils,
            # "Programar sesión" right from the start page, for each council the user keeps.
            schedulable=[council for council in councils if can_manage_council(viewer, council)],
            person=viewer.person,
            is_staff=viewer.staff_anywhere,
            pending_invitations=pending_invitations(institution_id=viewer.institution_id),
            **institution_agreements_panel(institution_id=viewer.institution_id),
            **dashboard(user=viewer),
            tasks=secretariat_tasks(user=viewer) if viewer.staff_anywhere else [],
            **kwargs,
        )

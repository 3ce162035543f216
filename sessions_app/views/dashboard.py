"""The start page: upcoming and recent sessions, the secretariat's tasks, what awaits a delegate's answer."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from council.permissions import can_manage_council, visible_councils
from sessions_app.selectors.agreements import institution_agreements_panel
from sessions_app.selectors.dashboard import dashboard, pending_invitations, secretariat_tasks


class DashboardView(LoginRequiredMixin, TemplateView):
    """Upcoming and recent sessions, and for delegates what awaits their answer."""

    template_name = "sessions_app/dashboard.html"

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

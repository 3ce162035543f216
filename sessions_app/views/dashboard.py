"""The start page: upcoming and recent sessions, the secretariat's tasks, what awaits a delegate's answer."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from council.permissions import can_manage_council, delegate_person, is_staff_anywhere, visible_councils
from sessions_app.selectors.agreements import institution_agreements_panel
from sessions_app.selectors.dashboard import dashboard, pending_invitations, secretariat_tasks


class DashboardView(LoginRequiredMixin, TemplateView):
    """Upcoming and recent sessions, and for delegates what awaits their answer."""

    template_name = "sessions_app/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.viewer
        person = delegate_person(user)
        councils = list(visible_councils(user).select_related("secretariat_institution"))
        return super().get_context_data(
            councils=councils,
            # "Programar sesión" right from the start page, for each council the user keeps.
            schedulable=[council for council in councils if can_manage_council(user, council)],
            person=person,
            is_staff=is_staff_anywhere(user),
            pending_invitations=pending_invitations(institution_id=person.institution_id if person else None),
            **institution_agreements_panel(institution_id=person.institution_id if person else None),
            **dashboard(user=user),
            tasks=secretariat_tasks(user=user) if is_staff_anywhere(user) else [],
            **kwargs,
        )

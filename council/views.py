"""Pages about councils: the dashboard, a council's composition, the privacy notice."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from council import selectors
from council.models import Council
from council.permissions import (
    CouncilPermissionMixin,
    can_manage_council,
    delegate_person,
    is_staff_anywhere,
    visible_councils,
)
from sessions_app import selectors as session_selectors


class DashboardView(LoginRequiredMixin, TemplateView):
    """Upcoming and recent sessions, and for delegates what awaits their answer."""

    template_name = "council/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        person = delegate_person(user)
        return super().get_context_data(
            councils=list(visible_councils(user).select_related("secretariat_institution")),
            person=person,
            is_staff=is_staff_anywhere(user),
            pending_invitations=session_selectors.pending_invitations(
                institution_id=person.institution_id if person else None
            ),
            **session_selectors.dashboard(user=user),
            **kwargs,
        )


class CouncilDetailView(CouncilPermissionMixin, TemplateView):
    """A council's composition: members with vote, invited bodies, titulares and suplentes, working groups."""

    template_name = "council/council_detail.html"

    def get_council(self):
        return get_object_or_404(
            Council.objects.select_related("presiding_institution", "secretariat_institution"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            council=self.council,
            can_manage=can_manage_council(self.request.user, self.council),
            **selectors.council_detail(council=self.council),
            **kwargs,
        )


class PrivacyNoticeView(TemplateView):
    """The aviso de privacidad, simplified and full, open to everyone."""

    template_name = "pages/privacy.html"

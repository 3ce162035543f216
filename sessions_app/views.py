"""Pages about sessions."""

from django.views.generic import TemplateView

from council.permissions import SessionPermissionMixin, can_manage_council, delegate_institution_id
from sessions_app import selectors


class SessionDetailView(SessionPermissionMixin, TemplateView):
    """A session: its agenda, who is convened and how they answered, its agreements."""

    template_name = "sessions_app/session_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_manage = can_manage_council(user, self.council)
        institution_id = None if can_manage else delegate_institution_id(user)
        return super().get_context_data(
            session=self.session,
            council=self.council,
            can_manage=can_manage,
            **selectors.session_detail(session=self.session, institution_id=institution_id),
            **kwargs,
        )

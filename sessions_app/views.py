"""Pages about sessions: the session page, scheduling and its status moves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from council.models import Council
from council.permissions import (
    CouncilPermissionMixin,
    SessionPermissionMixin,
    can_manage_council,
    delegate_institution_id,
)
from sessions_app import selectors
from sessions_app.forms import RescheduleForm, SessionLogisticsForm, SessionScheduleForm, StatusReasonForm
from sessions_app.services.sessions import EDITABLE_STATUSES, session_create, session_update
from sessions_app.services.status import (
    ACTIONS,
    action_for,
    available_actions,
    session_transition,
    transition_check,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


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
            actions=available_actions(self.session) if can_manage else [],
            can_edit=can_manage and self.session.status in EDITABLE_STATUSES,
            **selectors.session_detail(session=self.session, institution_id=institution_id),
            **kwargs,
        )


class SessionCreateView(CouncilPermissionMixin, FormView):
    """Schedule a session of the council or of one of its working groups."""

    permission = "manage"
    form_class = SessionScheduleForm
    template_name = "sessions_app/session_form.html"

    def get_council(self):
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def form_valid(self, form):
        try:
            session = session_create(council=self.council, **form.logistics())
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Se programó la %(title)s. Su orden del día parte de la plantilla; revíselo antes de convocar.")
            % {"title": session.title},
        )
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)


class SessionUpdateView(SessionPermissionMixin, FormView):
    """Change the date, times, place and modality of a draft or convened session."""

    permission = "manage"
    form_class = SessionLogisticsForm
    template_name = "sessions_app/session_form.html"

    def get(self, request, *args, **kwargs):
        if self.session.status not in EDITABLE_STATUSES:
            messages.error(request, _("Solo se modifica la logística de una sesión en borrador o convocada."))
            return redirect(self.session)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return SessionLogisticsForm.initial_for(self.session)

    def form_valid(self, form):
        try:
            session = session_update(session=self.session, **form.logistics())
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se guardaron los cambios de la %(title)s.") % {"title": session.title})
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, session=self.session, **kwargs)


class SessionStatusView(SessionPermissionMixin, FormView):
    """One move of the status machine: a confirmation page (with a reason or a new date when needed), then the move."""

    permission = "manage"
    template_name = "sessions_app/session_status_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.action = None
        return super().dispatch(request, *args, **kwargs)

    def get_action(self):
        if self.kwargs["action"] not in ACTIONS:
            raise Http404
        return action_for(session=self.session, slug=self.kwargs["action"])

    def get_form_class(self):
        if self.action and self.action.needs_reason:
            return StatusReasonForm
        if self.action and self.action.needs_date:
            return RescheduleForm
        return None

    def get_form(self, form_class=None):
        form_class = self.get_form_class()
        return form_class(**self.get_form_kwargs()) if form_class else None

    def _refuse(self):
        try:
            transition_check(session=self.session, to=ACTIONS[self.kwargs["action"]].target)
            text = _("Esa acción no está disponible para esta sesión.")
        except ValidationError as error:
            text = _error_text(error)
        messages.error(self.request, text)
        return redirect(self.session)

    def get(self, request, *args, **kwargs):
        self.action = self.get_action()
        if self.action is None:
            return self._refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.action = self.get_action()
        if self.action is None:
            return self._refuse()
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.form_invalid(form)
        data = form.cleaned_data if form is not None else {}
        try:
            session = session_transition(
                session=self.session,
                to=self.action.target,
                reason=data.get("reason", ""),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                by=request.user,
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, _error_text(error))
                return redirect(self.session)
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(
            request,
            _("La %(title)s ahora está «%(status)s».")
            % {"title": session.title, "status": session.get_status_display()},
        )
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, session=self.session, action=self.action, **kwargs)

"""Session pages: the list, the session page, its history, scheduling, editing and status moves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from core import versions
from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import HistoryPageMixin, add_service_errors, service_error_text
from council.models import Council
from council.permissions import CouncilPermissionMixin, StaffRequiredMixin, is_staff_anywhere, managed_councils
from sessions_app import history
from sessions_app.documents.registry import available_documents
from sessions_app.filters import SessionFilter
from sessions_app.forms.records import CorrectTimesForm, RecordHeldForm
from sessions_app.forms.sessions import RescheduleForm, SessionEditForm, SessionScheduleForm, StatusReasonForm
from sessions_app.models import Session
from sessions_app.permissions import SIGNABLE_KINDS, SessionAccessMixin, sign_refusal, signs_for_council
from sessions_app.selectors.quorum import quorum_gauge, quorum_gauge_of_rows
from sessions_app.selectors.sessions import session_content, session_invitation_rows, session_years, sessions_for_staff
from sessions_app.services.records import session_correct_times, session_record_held, session_times_version
from sessions_app.services.sessions import session_create, session_update, session_version
from sessions_app.services.status import (
    ACTIONS,
    action_for,
    available_actions,
    session_transition,
    transition_check,
)
from sessions_app.views.live import session_count_parts


class SessionDetailView(SessionAccessMixin, versions.CachedPageMixin, TemplateView):
    """A session: its agenda, who is convened and how they answered, its agreements.

    The whole page is cached (``versions.CachedPageMixin``) after the permission check of every request, under
    the content version: the quorum card and the convened institutions, what answers and check-ins change, are
    its live parts, the only ones computed again after an answer.
    """

    template_name = "sessions_app/session_detail.html"
    page_live = True

    def viewer_scope(self) -> tuple[bool, int | None]:
        """Whether the user manages the session's council, and otherwise the institution they answer for."""
        return self.access.manages, None if self.access.manages else self.access.institution_id

    def page_viewer_parts(self) -> list:
        return [is_staff_anywhere(self.request.viewer)]

    def page_council_id(self) -> int:
        return self.access.council_id

    def page_session_id(self) -> int:
        return self.access.session_id

    def fragment_parts(self) -> list:
        """What the page's fragments depend on besides the versions: who looks, and facts that change with time."""
        can_manage, institution_id = self.viewer_scope()
        return [
            "staff" if can_manage else f"institution-{institution_id}",
            f"signer-{self.access.institution_id}",  # the e.firma buttons are for the presidency's and secretariat's
            self.access.has_started,  # the actions offered change when it starts
            timezone.localdate().isoformat(),  # agreements become overdue at midnight
        ]

    def page_cache_parts(self) -> list:
        # The whole page, for the minute at most: the register and the quorum open a while before the start.
        return [*self.fragment_parts(), versions.this_minute()]

    def get_context_data(self, **kwargs):
        can_manage, scope = self.viewer_scope()
        session = self.session
        return super().get_context_data(
            session=session,
            council=self.council,
            can_manage=can_manage,
            actions=available_actions(session) if can_manage else [],
            can_edit=can_manage and session.is_editable,
            # Only the documents the session has (an orden del día with items, a convocatoria to someone…).
            documents=(documents := [e for e in available_documents(session) if can_manage or not e.staff_only]),
            publishable=[entry.slug for entry in documents if can_manage and entry.publishable(session)],
            # The agenda, invitations and agreements are read only when their fragment is not in the cache:
            # its key says what the viewer may see (all, or their institution's) and what it was rendered from.
            # The invitations follow answers and check-ins (``fragment_key``); the rest does not (``content_key``).
            detail=(detail := SimpleLazyObject(lambda: session_content(session=session, institution_id=scope))),
            invitations=SimpleLazyObject(lambda: session_invitation_rows(session=session, institution_id=scope)),
            # The published versions this user may sign (read only when the page is rendered, not from the cache).
            signable=SimpleLazyObject(lambda: self.signable(detail["published"])),
            quorum_gauge=SimpleLazyObject(lambda: quorum_gauge(session=session)),
            fragment_timeout=versions.FRAGMENT_TIMEOUT,
            fragment_key=[self.fragment_version, *self.fragment_parts()],
            content_key=[self.content_version, *self.fragment_parts()],
            **kwargs,
        )

    def live_parts(self, names: list[str]) -> dict[str, str]:
        can_manage, scope = self.viewer_scope()
        session = self.session
        context = {"session": session, "can_manage": can_manage}
        parts = {}
        if "invitations" in names:
            context["invitations"] = session_invitation_rows(session=session, institution_id=scope)
            parts["invitations"] = self.live_render("sessions_app/includes/_session_invitations.html", context)
        if "quorum" in names:
            every_row = "invitations" in context and scope is None  # the staff's list: every invitation, read
            context["quorum_gauge"] = (
                quorum_gauge_of_rows(session=session, rows=context["invitations"])
                if every_row
                else quorum_gauge(session=session)
            )
            parts["quorum"] = self.live_render("sessions_app/includes/_session_quorum.html", context)
        return parts

    def signable(self, published) -> set[int]:
        """The published versions the user may sign with an e.firma (``sign_refusal``): at most the latest of each
        kind. On a latest version they may not sign yet, ``sign_note`` says why (the presidency signs first)."""
        if not signs_for_council(self.request.viewer, self.council):
            return set()
        latest = {}
        for document in published:  # newest first within each kind
            latest.setdefault(document.kind, document)
        allowed = set()
        for document in latest.values():
            if document.kind not in SIGNABLE_KINDS:
                continue
            document.session = self.session
            refusal = sign_refusal(self.request.viewer, document)
            if refusal is None:
                allowed.add(document.pk)
            else:
                document.sign_note = refusal
        return allowed


class SessionHistoryView(HistoryPageMixin, SessionAccessMixin, TemplateView):
    """Who changed what and when in a session: its data, agenda, invitations, votes, agreements, acta, documents."""

    permission = "manage"
    template_name = "sessions_app/session_history.html"

    def get_history_page(self):
        return history.session_history(session=self.session, page=self.request.GET.get("page", 1))

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, can_manage=True, **kwargs)


class SessionCreateView(CouncilPermissionMixin, CreateOnceMixin, FormView):
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
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Se programó la %(title)s. Su orden del día parte de la plantilla; revíselo antes de convocar.")
            % {"title": session.title},
        )
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)


class SessionUpdateView(ConcurrentEditMixin, SessionAccessMixin, FormView):
    """Change the date, times, place and modality of a draft or convened session; not over someone else's save."""

    permission = "manage"
    form_class = SessionEditForm
    template_name = "sessions_app/session_form.html"

    def get(self, request, *args, **kwargs):
        if not self.session.is_editable:
            messages.error(request, _("Solo se modifica la logística de una sesión en borrador o convocada."))
            return redirect(self.session)
        return super().get(request, *args, **kwargs)

    def get_edited(self) -> Session:
        return self.session

    def edited_version(self, edited: Session) -> str:
        return session_version(edited)

    def get_initial(self):
        return {**super().get_initial(), **SessionEditForm.initial_for(self.session)}

    def form_valid(self, form):
        try:
            session = session_update(session=self.session, version=form.read_version(), **form.logistics())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se guardaron los cambios de la %(title)s.") % {"title": session.title})
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, session=self.session, **kwargs)


class SessionStatusView(SessionAccessMixin, FormView):
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
            text = service_error_text(error)
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
        try:
            session = self.transition(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            return self.refused(form, error)
        text = _("La %(title)s ahora está «%(status)s».")
        messages.success(request, text % {"title": session.title, "status": session.get_status_display()})
        return redirect(session)

    def transition(self, data: dict) -> Session:
        return session_transition(
            session=self.session,
            to=self.action.target,
            reason=data.get("reason", ""),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            by=self.request.user,
        )

    def refused(self, form, error: ValidationError):
        """The service's refusal: on the form when the move has one, else as a message on the session page."""
        if form is None:
            messages.error(self.request, service_error_text(error))
            return redirect(self.session)
        add_service_errors(form, error)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, session=self.session, action=self.action, **kwargs)


class SessionListView(StaffRequiredMixin, versions.CachedPageMixin, FilterView):
    """The staff's sessions across the councils they manage: search, filters and pages of 25.

    Without a query string the whole page is cached (``core.versions.CachedPageMixin``) under the versions of
    the councils the user manages; after an answer or a check-in only the counts of each session are computed
    again (live parts).
    """

    template_name = "sessions_app/session_list.html"
    page_live = True
    filterset_class = SessionFilter
    paginate_by = 25
    strict = False

    def page_council_ids(self) -> list[int]:
        return list(managed_councils(self.request.viewer).values_list("pk", flat=True))

    def page_cache_parts(self) -> list:
        return [versions.this_minute()]

    def live_parts(self, names: list[str]) -> dict[str, str]:
        return session_count_parts(names)

    def get_queryset(self):
        return sessions_for_staff(self.request.viewer)

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "user": self.request.viewer,
            "years": session_years(self.request.viewer),
        }

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            query_string=query.urlencode(),
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            councils=list(managed_councils(self.request.viewer).order_by("short_name")),
            **kwargs,
        )


class SessionRecordView(CouncilPermissionMixin, CreateOnceMixin, FormView):
    """Record a session already held, on any past date: its attendance and quorum, without convening anyone."""

    permission = "manage"
    form_class = RecordHeldForm
    template_name = "sessions_app/session_record.html"

    def get_council(self):
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council, "viewer": self.request.viewer}

    def get_initial(self):
        # The body and date chosen, when record.js asks for the seats they convene (``RecordHeldForm.seats``).
        chosen = {name: self.request.GET[name] for name in ("working_group", "date") if self.request.GET.get(name)}
        return {**super().get_initial(), **chosen}

    def form_valid(self, form):
        try:
            session = session_record_held(council=self.council, by=self.request.user, **form.record())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Se registró la %(title)s como celebrada. Registre ahora lo tratado en cada punto y sus acuerdos.")
            % {"title": session.title},
        )
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)


class SessionCorrectTimesView(SessionAccessMixin, FormView):
    """Correct a held session's times: start and end, its quorum's, and each arrival's; not over someone's save."""

    permission = "manage"
    form_class = CorrectTimesForm
    template_name = "sessions_app/session_correct_times.html"

    def get(self, request, *args, **kwargs):
        if not self.session.times_correctable:
            messages.error(request, _("Solo se corrigen los horarios de una sesión celebrada."))
            return redirect(self.session)
        return super().get(request, *args, **kwargs)

    def present(self):
        if not hasattr(self, "_present"):
            self._present = list(
                self.session.invitations.filter(attended=True).select_related("institution").order_by("pk")
            )
        return self._present

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session, "present": self.present()}

    def get_initial(self):
        return {
            **CorrectTimesForm.initial_for(self.session, self.present()),
            "version": session_times_version(self.session, self.present()),
        }

    def form_valid(self, form):
        try:
            session = session_correct_times(session=self.session, version=form.read_version(), **form.times())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se corrigieron los horarios de la %(title)s.") % {"title": session.title})
        return redirect(session)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, session=self.session, **kwargs)

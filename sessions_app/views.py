"""Pages about sessions: the session page, scheduling and its status moves."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from core import versions
from core.uploads import safe_filename
from core.views import HistoryPageMixin, service_error_text
from council.models import Council
from council.permissions import (
    CouncilPermissionMixin,
    SessionAccessMixin,
    SessionPermissionMixin,
    StaffRequiredMixin,
    can_download_annex,
    is_staff_anywhere,
    managed_councils,
)
from sessions_app import history, selectors
from sessions_app.documents import DOCUMENTS
from sessions_app.filters import SessionFilter
from sessions_app.forms import (
    AgendaItemForm,
    AnnexForm,
    RescheduleForm,
    SessionLogisticsForm,
    SessionScheduleForm,
    StatusReasonForm,
)
from sessions_app.models import AgendaItem, Document
from sessions_app.services.agenda import (
    agenda_is_editable,
    agenda_item_create,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_item_version,
    agenda_reorder,
)
from sessions_app.services.annexes import annex_archive, annex_download_name, annex_upload
from sessions_app.services.feed import council_calendar, council_feed_rotate
from sessions_app.services.sessions import EDITABLE_STATUSES, session_create, session_update
from sessions_app.services.status import (
    ACTIONS,
    action_for,
    available_actions,
    session_transition,
    transition_check,
)


class SessionDetailView(SessionAccessMixin, versions.CachedPageMixin, TemplateView):
    """A session: its agenda, who is convened and how they answered, its agreements.

    The whole page is cached (``versions.CachedPageMixin``) after the permission check of every request.
    """

    template_name = "sessions_app/session_detail.html"

    def viewer(self) -> tuple[bool, int | None]:
        """Whether the user manages the session's council, and otherwise the institution they answer for."""
        return self.access.manages, None if self.access.manages else self.access.institution_id

    def page_viewer_parts(self) -> list:
        return [is_staff_anywhere(self.request.user)]

    def page_council_id(self) -> int:
        return self.access.council_id

    def page_cache_parts(self) -> list:
        can_manage, institution_id = self.viewer()
        return [
            "staff" if can_manage else f"institution-{institution_id}",
            self.access.has_started,  # the actions offered change when it starts
            timezone.localdate().isoformat(),  # agreements become overdue at midnight
        ]

    def get_context_data(self, **kwargs):
        can_manage, institution_id = self.viewer()
        session = self.session
        return super().get_context_data(
            session=session,
            council=self.council,
            can_manage=can_manage,
            actions=available_actions(session) if can_manage else [],
            can_edit=can_manage and session.status in EDITABLE_STATUSES,
            documents=[entry for entry in DOCUMENTS.values() if can_manage or not entry.staff_only],
            # The agenda, invitations and agreements are read only when their fragment is not in the cache:
            # its key says what the viewer may see (all, or their institution's) and what it was rendered from.
            detail=SimpleLazyObject(lambda: selectors.session_detail(session=session, institution_id=institution_id)),
            fragment_timeout=versions.FRAGMENT_TIMEOUT,
            fragment_key=[self.fragment_version, *self.page_cache_parts()],
            **kwargs,
        )


class SessionHistoryView(HistoryPageMixin, SessionPermissionMixin, TemplateView):
    """Who changed what and when in a session: its data, agenda, invitations, votes, agreements, acta, documents."""

    permission = "manage"
    template_name = "sessions_app/session_history.html"

    def get_history_page(self):
        return history.session_history(session=self.session, page=self.request.GET.get("page", 1))

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, can_manage=True, **kwargs)


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
                messages.error(request, service_error_text(error))
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


class AgendaMixin(SessionPermissionMixin):
    """Views of a session's orden del día: staff of its council only."""

    permission = "manage"

    def get_item(self) -> AgendaItem:
        return get_object_or_404(
            AgendaItem.objects.select_related("session"), pk=self.kwargs["item_pk"], session=self.session
        )

    def editor_url(self, item: AgendaItem | None = None) -> str:
        url = reverse("sessions_app:agenda", args=[self.session.pk])
        return f"{url}#punto-{item.pk}" if item else url

    def render_editor(self, status: int = 200):
        """The agenda list alone, for htmx to swap in after a reorder or a move."""
        return render(
            self.request,
            "sessions_app/includes/_agenda_editor.html",
            {**self.editor_context(), "partial": True},
            status=status,
        )

    def editor_context(self) -> dict:
        return {
            "session": self.session,
            "council": self.council,
            "schedule": selectors.agenda_schedule(session=self.session),
            "editable": agenda_is_editable(self.session),
        }


class AgendaEditorView(AgendaMixin, TemplateView):
    """The orden del día editor: the items in order with projected times, and a form to add one."""

    template_name = "sessions_app/agenda_editor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.editor_context(), form=AgendaItemForm(), **kwargs)


class AgendaItemCreateView(AgendaMixin, FormView):
    """Add a point to the orden del día; it goes before general matters and closing."""

    form_class = AgendaItemForm
    template_name = "sessions_app/agenda_item_form.html"

    def form_valid(self, form):
        try:
            item = agenda_item_create(session=self.session, **form.item_fields())
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se agregó el punto «%(title)s».") % {"title": item.title})
        return redirect(self.editor_url(item))

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, **kwargs)


class AgendaItemUpdateView(AgendaMixin, FormView):
    """Edit a point; a save made from an older reading of it is refused instead of overwriting."""

    form_class = AgendaItemForm
    template_name = "sessions_app/agenda_item_form.html"

    @cached_property
    def item(self) -> AgendaItem:
        return self.get_item()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.item
        kwargs["initial"] = {"version": agenda_item_version(self.item)}
        return kwargs

    def form_valid(self, form):
        try:
            item = agenda_item_update(item=self.item, version=form.cleaned_data["version"], **form.item_fields())
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se guardó el punto «%(title)s».") % {"title": item.title})
        return redirect(self.editor_url(item))

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, item=self.item, **kwargs)


class AgendaItemDeleteView(AgendaMixin, TemplateView):
    """Confirm, then remove a point that has no agreements or documents."""

    template_name = "sessions_app/agenda_item_confirm_delete.html"

    def get_context_data(self, **kwargs):
        item = self.get_item()
        return super().get_context_data(
            session=self.session,
            council=self.council,
            item=item,
            blocked=item.agreements.exists() or item.documents.exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        try:
            agenda_item_remove(item=item)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
            return redirect(self.editor_url(item))
        messages.success(request, _("Se eliminó el punto «%(title)s».") % {"title": item.title})
        return redirect(self.editor_url())


def _ids(values: list[str]) -> list[int] | None:
    try:
        return [int(value) for value in values]
    except (TypeError, ValueError):
        return None


class AgendaReorderView(AgendaMixin, View):
    """Save a new order (drag and drop): merges with items added or removed by someone else meanwhile."""

    def post(self, request, *args, **kwargs):
        order, seen = _ids(request.POST.getlist("order")), _ids(request.POST.getlist("seen"))
        if order is None or seen is None:
            return HttpResponseBadRequest(_("Orden no válido."))
        try:
            result = agenda_reorder(session=self.session, order=order, seen=seen)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            if result.merged:
                messages.warning(request, _merge_message(result))
            else:
                messages.success(request, _("Se guardó el nuevo orden."))
        if request.headers.get("HX-Request"):
            return self.render_editor()
        return redirect(self.editor_url())


def _merge_message(result) -> str:
    parts = []
    if result.added:
        titles = ", ".join(f"«{item.title}»" for item in result.added)
        parts.append(_("Otra persona agregó %(titles)s mientras usted ordenaba; quedó al final.") % {"titles": titles})
    if result.removed:
        parts.append(_("Otra persona eliminó puntos mientras usted ordenaba."))
    parts.append(_("Se guardó su orden; revíselo."))
    return " ".join(str(part) for part in parts)


class AgendaItemMoveView(AgendaMixin, View):
    """Move a point one place up or down: the keyboard's (and no-JavaScript) way to reorder."""

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        try:
            moved = agenda_item_move(item=item, direction=request.POST.get("direction", ""))
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            # Said aloud by screen readers (the messages are role="alert"), since the list moves silently.
            messages.success(
                request, _("«%(title)s» quedó en el lugar %(n)s.") % {"title": moved.title, "n": moved.order}
            )
        if request.headers.get("HX-Request"):
            return self.render_editor()
        return redirect(self.editor_url(item))


class AnnexListView(AgendaMixin, FormView):
    """The annexes of one point of the orden del día: upload, list, download and archive."""

    form_class = AnnexForm
    template_name = "sessions_app/annex_list.html"

    @cached_property
    def item(self) -> AgendaItem:
        return self.get_item()

    def form_valid(self, form):
        try:
            document = annex_upload(
                agenda_item=self.item,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                uploaded_by=self.request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se anexó «%(title)s».") % {"title": document.title})
        return redirect("sessions_app:annexes", pk=self.session.pk, item_pk=self.item.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            item=self.item,
            **selectors.item_annexes(item=self.item),
            **kwargs,
        )


class AnnexMixin:
    def get_document(self) -> Document:
        return get_object_or_404(
            Document.objects.select_related("session__council", "agenda_item"),
            pk=self.kwargs["document_pk"],
            session=self.session,
            kind=Document.Kind.ANNEX,
        )


class AnnexArchiveView(AnnexMixin, AgendaMixin, TemplateView):
    """Confirm, then archive an annex: it leaves the agenda, the file and its history stay."""

    template_name = "sessions_app/annex_confirm_archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, council=self.council, document=self.get_document(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        document = annex_archive(document=self.get_document())
        messages.success(request, _("Se archivó el anexo «%(title)s».") % {"title": document.title})
        return redirect("sessions_app:annexes", pk=self.session.pk, item_pk=document.agenda_item_id)


class AnnexDownloadView(AnnexMixin, SessionPermissionMixin, View):
    """Serve an annex as a download under its safe name, to the session's staff and convened delegates."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        if not can_download_annex(request.user, document):
            raise PermissionDenied
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("El archivo ya no está disponible.")) from missing
        return FileResponse(handle, as_attachment=True, filename=annex_download_name(document))


class SessionListView(StaffRequiredMixin, FilterView):
    """The staff's sessions across the councils they manage: search, filters and pages of 25."""

    template_name = "sessions_app/session_list.html"
    filterset_class = SessionFilter
    paginate_by = 25
    strict = False

    def get_queryset(self):
        return selectors.sessions_for_staff(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "user": self.request.user,
            "years": selectors.session_years(self.request.user),
        }

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            query_string=query.urlencode(),
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
            councils=list(managed_councils(self.request.user).order_by("short_name")),
            **kwargs,
        )


class MonthCalendarView(LoginRequiredMixin, TemplateView):
    """A month of sessions: staff see their councils', delegates their institution's."""

    template_name = "sessions_app/session_calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year, month = self.kwargs.get("year", today.year), self.kwargs.get("month", today.month)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404(_("Mes no válido."))
        first = date(year, month, 1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        weeks = selectors.calendar_month(user=self.request.user, year=year, month=month)
        return super().get_context_data(
            first_day=first,
            weeks=weeks,
            weekdays=[day.day for day in weeks[0]],
            has_sessions=any(day.sessions for week in weeks for day in week),
            previous=previous,
            following=following,
            is_current=(year, month) == (today.year, today.month),
        )


class CouncilFeedView(View):
    """A council's private calendar feed: no login, the secret in the URL is the key; a wrong one is 404."""

    def get(self, request, token):
        council = get_object_or_404(Council, feed_token=token)
        ical = council_calendar(council=council, sessions=selectors.feed_sessions(council=council))
        response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{safe_filename(council.short_name or "consejo")}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class CouncilFeedRotateView(CouncilPermissionMixin, TemplateView):
    """Confirm, then give the council's feed a new secret address."""

    permission = "manage"
    template_name = "sessions_app/feed_confirm_rotate.html"

    def get_council(self):
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, **kwargs)

    def post(self, request, *args, **kwargs):
        council_feed_rotate(council=self.council)
        messages.success(
            request,
            _(
                "Se generó una nueva dirección del calendario; la anterior dejó de funcionar. "
                "Comparta la nueva con quienes deban suscribirse."
            ),
        )
        return redirect(self.council)

"""The orden del día: the editor, its items (add, edit, remove, reorder, move) and their annexes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import add_service_errors, service_error_text
from sessions_app.forms.agenda import AgendaItemForm, AnnexForm
from sessions_app.models import AgendaItem, Document
from sessions_app.permissions import SessionAccessMixin, can_download_annex
from sessions_app.selectors.agenda import agenda_schedule, item_annexes
from sessions_app.services.agenda import (
    agenda_item_create,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_item_version,
    agenda_reorder,
    agenda_set_shows_times,
)
from sessions_app.services.annexes import annex_archive, annex_download_name, annex_upload


class AgendaMixin(SessionAccessMixin):
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
            "schedule": agenda_schedule(session=self.session),
            "editable": self.session.agenda_editable,
        }


class AgendaEditorView(AgendaMixin, TemplateView):
    """The orden del día editor: the items in order with projected times, and a form to add one."""

    template_name = "sessions_app/agenda_editor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.editor_context(), form=AgendaItemForm(session=self.session, viewer=self.request.viewer), **kwargs
        )


class AgendaItemCreateView(AgendaMixin, CreateOnceMixin, FormView):
    """Add a point to the orden del día; it goes before general matters and closing."""

    form_class = AgendaItemForm
    template_name = "sessions_app/agenda_item_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session, "viewer": self.request.viewer}

    def form_valid(self, form):
        try:
            item = agenda_item_create(session=self.session, **form.item_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se agregó el punto «%(title)s».") % {"title": item.title})
        return redirect(self.editor_url(item))

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, **kwargs)


class AgendaItemUpdateView(ConcurrentEditMixin, AgendaMixin, FormView):
    """Edit a point; a save made from an older reading of it is refused instead of overwriting."""

    form_class = AgendaItemForm
    template_name = "sessions_app/agenda_item_form.html"

    @cached_property
    def item(self) -> AgendaItem:
        return self.get_item()

    def get_edited(self) -> AgendaItem:
        return self.item

    def edited_version(self, edited: AgendaItem) -> str:
        return agenda_item_version(edited)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.item,
            "session": self.session,
            "viewer": self.request.viewer,
        }

    def form_valid(self, form):
        try:
            item = agenda_item_update(item=self.item, version=form.read_version(), **form.item_fields())
        except ValidationError as error:
            add_service_errors(form, error)
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
            blocked=not item.removable,
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
            _report_reorder(request, result)
        return self.render_editor() if request.headers.get("HX-Request") else redirect(self.editor_url())


def _report_reorder(request, result) -> None:
    """Saved as dragged, or merged with someone else's changes (a warning that says which)."""
    if result.merged:
        messages.warning(request, _merge_message(result))
    else:
        messages.success(request, _("Se guardó el nuevo orden."))


def _merge_message(result) -> str:
    parts = []
    if result.added:
        titles = ", ".join(f"«{item.title}»" for item in result.added)
        parts.append(_("Otra persona agregó %(titles)s mientras usted ordenaba; quedó al final.") % {"titles": titles})
    if result.removed:
        parts.append(_("Otra persona eliminó puntos mientras usted ordenaba."))
    parts.append(_("Se guardó su orden; revíselo."))
    return " ".join(str(part) for part in parts)


class AgendaTimesView(AgendaMixin, View):
    """Whether the printed orden del día gives each point's start time: on or off, from the editor."""

    def post(self, request, *args, **kwargs):
        shows_times = request.POST.get("shows_times") == "1"
        try:
            agenda_set_shows_times(session=self.session, shows_times=shows_times)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            if shows_times:
                messages.success(request, _("El orden del día impreso dará la hora de inicio de cada punto."))
            else:
                messages.success(request, _("El orden del día impreso ya no da horarios."))
        return redirect(self.editor_url())


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


class AnnexListView(AgendaMixin, CreateOnceMixin, FormView):
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
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Se anexó «%(title)s».") % {"title": document.title})
        return redirect("sessions_app:annexes", pk=self.session.pk, item_pk=self.item.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            item=self.item,
            **item_annexes(item=self.item),
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


class AnnexDownloadView(AnnexMixin, SessionAccessMixin, View):
    """Serve an annex as a download under its safe name, to the session's staff and convened delegates."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        if not can_download_annex(request.viewer, document):
            raise PermissionDenied
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("El archivo ya no está disponible.")) from missing
        return FileResponse(handle, as_attachment=True, filename=annex_download_name(document))

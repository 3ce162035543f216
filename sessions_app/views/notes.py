"""Pages of the nota informativa: draft it from the session, edit it, preview it, make it final, its versions."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core import wording
from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import ServiceFormMixin
from council.selectors import council_issuing_unit
from sessions_app.documents import prose
from sessions_app.documents.note import current_note_document
from sessions_app.documents.responses import document_response
from sessions_app.forms.notes import NoteCreateForm, NoteForm, NoteRedraftForm
from sessions_app.models import InformativeNote
from sessions_app.permissions import SessionAccessMixin
from sessions_app.selectors.notes import informative_note_current, informative_note_versions
from sessions_app.services.notes import (
    informative_note_create_draft,
    informative_note_make_final,
    informative_note_redraft,
    informative_note_update,
    informative_note_version,
)


class NoteMixin(SessionAccessMixin):
    """Pages about the nota of the session in the URL (``pk``): the council's staff and the admins only."""

    permission = "manage"

    @cached_property
    def note(self) -> InformativeNote | None:
        return informative_note_current(self.session)

    def get_existing_note(self) -> InformativeNote:
        if self.note is None:
            raise Http404(_("Esta sesión aún no tiene nota informativa."))
        return self.note

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, note=self.note, **kwargs)

    def get_success_url(self):
        return reverse("sessions_app:note", args=[self.session.pk])


class NoteFormMixin(NoteMixin, ServiceFormMixin):
    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoteDetailView(NoteMixin, TemplateView):
    """The nota as it will print (HTML preview), its status, its versions with their downloads."""

    template_name = "sessions_app/note_detail.html"

    def get_context_data(self, **kwargs):
        note = self.note
        versions = informative_note_versions(session=self.session)
        for version in versions:  # an earlier version's text, readable as it would print
            version.paragraphs_html = [prose.paragraph_html(paragraph) for paragraph in version.paragraphs]
        return super().get_context_data(
            paragraphs=[prose.paragraph_html(paragraph) for paragraph in note.paragraphs] if note else [],
            date_line=f"{note.place}, a {wording.date_in_words(note.date)}" if note else "",
            versions=versions,
            **kwargs,
        )


class NoteCreateView(CreateOnceMixin, NoteFormMixin, FormView):
    """Draft the nota from the session's data, on the letterhead of the unit that issues it (the council's default)."""

    template_name = "sessions_app/note_create.html"
    form_class = NoteCreateForm
    success_message = _("Se redactó el borrador de la nota informativa con los datos de la sesión. Revíselo y edítelo.")

    def get(self, request, *args, **kwargs):
        if self.note is not None:
            messages.info(request, _("Esta sesión ya tiene nota informativa."))
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.council}

    def get_initial(self):
        unit = council_issuing_unit(self.council)
        return {
            "issuing_unit": unit.pk if unit else None,
            "date": timezone.localtime(self.session.starts_at).date(),
        }

    def perform(self, form):
        return informative_note_create_draft(
            session=self.session,
            issuing_unit=form.cleaned_data["issuing_unit"],
            date=form.cleaned_data["date"],
            list_agreements=form.cleaned_data["list_agreements"],
            by=self.request.user,
        )


class NoteRedraftView(NoteFormMixin, FormView):
    """Confirm, then write the nota again from the session's current data as its next version (a draft).

    The version read is kept as it was, and listed with its text on the nota's page.
    """

    template_name = "sessions_app/note_confirm_redraft.html"
    form_class = NoteRedraftForm

    def get_initial(self):
        return {**super().get_initial(), "version": informative_note_version(self.get_existing_note())}

    def perform(self, form):
        self.previous = self.get_existing_note()
        return informative_note_redraft(
            note=self.previous,
            by=self.request.user,
            version=form.read_version(),
            list_agreements=form.cleaned_data["list_agreements"],
        )

    def get_success_message(self):
        if self.object.pk == self.previous.pk:
            return _("Los datos de la sesión dan el mismo texto: no se creó una nueva versión.")
        return _(
            "Se redactó de nuevo la nota con los datos actuales: versión %(version)s (borrador). "
            "La versión %(previous)s se conserva."
        ) % {"version": self.object.version, "previous": self.previous.version}


class NoteEditView(ConcurrentEditMixin, NoteFormMixin, FormView):
    """Edit the nota's text and letterhead lines; editing a final nota makes its next version."""

    template_name = "sessions_app/note_form.html"
    form_class = NoteForm

    def get_edited(self) -> InformativeNote:
        return self.get_existing_note()

    def edited_version(self, edited: InformativeNote) -> str:
        return informative_note_version(edited)

    def reread_edited(self) -> InformativeNote:
        self.__dict__.pop("note", None)  # someone may have made the next version meanwhile
        return self.get_existing_note()

    def get_initial(self):
        note = self.get_existing_note()
        fields = ("place", "date", "unit_lines", "body", "footer_address")
        return {**super().get_initial(), **{field: getattr(note, field) for field in fields}}

    def perform(self, form):
        self.previous = self.get_existing_note()
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        return informative_note_update(note=self.previous, by=self.request.user, version=form.read_version(), **data)

    def get_success_message(self):
        if self.object.pk != self.previous.pk:
            return _("Se creó la versión %(version)s de la nota (borrador); la versión final anterior no cambia.") % {
                "version": self.object.version
            }
        return _("Se guardó la nota informativa.")


class NoteFinalView(NoteMixin, TemplateView):
    """Confirm, then make the nota final: its PDF is published and that version no longer changes."""

    template_name = "sessions_app/note_confirm_final.html"

    def get(self, request, *args, **kwargs):
        if self.get_existing_note().status == InformativeNote.Status.FINAL:
            messages.info(request, _("Esta versión de la nota ya es final."))
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            note = informative_note_make_final(note=self.get_existing_note(), by=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages), status=400)
        messages.success(
            request,
            _("La nota informativa es final: se publicó la versión %(version)s en PDF.") % {"version": note.version},
        )
        return HttpResponseRedirect(self.get_success_url())


class NotePdfView(SessionAccessMixin, View):
    """The current version as PDF, with an ETag: an unchanged nota is not rendered again (304).

    Staff of the council and admins, as every page of the nota; the permission is the one light
    query of ``session_access`` and the document comes from the cache while nothing changed.
    """

    permission = "manage"

    def get(self, request, *args, **kwargs):
        document = current_note_document(session_id=self.access.session_id, council_id=self.access.council_id)
        if document is None:
            raise Http404(_("Esta sesión aún no tiene nota informativa."))
        return document_response(request, document)

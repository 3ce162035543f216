"""Pages of the acta: read it, draft it from the session, edit, circulate, comment, approve at a later session."""

import datetime as dt
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from core import wording
from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import ServiceFormMixin, service_error_text
from council.permissions import can_manage_council, delegate_institution_id
from members.models import Institution
from sessions_app.forms.minutes import CirculateForm, MinutesCommentForm, MinutesForm
from sessions_app.models import Minutes
from sessions_app.permissions import SessionAccessMixin, can_comment_on_minutes, can_read_minutes
from sessions_app.selectors.minutes import approval_facts, approval_item, minutes_approval_refusal, minutes_page
from sessions_app.services.minutes import (
    minutes_approve,
    minutes_circulate,
    minutes_comment_add,
    minutes_draft,
    minutes_update,
    minutes_version,
)


class MinutesMixin(SessionAccessMixin):
    """Pages about the acta of the session in the URL (``pk``)."""

    @cached_property
    def minutes(self) -> Minutes | None:
        return Minutes.objects.filter(session=self.session).first()

    def get_existing_minutes(self) -> Minutes:
        if self.minutes is None:
            raise Http404
        return self.minutes

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, **kwargs)

    def get_success_url(self):
        return reverse("sessions_app:minutes", args=[self.session.pk])


class MinutesDetailView(MinutesMixin, TemplateView):
    """The acta, its status and comments; the staff's actions; the comment form for members while it circulates."""

    template_name = "sessions_app/minutes_detail.html"

    def get_context_data(self, **kwargs):
        staff = can_manage_council(self.viewer, self.council)
        page = minutes_page(session=self.session, institution_id=None if staff else self.viewer.institution_id)
        minutes = page["minutes"]
        can_read = minutes is not None and can_read_minutes(self.viewer, minutes)
        open_for_comments = minutes is not None and minutes.comments_open
        can_comment = open_for_comments and can_comment_on_minutes(self.viewer, self.session)
        return super().get_context_data(
            can_manage=staff,
            can_read=can_read,
            comments=page["comments"] if can_read else [],
            minutes=minutes,
            comment_form=MinutesCommentForm() if can_comment else None,
            open_for_comments=open_for_comments,
            **kwargs,
        )


class MinutesDraftView(MinutesMixin, TemplateView):
    """Confirm, then draft the acta from the session's data (or draft it again, losing the edits)."""

    permission = "manage"
    template_name = "sessions_app/minutes_confirm_draft.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(minutes=self.minutes, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            minutes_draft(session=self.session, regenerate=self.minutes is not None)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(
                request, _("Se redactó el borrador del acta con los datos de la sesión. Revíselo y edítelo.")
            )
        return HttpResponseRedirect(self.get_success_url())


class MinutesEditView(ConcurrentEditMixin, MinutesMixin, ServiceFormMixin, FormView):
    """The staff edit the acta's text; an approved acta is locked."""

    permission = "manage"
    template_name = "sessions_app/minutes_form.html"
    form_class = MinutesForm
    success_message = _("Se guardó el texto del acta.")

    def get(self, request, *args, **kwargs):
        if self.get_existing_minutes().is_locked:
            messages.warning(request, _("El acta ya fue aprobada: no se modifica."))
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_edited(self) -> Minutes:
        return self.get_existing_minutes()

    def edited_version(self, edited: Minutes) -> str:
        return minutes_version(edited)

    def get_initial(self):
        return {**super().get_initial(), "body": self.get_existing_minutes().body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(minutes=self.get_existing_minutes(), **kwargs)

    def perform(self, form):
        return minutes_update(
            minutes=self.get_existing_minutes(), body=form.cleaned_data["body"], version=form.read_version()
        )


class MinutesCirculateView(MinutesMixin, ServiceFormMixin, FormView):
    """Send the acta to the members with a deadline for their comments (a confirmation step)."""

    permission = "manage"
    template_name = "sessions_app/minutes_circulate.html"
    form_class = CirculateForm

    def get_initial(self):
        minutes = self.get_existing_minutes()
        return {"comments_due": minutes.comments_due or timezone.localdate() + dt.timedelta(days=10)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(minutes=self.get_existing_minutes(), **kwargs)

    def perform(self, form):
        self.notified = minutes_circulate(
            minutes=self.get_existing_minutes(),
            comments_due=form.cleaned_data["comments_due"],
            notify=form.cleaned_data["notify"],
        )
        return self.get_existing_minutes()

    def get_success_message(self):
        due = self.get_existing_minutes()
        due.refresh_from_db()
        message = _("El acta quedó en revisión de los integrantes hasta el %(date)s.") % {
            "date": wording.long_date(due.comments_due)
        }
        if self.notified:
            message = f"{message} " + _("Se avisó por correo a %(count)s personas.") % {"count": self.notified}
        return message


class MinutesCommentView(MinutesMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """A member (delegate of an institution convened to the session) comments on the circulated acta."""

    permission = "comment"
    template_name = "sessions_app/minutes_comment_form.html"
    form_class = MinutesCommentForm
    success_message = _("Se registró su comentario; la Secretaría Técnica lo revisará.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(minutes=self.get_existing_minutes(), **kwargs)

    def perform(self, form):
        return minutes_comment_add(
            minutes=self.get_existing_minutes(),
            institution=Institution.objects.get(pk=delegate_institution_id(self.request.viewer)),
            author=self.request.user,
            text=form.cleaned_data["text"],
        )


class MinutesApproveView(SessionAccessMixin, TemplateView):
    """At a later session (URL ``pk``), confirm and record the approval of an earlier session's acta."""

    permission = "manage"
    template_name = "sessions_app/minutes_confirm_approve.html"

    @cached_property
    def minutes(self) -> Minutes:
        return get_object_or_404(
            Minutes.objects.select_related("session"), pk=self.kwargs["minutes_pk"], session__council=self.council
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            council=self.council,
            minutes=self.minutes,
            approval_item=approval_item(self.session),
            # The page asks the service's rule: refused now, it says why and offers no button.
            refusal=minutes_approval_refusal(
                minutes=self.minutes, at_session=self.session, **approval_facts(self.session)
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            minutes_approve(minutes=self.minutes, at_session=self.session)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages), status=400)
        messages.success(
            request,
            _("Se aprobó el acta de la %(title)s; queda cerrada y ya no se modifica.")
            % {"title": self.minutes.session.title},
        )
        return HttpResponseRedirect(self.session.get_absolute_url())

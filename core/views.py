"""The one way a service's refusal reaches the person: on the form, or as a message; and history pages.

Services refuse with ``ValidationError`` (with a ``code`` and, where it is about
one field, that field's name). A form view hands its valid form to one
service (``ServiceFormMixin``); a button that posts no form hands the request
to one service (``ServiceActionMixin``). Either way the refusal is shown in
Spanish where the person looks, and nothing is written.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: next to the field it names, or above the form.

    A form that shows a model field under another name says so in ``service_field_map``
    (``{"starts_at": "date"}``).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    field_map = getattr(form, "service_field_map", {})
    for field, errors in error.error_dict.items():
        target = field_map.get(field, field)
        form.add_error(target if target in form.fields else None, errors)


def service_error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a flash message."""
    return " ".join(error.messages)


class ServiceFormMixin:
    """A form view whose valid form is handed to one service; the service's refusal re-renders the form."""

    success_message = ""

    def perform(self, form):
        """Call the service with the form's data and return what it wrote."""
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.object}

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if message := self.get_success_message():
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class ServiceActionMixin:
    """A button (a POST with no form) handed to one service: a success message, or the refusal as a message.

    Either way the person goes back to ``get_success_url()``.
    """

    success_message = ""

    def perform(self):
        """Call the service and return what it wrote."""
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message % {"object": self.object}

    def post(self, request, *args, **kwargs):
        try:
            self.object = self.perform()
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            if message := self.get_success_message():
                messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())


class HistoryPageMixin:
    """A page of an audit history (``core.history``), with the usual pagination context."""

    template_name = ""

    def get_history_page(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        page_obj = self.get_history_page()
        return super().get_context_data(
            page_obj=page_obj,
            paginator=page_obj.paginator,
            is_paginated=page_obj.has_other_pages(),
            entries=page_obj.object_list,
            **kwargs,
        )

"""Records with history are archived, not deleted.

A council, its seats, sessions, invitations, agreements, actas and documents
are the council's record: the Django admin offers no delete for them, and its
delete page says how each one is retired instead (deactivated, archived,
cancelled). Whatever else is still referenced by the record is protected by
``on_delete=PROTECT``; a delete that reaches it anyway, from any page, is
answered by ``RefusedDeleteMiddleware`` with a message, never a 500.
"""

from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


class KeepRecordAdminMixin:
    """A ModelAdmin whose rows are never deleted; ``retire_hint`` says what to do instead."""

    retire_hint = _("Se conserva con su historia: no se elimina.")

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        messages.error(
            request,
            _("%(name)s no se elimina porque forma parte del registro. %(hint)s")
            % {"name": str(opts.verbose_name).capitalize(), "hint": self.retire_hint},
        )
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        except NoReverseMatch:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return HttpResponseRedirect(url)


class KeepRecordInlineMixin:
    """An inline whose rows are never deleted from their parent's page."""

    def has_delete_permission(self, request, obj=None):
        return False


class RefusedDeleteMiddleware:
    """A delete refused by the database's protection becomes a page that says what still refers to it (409)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ProtectedError):
            referencing = exception.protected_objects
        elif isinstance(exception, RestrictedError):
            referencing = exception.restricted_objects
        else:
            return None
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in referencing})
        return render(request, "409.html", {"kinds": kinds}, status=409)

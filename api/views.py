"""Each user's token pages under ``/cuenta/tokens/``: the list, a new token (shown once) and revoking one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from api.errors import problem_response
from api.forms import TokenForm
from api.models import ApiToken
from api.selectors import tokens_of
from api.services import token_create, token_revoke
from core.submissions import CreateOnceMixin
from core.views import add_service_errors
from members.permissions import ViewerRequiredMixin

# Where a new token waits, in its creator's session, for the one page that shows it.
NEW_TOKEN_KEY = "api_new_token"  # noqa: S105 - a session key, not a secret


class TokenListView(ViewerRequiredMixin, TemplateView):
    """The user's tokens: name, scope, start, expiry, last use, revoked; a new one is shown here once."""

    template_name = "api/apitoken_list.html"

    def get_context_data(self, **kwargs):
        new = self.request.session.pop(NEW_TOKEN_KEY, None)
        return super().get_context_data(tokens=list(tokens_of(self.request.user)), new_token=new, **kwargs)


class TokenCreateView(ViewerRequiredMixin, CreateOnceMixin, FormView):
    """A new token; its value is shown once, on the list it leads to, and only its hash is kept."""

    template_name = "api/apitoken_form.html"
    form_class = TokenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "viewer": self.viewer}

    def form_valid(self, form):
        try:
            token, plain = token_create(
                user=self.request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(),
                council=form.cleaned_data.get("council"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        self.request.session[NEW_TOKEN_KEY] = {"id": token.pk, "name": token.name, "plain": plain}
        return redirect("api_tokens:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("api_tokens:list"), submit_label=_("Generar el token"), **kwargs
        )


class TokenRevokeView(ViewerRequiredMixin, TemplateView):
    """Confirm, then revoke one of the user's own tokens (anyone else's is not found)."""

    template_name = "api/apitoken_confirm_revoke.html"

    def get_token(self) -> ApiToken:
        return get_object_or_404(ApiToken, pk=self.kwargs["pk"], user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.get_token(), **kwargs)

    def post(self, request, *args, **kwargs):
        token = token_revoke(token=self.get_token())
        messages.success(
            request, _("Se revocó el token «%(name)s»: deja de funcionar de inmediato.") % {"name": token.name}
        )
        return redirect("api_tokens:list")


@csrf_exempt  # a program's POST to a wrong address learns that, not that it lacks a browser's CSRF cookie
def api_not_found(request, *args, **kwargs):
    """A path under /api/ that names no operation: a 404 a program can read."""
    return problem_response(404, "not_found", _("No existe esa dirección de la API; vea /api/v1/docs/."))

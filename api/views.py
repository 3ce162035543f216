"""Each user's token pages under ``/cuenta/tokens/``: the list, a new token (shown once) and revoking one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from api.errors import problem_response
from api.forms import TokenForm, WebhookForm
from api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from api.selectors import tokens_of
from api.services import token_create, token_revoke
from api.webhooks import webhook_create, webhook_rotate_secret
from core.submissions import CreateOnceMixin
from core.views import add_service_errors
from council.models import Council
from council.permissions import CouncilPermissionMixin
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


# --- A council's webhooks (its staff) ---

NEW_SECRET_KEY = "api_new_webhook_secret"  # noqa: S105 - a session key, not a secret


class WebhookMixin(CouncilPermissionMixin):
    """Pages of a council's webhooks: its staff and the platform admins."""

    permission = "manage"

    def get_council(self) -> Council:
        return get_object_or_404(Council, pk=self.kwargs["council_pk"])

    def list_url(self) -> str:
        return reverse("webhooks:list", args=[self.council.pk])


class WebhookListView(WebhookMixin, TemplateView):
    """The council's endpoints and the last deliveries with each receiver's answer; a new secret is shown here once."""

    template_name = "api/webhookendpoint_list.html"

    def get_context_data(self, **kwargs):
        new = self.request.session.pop(NEW_SECRET_KEY, None)
        endpoints = list(WebhookEndpoint.objects.filter(council=self.council).order_by("pk"))
        deliveries = list(
            WebhookDelivery.objects.filter(endpoint__council=self.council)
            .select_related("endpoint")
            .order_by("-created_at", "-pk")[:50]
        )
        return super().get_context_data(
            council=self.council, endpoints=endpoints, deliveries=deliveries, new_secret=new, **kwargs
        )


class WebhookCreateView(WebhookMixin, CreateOnceMixin, FormView):
    """A new endpoint; its signing secret is shown once, on the list it leads to."""

    template_name = "api/webhookendpoint_form.html"
    form_class = WebhookForm

    def form_valid(self, form):
        try:
            endpoint, secret = webhook_create(
                council=self.council,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        self.request.session[NEW_SECRET_KEY] = {"id": endpoint.pk, "url": endpoint.url, "secret": secret}
        return redirect(self.list_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            council=self.council, cancel_url=self.list_url(), submit_label=_("Registrar"), **kwargs
        )


class WebhookRotateView(WebhookMixin, TemplateView):
    """Confirm, then give an endpoint a new secret (shown once); the old one stops signing at once."""

    template_name = "api/webhookendpoint_confirm_rotate.html"

    def get_endpoint(self) -> WebhookEndpoint:
        return get_object_or_404(WebhookEndpoint, pk=self.kwargs["pk"], council=self.council)

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.council, endpoint=self.get_endpoint(), **kwargs)

    def post(self, request, *args, **kwargs):
        endpoint, secret = webhook_rotate_secret(endpoint=self.get_endpoint())
        request.session[NEW_SECRET_KEY] = {"id": endpoint.pk, "url": endpoint.url, "secret": secret}
        return redirect(self.list_url())

"""Each user's own account pages: the second step of signing in, enrolment, recovery codes, two-factor settings."""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from core.views import ServiceFormMixin
from members.forms import (
    TwoFactorCodeForm,
    TwoFactorEnrolForm,
)
from members.permissions import (
    TWO_FACTOR_SESSION_KEY,
    ViewerRequiredMixin,
    has_two_factor_device,
    must_use_two_factor,
    two_factor_passed,
)
from members.services.two_factor import (
    recovery_codes_regenerate,
    two_factor_disable,
    two_factor_enrol,
    two_factor_verify,
)

# The secret of an app being set up, kept in the session until its first code confirms it (no device row before).
PENDING_KEY_SESSION_KEY = "two_factor_pending_key"


# New recovery codes, kept only until the page that shows them once.
NEW_CODES_SESSION_KEY = "two_factor_new_codes"


def _next_url(request) -> str:
    """Where to go once the step is done: the page first asked for, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    ours = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if ours:
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[index : index + size] for index in range(0, len(text), size))


class TwoFactorMixin(ViewerRequiredMixin):
    """A page about the user's own second factor; ``needs_device`` pages send those without one to the account page."""

    needs_device = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.needs_device and not has_two_factor_device(request.user):
            return HttpResponseRedirect(reverse("account:security"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)


class TwoFactorCodeFormMixin(TwoFactorMixin, ServiceFormMixin):
    """A form asking for a current code, handed to one service."""

    form_class = TwoFactorCodeForm


@method_decorator(never_cache, name="dispatch")
class TwoFactorVerifyView(TwoFactorCodeFormMixin, FormView):
    """The second step after the password: a code of the app, or a recovery code (good once)."""

    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_two_factor_device(request.user):
            if must_use_two_factor(self.viewer):
                return redirect_to_login(_next_url(request), reverse("account:two_factor_enrol"))
            return HttpResponseRedirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        device = two_factor_verify(user=self.request.user, code=form.cleaned_data["code"])
        two_factor_passed(self.request)
        return device

    def get_success_message(self) -> str:
        if not isinstance(self.object, StaticDevice):
            return ""
        return _(
            "Entró con un código de recuperación, que ya no volverá a servir. Le quedan %(left)s; "
            "genere nuevos desde «Verificación en dos pasos» si le quedan pocos."
        ) % {"left": self.object.token_set.count()}

    def get_success_url(self):
        return _next_url(self.request)


@method_decorator(never_cache, name="dispatch")
class TwoFactorEnrolView(TwoFactorMixin, ServiceFormMixin, FormView):
    """Set up an authenticator app: its QR code and secret, confirmed by its first code."""

    template_name = "registration/two_factor_enrol.html"
    form_class = TwoFactorEnrolForm
    needs_device = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_two_factor_device(request.user):
            messages.info(request, _("La verificación en dos pasos ya está activada en su cuenta."))
            return HttpResponseRedirect(reverse("account:security"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        key = self.request.session.setdefault(PENDING_KEY_SESSION_KEY, default_key())
        setup_url = TOTPDevice(user=self.request.user, key=key).config_url
        return super().get_context_data(
            qr_code=segno.make(setup_url, error="m").svg_data_uri(scale=5, border=2),
            secret=_grouped(b32encode(unhexlify(key)).decode()),
            required=must_use_two_factor(self.viewer),
            **kwargs,
        )

    def perform(self, form):
        key = self.request.session.get(PENDING_KEY_SESSION_KEY)
        if not key:
            raise ValidationError(
                _("La página caducó: vuelva a escanear el código QR que aparece ahora."), code="setup_expired"
            )
        codes = two_factor_enrol(user=self.request.user, key=key, code=form.cleaned_data["code"])
        del self.request.session[PENDING_KEY_SESSION_KEY]
        two_factor_passed(self.request)
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        return codes

    def get_success_message(self) -> str:
        return _("Se activó la verificación en dos pasos.")

    def get_success_url(self):
        return f"{reverse('account:recovery_codes')}?next={quote(_next_url(self.request))}"


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(TwoFactorMixin, TemplateView):
    """New recovery codes, shown once (and offered as a text file); afterwards the page says they were shown."""

    template_name = "registration/two_factor_recovery_codes.html"

    def get_context_data(self, **kwargs):
        codes = self.request.session.pop(NEW_CODES_SESSION_KEY, None) or []
        text = "\n".join(
            [str(_("Códigos de recuperación de Sesiones para %(user)s") % {"user": self.request.user.get_username()})]
            + [str(_("Cada código sirve una sola vez."))]
            + [""]
            + codes
        )
        return super().get_context_data(
            codes=codes, download_url="data:text/plain;charset=utf-8," + quote(text + "\n"), **kwargs
        )


class TwoFactorAccountView(TwoFactorMixin, TemplateView):
    """The user's account page for two-factor sign-in: whether it is on, and what can be done with it."""

    template_name = "registration/two_factor_account.html"
    needs_device = False

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            device=TOTPDevice.objects.filter(user=user, confirmed=True).first(),
            codes_left=StaticToken.objects.filter(device__user=user).count(),
            required=must_use_two_factor(self.viewer),
            **kwargs,
        )


class RecoveryCodesRegenerateView(TwoFactorCodeFormMixin, FormView):
    """New recovery codes, asked with a current code; the old ones stop working."""

    template_name = "registration/two_factor_code_form.html"
    extra_context = {
        "title": _("Generar nuevos códigos de recuperación"),
        "intro": _("Los códigos de recuperación que tiene ahora dejarán de servir. Confirme con un código actual."),
        "button": _("Generar nuevos códigos"),
    }

    def perform(self, form):
        codes = recovery_codes_regenerate(user=self.request.user, code=form.cleaned_data["code"])
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        return codes

    def get_success_message(self) -> str:
        return _("Se generaron nuevos códigos de recuperación; los anteriores ya no sirven.")

    def get_success_url(self):
        return reverse("account:recovery_codes")


class TwoFactorDisableView(TwoFactorCodeFormMixin, FormView):
    """Turn two-factor sign-in off with a current code; those who must use it are asked to set it up again."""

    template_name = "registration/two_factor_code_form.html"
    extra_context = {
        "title": _("Desactivar la verificación en dos pasos"),
        "intro": _("Para entrar bastará de nuevo la contraseña. Confirme con un código actual."),
        "button": _("Desactivar"),
        "danger": True,
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if must_use_two_factor(self.viewer):
            context["intro"] = _(
                "Por su función debe usar la verificación en dos pasos: al desactivarla se le pedirá configurarla "
                "de nuevo enseguida (por ejemplo, con un teléfono nuevo). Confirme con un código actual."
            )
        return context

    def perform(self, form):
        two_factor_disable(user=self.request.user, code=form.cleaned_data["code"])
        self.request.session.pop(TWO_FACTOR_SESSION_KEY, None)

    def get_success_message(self) -> str:
        return _("Se desactivó la verificación en dos pasos.")

    def get_success_url(self):
        return reverse("account:security")

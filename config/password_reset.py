"""«¿Olvidó su contraseña?»: a link by e-mail to set a new one, throttled and silent about who has an account.

Django's reset views do the work (the token expires after ``PASSWORD_RESET_TIMEOUT`` and
is spent once the password changes). What is added here: accounts still without a usable
password (a delegate who never opened the invitation) get the link too, the page says the
same whether the address is known or not, and requests are limited per client address
and per e-mail address, so the form can be used neither to flood a mailbox nor to probe.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from config.login import client_ip

WINDOW_SECONDS = 3600


class PasswordResetRequestForm(PasswordResetForm):
    """The e-mail address of the account; active accounts with that address receive the link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Correo electrónico de su cuenta")
        self.fields["email"].widget.attrs.update({"autofocus": True, "autocomplete": "email"})
        self.fields["email"].error_messages.update(
            {"required": _("Escriba el correo de su cuenta."), "invalid": _("Escriba un correo válido.")}
        )

    def get_users(self, email):
        """Active accounts with that address, whether or not they have set a password yet."""
        users = get_user_model()._default_manager.filter(email__iexact=email.strip(), is_active=True)
        return (user for user in users if user.email)


def _spend(key: str, limit: int) -> bool:
    """Count one request under ``key`` in the current window; False once ``limit`` is exceeded."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        per_address = _spend(f"password-reset:ip:{client_ip(self.request)}", settings.PASSWORD_RESET_PER_HOUR)
        if not per_address:
            form.add_error(
                None,
                _("Se pidieron demasiados enlaces desde esta conexión. Intente de nuevo en una hora."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response.headers["Retry-After"] = str(WINDOW_SECONDS)
            return response
        email = form.cleaned_data["email"].strip().lower()
        if not _spend(f"password-reset:email:{email}", settings.PASSWORD_RESET_PER_HOUR):
            # Say the same as always: the page must not tell whether the address has an account.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        site = urlsplit(settings.SITE_URL)
        self.extra_email_context = {"site_url": settings.SITE_URL}
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name=self.subject_template_name,
            email_template_name=self.email_template_name,
            from_email=self.from_email,
            request=self.request,
            extra_email_context=self.extra_email_context,
        )
        return super(auth_views.PasswordResetView, self).form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"

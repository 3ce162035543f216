"""Creation forms that create once, however many times they are sent.

A double click, a retry after a slow answer, or the same page sent from two tabs
used to create two agreements, two sessions, two seats. Each creation form now
carries a one-time token (``{% form_token %}``, from ``core.templatetags.form_tokens``),
new on every rendering of the page. The first submission that is saved — its
answer is a redirect — keeps, in the same transaction as what it created, a
``FormSubmission`` keyed by that token (with who sent it, where, and what it
said) and where it led. A repeat with the same key creates nothing and goes there,
with a message. A repeat sent in parallel waits on the key's unique index until
the first commits (the database, not a cache: it holds across workers and
restarts), then does the same. A refused submission keeps nothing, so its
correction is saved as usual; a POST without a token (a page rendered before
tokens existed) is handled as before.
"""

import functools
import hashlib
import json
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseRedirectBase
from django.utils.translation import gettext as _

from core.models import FormSubmission

FIELD = "form_token"
# The CSRF token is masked anew on each page; a password (the e.firma's) is not even hashed into a key.
NOT_PART_OF_THE_DATA = {FIELD, "csrfmiddlewaretoken", "key_password"}


# Stands for a new token in a page kept whole in the cache (``core.versions.CachedPageMixin``).
TOKEN_PLACEHOLDER = "form-token-of-the-response-8c1d7e"  # noqa: S105 - a placeholder, not a secret


def new_token() -> str:
    return secrets.token_urlsafe(16)


def fresh_tokens(html: str) -> str:
    """``html`` with each form token placeholder replaced by a new token of its own."""
    if TOKEN_PLACEHOLDER not in html:
        return html
    parts = html.split(TOKEN_PLACEHOLDER)
    return "".join(part + new_token() for part in parts[:-1]) + parts[-1]


def submission_key(request) -> str | None:
    """The hash of the request's form token, user, path and data; None when the form carries no token.

    The data is part of it: the same page sent again with other data (back, change, send) is
    another submission, saved as such, not taken for a repeat.
    """
    token = request.POST.get(FIELD, "")
    if not token:
        return None
    data = sorted((name, values) for name, values in request.POST.lists() if name not in NOT_PART_OF_THE_DATA)
    files = sorted((name, [(f.name, f.size) for f in files]) for name, files in request.FILES.lists())
    parts = [token, request.user.pk, request.path, data, files]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def submission_claim(key: str) -> FormSubmission | None:
    """Claim ``key`` for this transaction: None if it is ours, else the earlier submission that holds it.

    A parallel submission with the same key waits here until the first one's transaction ends.
    """
    try:
        with transaction.atomic():
            FormSubmission.objects.create(key=key)
    except IntegrityError:
        return FormSubmission.objects.get(key=key)
    return None


def create_once(post):
    """Decorate a view's POST handler: the same form sent again creates nothing and leads to what the first created.

    The handler's answer on success is a redirect (on refusal, the form again): a handler that
    redirects on refusal too is not for this. It runs after the view's permission checks.
    """

    @functools.wraps(post)
    def handler(view, request, *args, **kwargs):
        key = submission_key(request)
        if key is None:
            return post(view, request, *args, **kwargs)
        with transaction.atomic():
            earlier = submission_claim(key)
            if earlier is not None:
                messages.info(
                    request, _("Esto ya se había registrado: el formulario llegó más de una vez y se guardó una sola.")
                )
                return HttpResponseRedirect(earlier.url)
            response = post(view, request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirectBase):
                FormSubmission.objects.filter(key=key).update(url=response["Location"])
            else:  # refused: nothing was created, and the token stays free for the corrected form
                transaction.set_rollback(True)
        return response

    return handler


class CreateOnceMixin:
    """A form view that creates (``ServiceFormMixin``'s, or a ``FormView``'s own ``form_valid``), created once.

    ``includes/_form.html`` adds ``{% form_token %}`` to the form of these views (``creates_once``);
    a page of another view that shows the form adds it itself. A view whose class writes its own
    ``post`` decorates it with ``create_once`` instead.
    """

    creates_once = True

    @create_once
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

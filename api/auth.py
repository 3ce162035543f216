"""Who a request of the API is: the user of its Bearer token, as the same viewer the pages use.

A token acts with exactly its user's permissions (``members.permissions.Viewer``),
so every rule of every app applies to it unchanged. A service token (bound to one
council by a platform admin) sees that council only, and only while its user may.
A read-scope token is refused every write.
"""

from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from api.errors import ApiProblem
from api.models import ApiToken
from api.selectors import token_for_key
from api.services import token_touch
from members.permissions import Viewer

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ServiceViewer(Viewer):
    """The viewer of a service token: the staff of its one council (if its user may manage it), nobody else's."""

    def __init__(self, user, *, council_id: int, allowed: bool):
        super().__init__(user)
        # Set ahead, so nothing the user could do elsewhere (``Viewer.learn`` included) widens it.
        self.__dict__.update(
            is_admin=False,
            staff_council_ids=frozenset({council_id}) if allowed else frozenset(),
            staff_anywhere=allowed,
            person=None,
            institution_id=None,
        )


def viewer_for_token(token: ApiToken) -> Viewer:
    """The viewer a token acts as: its user's, narrowed to its council for a service token."""
    viewer = Viewer(token.user)
    if token.council_id is None:
        return viewer
    allowed = viewer.is_admin or token.council_id in viewer.staff_council_ids
    return ServiceViewer(token.user, council_id=token.council_id, allowed=allowed)


def token_refusal(token: ApiToken | None) -> ApiProblem | None:
    """Why a token cannot be used now (401), or None."""
    if token is None:
        return ApiProblem(401, "token_invalid", _("El token no es válido."))
    if token.revoked_at is not None:
        return ApiProblem(401, "token_revoked", _("El token fue revocado."))
    if token.is_expired:
        return ApiProblem(401, "token_expired", _("El token venció; genere uno nuevo en su cuenta."))
    if not token.user.is_active:
        return ApiProblem(401, "user_inactive", _("La cuenta del token está desactivada."))
    return None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ses_…``: sets ``request.user``, ``request.viewer`` and ``request.api_token``."""

    def authenticate(self, request, token: str):
        found = token_for_key(token.strip())
        refusal = token_refusal(found)
        if refusal is not None:
            raise refusal
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ApiProblem(
                403, "token_read_only", _("Este token es de lectura: no puede hacer cambios. Use uno de escritura.")
            )
        request.user = found.user
        request.viewer = viewer_for_token(found)
        request.api_token = found
        token_touch(token=found)
        return found

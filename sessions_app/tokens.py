"""The personal answer link of an invitation: a signed token bound to one invitation.

The token carries the invitation's id and its ``token_key``, signed with
Django's signing framework under a salt of its own, so a value signed for any
other purpose (or with another secret) is refused. Reading a token answers
either the invitation or one of the errors below; each error knows the HTTP
status and the Spanish sentence the answer page shows.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Invitation, Session

SALT = "sessions_app.invitation-answer"

# A session's answers are open only while it is convened: once held, closed,
# cancelled or postponed (or back to draft) the link stops working.


class TokenError(Exception):
    """A link that cannot be used; ``status`` is the HTTP status of the page that says so."""

    status = 400
    title = _("El enlace no es válido")
    message = _(
        "El enlace está incompleto o fue alterado. Copie el enlace completo del correo de la convocatoria "
        "o pida a la secretaría técnica que se lo envíe de nuevo."
    )


class TokenInvalid(TokenError):
    pass


class TokenExpired(TokenError):
    status = 410
    title = _("El enlace venció")
    message = _("El enlace de respuesta ya no está vigente. Pida a la secretaría técnica que le envíe uno nuevo.")


class TokenUnknown(TokenError):
    status = 404
    title = _("La convocatoria no existe")
    message = _("No encontramos la convocatoria de este enlace. Es posible que haya sido retirada.")


class TokenRevoked(TokenError):
    status = 403
    title = _("El enlace fue reemplazado")
    message = _("Este enlace ya no corresponde a su convocatoria. Use el enlace del correo más reciente.")


class AnswersClosed(TokenError):
    status = 410
    title = _("La sesión ya no admite respuestas")

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        reasons = {
            Session.Status.HELD: _("La sesión ya se celebró."),
            Session.Status.CLOSED: _("La sesión ya concluyó y su acta fue aprobada."),
            Session.Status.CANCELLED: _("La sesión fue cancelada."),
            Session.Status.POSTPONED: _("La sesión fue pospuesta; recibirá una nueva convocatoria con la nueva fecha."),
            Session.Status.DRAFT: _("La sesión aún no ha sido convocada."),
        }
        self.message = reasons.get(session.status, _("La sesión no admite respuestas."))


def invitation_token(invitation: Invitation) -> str:
    """The signed token of the invitation's personal link."""
    return signing.dumps({"i": invitation.pk, "k": invitation.token_key}, salt=SALT, compress=True)


def invitation_from_token(token: str, *, queryset=None) -> Invitation:
    """The invitation a token is bound to, or a TokenError; the session must still admit answers."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.INVITATION_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError) as exc:
        raise TokenInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not isinstance(payload.get("k"), str):
        raise TokenInvalid
    queryset = queryset if queryset is not None else Invitation.objects.select_related("session__council")
    found = list(queryset.filter(pk=payload["i"])[:1])  # not first(): ordering by the key would cost its compilation
    if not found:
        raise TokenUnknown
    invitation = found[0]
    if invitation.token_key != payload["k"]:
        raise TokenRevoked
    if not invitation.session.accepts_answers:
        raise AnswersClosed(invitation.session)
    return invitation


def answer_url(invitation: Invitation) -> str:
    """The absolute personal link written in the e-mails."""
    path = reverse("sessions_app:answer", args=[invitation_token(invitation)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"

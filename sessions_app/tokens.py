"""The personal answer link of an invitation: a signed token bound to one invitation.

The token carries the invitation's id and its ``token_key``, signed with
Django's signing framework under a salt of its own, so a value signed for any
other purpose (or with another secret) is refused. Reading a token answers
either the invitation or one of the errors below; each error knows the HTTP
status and the Spanish sentence the answer page shows.
"""

import functools

from django.conf import settings
from django.core import signing
from django.db import connection
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


@functools.cache
def _invitation_with_session_sql() -> str:
    q = connection.ops.quote_name
    invitation, session = Invitation._meta, Session._meta
    columns = [f"i.{q(f.column)}" for f in invitation.concrete_fields] + [
        f"s.{q(f.column)}" for f in session.concrete_fields
    ]
    # Only quoted table and column names of our models are interpolated; the one value is a parameter.
    return (
        f"SELECT {', '.join(columns)} FROM {q(invitation.db_table)} i "  # noqa: S608
        f"JOIN {q(session.db_table)} s ON s.{q(session.pk.column)} = i.{q(invitation.get_field('session').column)} "
        f"WHERE i.{q(invitation.pk.column)} = %s"
    )


def _invitation_with_session(pk: int) -> Invitation | None:
    """The invitation with its session (``select_related("session")``), or None, by one query in plain SQL.

    Every request of an answer link asks it: the ORM's compiling of that query (two tables, fifty columns) was
    half of a request served from the cache. Joining the institution, people and seat as well cost PostgreSQL
    3-6 ms of planning on every request; a page rendered afresh reads them by their keys.
    """
    with connection.cursor() as cursor:
        cursor.execute(_invitation_with_session_sql(), [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(Invitation._meta.concrete_fields)
    names = [f.attname for f in Invitation._meta.concrete_fields], [f.attname for f in Session._meta.concrete_fields]
    db = connection.alias
    invitation = _from_db(Invitation, db, names[0], row[:split])
    invitation._state.fields_cache["session"] = _from_db(Session, db, names[1], row[split:])
    return invitation


def _from_db(model, db: str, names: list[str], values) -> object:
    """A model instance from a raw row, with each value converted as the ORM converts it (dates, JSON…)."""
    converted = []
    for field, value in zip(model._meta.concrete_fields, values, strict=True):
        column = field.get_col(model._meta.db_table)  # as the ORM's compiler asks its converters
        for converter in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(db, names, converted)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a token is bound to (with its session), or a TokenError; the session must still admit
    answers."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.INVITATION_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError) as exc:
        raise TokenInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not isinstance(payload.get("k"), str):
        raise TokenInvalid
    invitation = _invitation_with_session(payload["i"])
    if invitation is None:
        raise TokenUnknown
    if invitation.token_key != payload["k"]:
        raise TokenRevoked
    if not invitation.session.accepts_answers:
        raise AnswersClosed(invitation.session)
    return invitation


def answer_url(invitation: Invitation) -> str:
    """The absolute personal link written in the e-mails."""
    path = reverse("sessions_app:answer", args=[invitation_token(invitation)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"

"""Errors of the API as ``application/problem+json`` (RFC 9457): a stable ``code`` and a Spanish ``detail``.

Every refusal of the apps reaches a client here, the way ``core.views`` brings it
to a form: a service's ``ValidationError`` (422, or 409 when the record changed
meanwhile), ``PermissionDenied`` (403), ``Http404`` (404), a request that does
not match the schema (422), no or a bad token (401), too many requests (429).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestValidationError

from core.concurrency import STALE

PROBLEM_TYPE = "application/problem+json"


class Problem(Schema):
    """An error: HTTP status, a stable code to branch on, and what happened in Spanish."""

    status: int
    code: str
    title: str
    detail: str
    errors: dict[str, list[str]] | None = None


class ApiProblem(Exception):
    """A refusal the API itself decides (token, scope, rate)."""

    def __init__(self, status: int, code: str, detail, *, headers: dict | None = None):
        super().__init__(str(detail))
        self.status, self.code, self.detail, self.headers = status, code, detail, headers or {}


TITLES = {
    400: gettext_lazy("Solicitud no válida"),
    401: gettext_lazy("Sin autenticación"),
    403: gettext_lazy("Sin permiso"),
    404: gettext_lazy("No encontrado"),
    409: gettext_lazy("Conflicto"),
    422: gettext_lazy("Datos no válidos"),
    429: gettext_lazy("Demasiadas solicitudes"),
}


def problem_response(
    status: int, code: str, detail, *, errors: dict | None = None, headers: dict | None = None
) -> HttpResponse:
    body = Problem(status=status, code=code, title=str(TITLES.get(status, "Error")), detail=str(detail), errors=errors)
    response = HttpResponse(body.model_dump_json(exclude_none=True), status=status, content_type=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_error(request, exc: ValidationError) -> HttpResponse:
    codes = [error.code for error in exc.error_list if error.code] if not hasattr(exc, "error_dict") else []
    if hasattr(exc, "error_dict"):
        codes = [error.code for errors in exc.error_dict.values() for error in errors if error.code]
        errors = {field: list(ValidationError(errs).messages) for field, errs in exc.error_dict.items()}
        errors = {("__all__" if field == NON_FIELD_ERRORS else field): messages for field, messages in errors.items()}
    else:
        errors = None
    code = codes[0] if codes else "invalid"
    status = 409 if code == STALE else 422
    return problem_response(status, code, " ".join(exc.messages), errors=errors)


def _request_validation_error(request, exc: RequestValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload"))
        errors.setdefault(where or "__all__", []).append(str(error.get("msg", "")))
    return problem_response(
        422, "invalid_request", _("La solicitud no coincide con el esquema de la API."), errors=errors
    )


def install(api) -> None:
    """Give the API these handlers instead of ninja's defaults."""
    api.add_exception_handler(
        ApiProblem,
        lambda request, exc: problem_response(
            exc.status,
            exc.code,
            exc.detail,
            headers={"WWW-Authenticate": "Bearer"} if exc.status == 401 else exc.headers,
        ),
    )
    api.add_exception_handler(
        AuthenticationError,
        lambda request, exc: problem_response(
            401,
            "not_authenticated",
            _("Falta el token: envíe el encabezado «Authorization: Bearer <token>»."),
            headers={"WWW-Authenticate": "Bearer"},
        ),
    )
    api.add_exception_handler(
        Throttled,
        lambda request, exc: problem_response(
            429,
            "rate_limited",
            _("Demasiadas solicitudes con este token; espere %(seconds)d segundos.") % {"seconds": int(exc.wait or 1)},
            headers={"Retry-After": str(int(exc.wait or 1))},
        ),
    )
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(RequestValidationError, _request_validation_error)
    api.add_exception_handler(
        PermissionDenied,
        lambda request, exc: problem_response(403, "forbidden", _("Su cuenta no tiene permiso para esto.")),
    )
    for not_found in (Http404, ObjectDoesNotExist):
        api.add_exception_handler(
            not_found, lambda request, exc: problem_response(404, "not_found", _("No existe, o no está a su alcance."))
        )
    api.add_exception_handler(
        HttpError, lambda request, exc: problem_response(exc.status_code, "http_error", exc.message)
    )

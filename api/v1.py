"""The API's first version, mounted at ``/api/v1/``: every resource's router, with the project's conventions."""

from ninja.openapi.docs import Swagger

from api import agreements, answers, councils, directory, documents, errors, sessions
from api.auth import TokenAuth
from api.conventions import SesionesAPI, TokenRateThrottle

DESCRIPTION = """
API de **Sesiones** para los sistemas alrededor de una secretaría técnica: portales de transparencia,
sistemas estatales de planeación, tableros propios.

**Autenticación.** Genere un token en *Mi cuenta → Tokens de la API* (`/cuenta/tokens/`) y envíelo en cada
solicitud: `Authorization: Bearer ses_…`. El token actúa exactamente con los permisos de su cuenta. Un token
de *lectura* no puede hacer cambios (403 `token_read_only`); uno vencido o revocado recibe 401.

**Convenciones.** Las listas se paginan con `limit` y `offset` y dicen el total (`count`). Cada lectura lleva
`ETag`: repítala con `If-None-Match` y recibirá 304 si nada cambió. Los errores son `application/problem+json`
con un `code` estable y un `detail` en español. Hay un límite de solicitudes por minuto y token: al pasarlo,
429 con `Retry-After`.
"""

api = SesionesAPI(
    title="Sesiones",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (councils, directory, sessions, answers, agreements, documents):
    api.add_router("", module.router)

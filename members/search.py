"""Search that ignores accents and case: "educacion" finds "Secretaría de Educación".

The lookup is ``<field>__unaccent__icontains``: PostgreSQL's ``unaccent``
extension (created by a migration) does the work there; on SQLite the same SQL
function is provided by Python, so the query is the same on both.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Q


def strip_accents(text: str | None) -> str | None:
    """``text`` without its combining marks (á → a, ñ → n), as PostgreSQL's unaccent does."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def any_field_contains(fields: list[str], text: str) -> Q:
    """A filter matching rows where any of ``fields`` contains ``text``, ignoring accents and case."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__unaccent__icontains": text})
    return condition


def provide_unaccent_on_sqlite(sender, connection, **kwargs) -> None:
    """Give each SQLite connection the UNACCENT() function PostgreSQL has as an extension, and the
    IMMUTABLE_UNACCENT() that the index of institutions' names uses (``members.models.Unaccented``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, strip_accents, deterministic=True)
        connection.connection.create_function("IMMUTABLE_UNACCENT", 1, strip_accents, deterministic=True)


connection_created.connect(provide_unaccent_on_sqlite, dispatch_uid="members.search.unaccent")

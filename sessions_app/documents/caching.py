"""A document built once while nothing it shows changes: its HTML is kept under the council's version."""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core import versions
from sessions_app.documents.rendering import PRINT_CSS, RenderedDocument
from sessions_app.models import Session

_NOTHING = "-"  # what is remembered when a document does not exist yet (no acta drafted)


@functools.cache
def _templates_version() -> str:
    """A digest of the print templates and stylesheet: a deploy that changes them changes every key."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for path in sorted((root / "templates" / "pdf").rglob("*.html")) + [PRINT_CSS]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def remember_document(key_parts: tuple, council_id: int, build: Callable[[], RenderedDocument | None]):
    """The document as built before while nothing it shows has changed, else built now and kept.

    The key carries the council's and the directory's versions (``sessions_app.fragments``: replaced on
    every save of a session, its agenda, invitations, agreements, acta, seats, institutions, people…),
    today's date (documents say "today" and which agreements are overdue) and the templates' digest. A
    repeated download then costs a few cache reads instead of the queries and the template.
    """
    key = ":".join(
        [
            "pdfhtml",
            _templates_version(),
            versions.version(council_id),
            timezone.localdate().isoformat(),
            *map(str, key_parts),
        ]
    )
    found = cache.get(key)
    if found is not None:
        return None if found == _NOTHING else found
    document = build()
    # Kept once the data it was built from is committed: a rolled-back change must not leave its document.
    value = _NOTHING if document is None else document
    transaction.on_commit(lambda: cache.set(key, value, timeout=versions.FRAGMENT_TIMEOUT))
    return document


def _remembered(name: str):
    """Decorate a session document's builder with ``remember_document``, keyed by the session and its arguments."""

    def decorate(build):
        @functools.wraps(build)
        def remembered(session: Session, **kwargs):
            key = (name, session.pk, *(f"{arg}={value}" for arg, value in sorted(kwargs.items())))
            return remember_document(key, session.council_id, lambda: build(session, **kwargs))

        return remembered

    return decorate

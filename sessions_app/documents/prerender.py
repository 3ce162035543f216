"""A convened session's documents built ahead by the worker, so that nobody waits for them.

The convocatoria (one letter per institution, about a second for twenty) and
the orden del día are what everybody opens right after a convocation goes
out. ``sessions_app.tasks.convocation_prepare`` queues this once the letters
are numbered; the PDFs land in the cache under their HTML's hash
(``rendering.pdf_for``), where the first download finds them.
"""

from sessions_app.documents.registry import available_documents
from sessions_app.models import Session

AHEAD = ("convocatoria", "orden-del-dia")


def session_documents_prerender(*, session_id: int) -> list[str]:
    """Build the convocatoria and the orden del día of a convened session, those it has (never an empty one);
    the names of those built."""
    session = Session.objects.select_related("council", "working_group").filter(pk=session_id).first()
    if session is None or not session.is_convened_or_held:
        return []
    built = []
    for entry in available_documents(session):
        document = entry.build(session) if entry.slug in AHEAD else None
        if document is not None:
            document.pdf  # noqa: B018 - rendered and kept in the cache
            built.append(document.filename)
    return built

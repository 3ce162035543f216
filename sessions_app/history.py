"""What a session's history page shows (the session and everything recorded in it), and its place on the council's."""

from django.core.paginator import Page

from core import history

history.register("council", "sessions_app.Session", "council_id", quiet=("sequence",))
for label, path in {
    "sessions_app.Session": "id",
    "sessions_app.AgendaItem": "session_id",
    "sessions_app.Invitation": "session_id",
    "sessions_app.Agreement": "session_id",
    "sessions_app.AgreementUpdate": "agreement__session_id",
    "sessions_app.Vote": "agenda_item__session_id",
    "sessions_app.Ballot": "vote__agenda_item__session_id",
    "sessions_app.Document": "session_id",
    "sessions_app.Minutes": "session_id",
    "sessions_app.MinutesComment": "minutes__session_id",
    "sessions_app.InformativeNote": "session_id",
    "sessions_app.DocumentSignature": "document__session_id",
    "sessions_app.SigningFailure": "document__session_id",
    "sessions_app.VerificationAttempt": "document__session_id",
}.items():
    history.register("session", label, path)


def session_history(*, session, page: int | str = 1) -> Page:
    """A page of the changes to a session and everything recorded in it, newest first."""
    return history.history_page("session", session.pk, page)

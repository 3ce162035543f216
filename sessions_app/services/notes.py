"""The nota informativa's writes: a draft from the data, a person's edits, made final, versioned.

1. ``informative_note_create_draft`` writes the draft (``documents.note.informative_note_compose``).
2. ``informative_note_update`` saves a person's edits. Editing a final nota does not touch it: it makes the
   next version, a draft.
2b. ``informative_note_redraft`` writes the text again from the session's current data as the next version
   (a draft); the previous version, draft or final, stays as it was and can be read from the nota's page.
3. ``informative_note_make_final`` refuses an empty nota and publishes the PDF through
   ``document_publish``: stored once with its SHA-256, never changed; every published version stays
   downloadable.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from members.models import IssuingUnit
from sessions_app.documents.note import FILENAME, informative_note_compose, informative_note_document
from sessions_app.documents.publishing import document_publish, new_verification_code, verification_url
from sessions_app.documents.rendering import DOCUMENT_LANGUAGE
from sessions_app.models import Document, InformativeNote, Session


def _lock_latest(note: InformativeNote) -> InformativeNote:
    """Lock the session's notes and return ``note`` fresh; only the latest version is edited or made final."""
    Session.objects.select_for_update().filter(pk=note.session_id).first()
    note = InformativeNote.objects.select_related("issuing_unit__institution", "session__council").get(pk=note.pk)
    latest = InformativeNote.objects.filter(session_id=note.session_id).aggregate(last=Max("version"))["last"]
    if note.version != latest:
        raise ValidationError(
            _("Esta es la versión %(version)s; edite la más reciente (versión %(latest)s)."),
            code="note_not_latest",
            params={"version": note.version, "latest": latest},
        )
    return note


@transaction.atomic
def informative_note_create_draft(
    *,
    session: Session,
    issuing_unit: IssuingUnit,
    by=None,
    date: dt.date | None = None,
    list_agreements: bool = False,
) -> InformativeNote:
    """Draft the session's nota on ``issuing_unit``'s letterhead, dated ``date`` (the session's day by default).

    The unit may be any active unit of the directory, whether or not its institution was convened; the text
    speaks of its institution, the letterhead, place and footer are the unit's. ``list_agreements`` lists
    the agreements one by one instead of counting them in a sentence.
    """
    session = Session.objects.select_for_update().select_related("council").get(pk=session.pk)
    unit = IssuingUnit.objects.select_related("institution").get(pk=issuing_unit.pk)
    if unit.archived_at:
        raise ValidationError(
            {"issuing_unit": ValidationError(_("Esa unidad emisora está archivada; elija otra."), code="unit_archived")}
        )
    if not session.has_been_held:
        raise ValidationError(
            _("La nota informativa se redacta cuando la sesión ya se celebró; esta sesión está «%(status)s»."),
            code="session_not_held",
            params={"status": session.get_status_display()},
        )
    if InformativeNote.objects.filter(session=session).exists():
        raise ValidationError(_("Esta sesión ya tiene nota informativa: edítela."), code="note_exists")
    written_on = date or timezone.localtime(session.starts_at).date()
    with translation.override(DOCUMENT_LANGUAGE):  # the footer's "Tel." as the document writes it
        footer = unit.footer
    note = InformativeNote(
        session=session,
        issuing_unit=unit,
        place=unit.place or session.city or session.council.default_city,
        date=written_on,
        unit_lines="\n".join(unit.unit_lines),
        body=informative_note_compose(
            session=session, unit=unit, written_on=written_on, list_agreements=list_agreements
        ),
        footer_address=footer[:255],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    note.full_clean()
    note.save()
    return note


EDITABLE_FIELDS = ("place", "date", "unit_lines", "body", "footer_address")


@transaction.atomic
def informative_note_redraft(
    *, note: InformativeNote, by=None, version: str | None = None, list_agreements: bool = False
) -> InformativeNote:
    """Write the nota's text again from the session's current data, as its next version (a draft).

    The previous version, draft or final, is kept unchanged and stays readable; the new one keeps its
    letterhead, place and date (as staff left them) and takes the new text. Refused (code ``stale``) when
    the nota changed since ``version`` was read; a text the data would write the same makes no version.
    """
    note = _lock_latest(note)
    version_check(note, EDITABLE_FIELDS, version)
    if not note.session.has_been_held:
        raise ValidationError(
            _("La nota informativa se redacta cuando la sesión ya se celebró; esta sesión está «%(status)s»."),
            code="session_not_held",
            params={"status": note.session.get_status_display()},
        )
    body = informative_note_compose(
        session=note.session, unit=note.issuing_unit, written_on=note.date, list_agreements=list_agreements
    )
    if body == note.body:
        return note
    redrafted = InformativeNote(
        session=note.session,
        issuing_unit=note.issuing_unit,
        version=note.version + 1,
        place=note.place,
        date=note.date,
        unit_lines=note.unit_lines,
        footer_address=note.footer_address,
        body=body,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    redrafted.full_clean()
    redrafted.save()
    return redrafted


def informative_note_version(note: InformativeNote) -> str:
    """The version of the nota as read (which version of it, and its text): a save from an older one is refused."""
    return version_of(note, EDITABLE_FIELDS)


@transaction.atomic
def informative_note_update(
    *,
    note: InformativeNote,
    place: str,
    date: dt.date,
    unit_lines: str,
    body: str,
    footer_address: str,
    by=None,
    version: str | None = None,
) -> InformativeNote:
    """Save the edits; on a final nota they make the next version, a draft (the final one never changes).

    Returns the version that holds the edits. Saving without a change makes no version. Refused (code
    ``stale``) when someone saved the nota, or made its next version, since ``version`` was read.
    """
    note = _lock_latest(note)
    version_check(note, EDITABLE_FIELDS, version)
    values = {
        "place": place.strip(),
        "date": date,
        "unit_lines": "\n".join(line.strip() for line in unit_lines.replace("\r\n", "\n").splitlines() if line.strip()),
        "body": body.replace("\r\n", "\n").strip() + "\n" if body.strip() else "",
        "footer_address": footer_address.strip(),
    }
    if all(getattr(note, field) == value for field, value in values.items()):
        return note
    if note.status == InformativeNote.Status.FINAL:
        note = InformativeNote(
            session=note.session,
            issuing_unit=note.issuing_unit,
            version=note.version + 1,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    for field, value in values.items():
        setattr(note, field, value)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def informative_note_make_final(*, note: InformativeNote, by=None) -> InformativeNote:
    """Make the nota final: its PDF is published (stored with its SHA-256) and this version no longer changes."""
    note = _lock_latest(note)
    if note.status == InformativeNote.Status.FINAL:
        raise ValidationError(_("Esta versión de la nota ya es final."), code="note_final")
    if not note.paragraphs:
        raise ValidationError(
            _("La nota informativa está vacía: escriba su texto antes de hacerla final."), code="note_empty"
        )
    document = informative_note_document(note, final=True)
    code = new_verification_code()
    published = document_publish(
        session=note.session,
        kind=Document.Kind.NOTE,
        title=str(_("Nota informativa")),
        pdf=document.verifiable_archival_pdf(code=code, url=verification_url(code)),
        filename=FILENAME,
        by=by if getattr(by, "is_authenticated", False) else None,
        verification_code=code,
    )
    note.status = InformativeNote.Status.FINAL
    note.document = published
    note.full_clean()
    note.save(update_fields=["status", "document", "updated_at"])
    return note

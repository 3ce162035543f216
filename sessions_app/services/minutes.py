"""The acta's lifecycle: drafted from the session's data, edited, circulated for comments, approved, locked.

1. ``minutes_draft`` writes the body from what the app knows of the session:
   who attended and the quorum, each agenda item with its notes, its vote
   and its agreements. The staff then edit it (``minutes_update``).
2. ``minutes_circulate`` sends it to the members with a deadline; delegates
   of the institutions convened comment in the app (``minutes_comment_add``).
3. ``minutes_approve`` records its approval under "Aprobación del acta
   anterior" at a later session of the same body, and closes the session.
   From then on the acta is locked: its text, and the session's agreements
   and votes, no longer change.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import wording
from core.concurrency import version_check, version_of
from members.models import Institution
from sessions_app.documents.builders import minutes_document
from sessions_app.documents.publishing import document_publish, new_verification_code, verification_url
from sessions_app.models import AgendaItem, Document, Minutes, MinutesComment, Session
from sessions_app.selectors.minutes import approval_facts, minutes_approval_refusal, minutes_source
from sessions_app.services.status import session_close


def _locked_error() -> ValidationError:
    return ValidationError(_("El acta ya fue aprobada: no se modifica."), code="minutes_locked")


def _refuse_if_locked(minutes: Minutes) -> None:
    if minutes.is_locked:
        raise _locked_error()


def minutes_compose(*, session: Session) -> str:
    """The acta's text from the session's data, in the official language of the documents."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("sessions_app/minutes_body.txt", minutes_source(session=session))
    # The template's own line breaks: no more than one blank line between paragraphs.
    lines = [line.rstrip() for line in text.strip().splitlines()]
    compact = []
    for line in lines:
        if line or (compact and compact[-1]):
            compact.append(line)
    return "\n".join(compact).strip() + "\n"


@transaction.atomic
def minutes_draft(*, session: Session, regenerate: bool = False) -> Minutes:
    """Start the acta from the session's data; ``regenerate`` writes a draft over again (its edits are lost)."""
    session = Session.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)
    if session.status != Session.Status.HELD:
        raise ValidationError(
            _("El acta se redacta cuando la sesión ya se celebró; esta sesión está «%(status)s»."),
            code="session_not_held",
            params={"status": session.get_status_display()},
        )
    minutes = Minutes.objects.select_for_update().filter(session=session).first()
    if minutes is not None:
        _refuse_if_locked(minutes)
        if not regenerate:
            return minutes
        if minutes.status != Minutes.Status.DRAFT:
            raise ValidationError(
                _("El acta ya se circuló entre los integrantes: corríjala editándola, no la vuelva a redactar."),
                code="minutes_circulated",
            )
    else:
        minutes = Minutes(session=session)
    minutes.body = minutes_compose(session=session)
    minutes.full_clean()
    minutes.save()
    return minutes


def minutes_version(minutes: Minutes) -> str:
    """The version of the acta's text as read: a save made from an older one is refused."""
    return version_of(minutes, ("body",))


@transaction.atomic
def minutes_update(*, minutes: Minutes, body: str, version: str | None = None) -> Minutes:
    """The staff edit the acta's text, until it is approved; not over a text someone saved since ``version``."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _refuse_if_locked(minutes)
    version_check(minutes, ("body",), version)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("El acta no puede quedar vacía.")}, code="body_required")
    minutes.body = body + "\n"
    minutes.full_clean()
    minutes.save(update_fields=["body"])
    return minutes


def _notice_recipients(session: Session) -> list[str]:
    """The people convened or attending for each institution of the session, once each."""
    addresses = []
    for invitation in session.invitations.select_related("invitee", "attendee"):
        for person in (invitation.invitee, invitation.attendee):
            if person is not None and person.is_active and person.email and person.email not in addresses:
                addresses.append(person.email)
    return addresses


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, comments_due: date, notify: bool = False) -> int:
    """Send the acta to the members for comments until ``comments_due``; returns how many were e-mailed.

    Circulating again (to extend the deadline) keeps the comments already made.
    """
    minutes = Minutes.objects.select_for_update().select_related("session__council").get(pk=minutes.pk)
    _refuse_if_locked(minutes)
    if not minutes.body.strip():
        raise ValidationError(_("Redacte el acta antes de circularla."), code="body_required")
    if comments_due < timezone.localdate():
        raise ValidationError(
            {"comments_due": _("El plazo para comentarios no puede ser una fecha pasada.")}, code="due_in_past"
        )
    minutes.status = Minutes.Status.CIRCULATED
    minutes.comments_due = comments_due
    minutes.circulated_at = timezone.now()
    minutes.full_clean()
    minutes.save(update_fields=["status", "comments_due", "circulated_at"])
    if not notify:
        return 0
    recipients = _notice_recipients(minutes.session)
    session = minutes.session
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(
            _("Acta para comentarios: %(title)s — %(council)s")
            % {"title": session.title, "council": session.council.short_name}
        )
        body = render_to_string(
            "sessions_app/emails/minutes_circulated.txt",
            {
                "minutes": minutes,
                "session": session,
                "url": settings.SITE_URL.rstrip("/") + reverse("sessions_app:minutes", args=[session.pk]),
            },
        )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(recipients)


@transaction.atomic
def minutes_comment_add(*, minutes: Minutes, institution: Institution, text: str, author=None) -> MinutesComment:
    """A member comments on the circulated acta, before the deadline (who may is ``can_comment_on_minutes``)."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _refuse_if_locked(minutes)
    if not minutes.comments_open and minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("El acta aún no se ha circulado para comentarios."), code="not_circulated")
    if not minutes.comments_open:
        raise ValidationError(
            _("El plazo para comentarios venció el %(date)s."),
            code="deadline_passed",
            params={"date": wording.long_date(minutes.comments_due)},
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Escriba su comentario.")}, code="text_required")
    comment = MinutesComment(minutes=minutes, institution=institution, author=author, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_session: Session) -> Minutes:
    """Record the acta's approval at a later session of the same body, under its "Aprobación del acta anterior".

    The session whose acta it is moves to closed (acta approved) through the
    status machine; the acta is locked from then on. The rule is
    ``selectors.minutes.minutes_approval_refusal``, which the pages ask before offering it.
    """
    minutes = Minutes.objects.select_for_update().select_related("session").get(pk=minutes.pk)
    at_session = Session.objects.select_related("council").get(pk=at_session.pk)
    session = minutes.session
    _refuse_if_locked(minutes)
    refusal = minutes_approval_refusal(minutes=minutes, at_session=at_session, **approval_facts(at_session))
    if refusal is not None:
        raise refusal
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_session = at_session
    minutes.approved_at = timezone.now()
    minutes.full_clean()
    minutes.save(update_fields=["status", "approved_at_session", "approved_at"])
    minutes.document = _publish(minutes)
    minutes.save(update_fields=["document"])
    if session.status == Session.Status.HELD:
        session_close(session=session)
    return minutes


def _publish(minutes: Minutes) -> Document:
    """The approved acta as a frozen PDF, stored once with its SHA-256."""
    rendered = minutes_document(minutes.session)
    code = new_verification_code()
    return document_publish(
        session=minutes.session,
        kind=Document.Kind.MINUTES,
        title=str(_("Acta de la %(title)s") % {"title": minutes.session.title}),
        pdf=rendered.verifiable_archival_pdf(code=code, url=verification_url(code)),
        filename=rendered.filename,
        verification_code=code,
    )


def agenda_item_notes_version(item: AgendaItem) -> str:
    """The version of an item's notes as read (its title or order changing does not make them stale)."""
    return version_of(item, ("notes",))


@transaction.atomic
def agenda_item_set_notes(*, item: AgendaItem, notes: str, version: str | None = None) -> AgendaItem:
    """Write what happened under an item, for the acta; refused once the session's acta is approved.

    Refused too (code ``stale``) when someone saved the notes since ``version`` was read.
    """
    item = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    if Minutes.objects.filter(session_id=item.session_id, status=Minutes.Status.APPROVED).exists():
        raise _locked_error()
    version_check(item, ("notes",), version)
    item.notes = notes.strip()
    item.full_clean()
    item.save(update_fields=["notes"])
    return item

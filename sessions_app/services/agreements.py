"""Agreements (acuerdos): numbering, recording, progress reports and the status rules.

An agreement is numbered with its council's pattern, e.g. ``CINL/01-ORD/2022/03``:
the council's prefix, the session's number (two digits) and kind, the year,
and the agreement's sequence within the session (two digits). Working group
sessions are numbered like the plenary's, so their agreements carry the group
as well (``CINL/GT4/01-ORD/2022/01``) and never collide with the plenary's.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from members.models import Institution
from sessions_app.models import AgendaItem, Agreement, AgreementUpdate, Minutes, Session

KIND_CODES = {
    Session.Kind.ORDINARY: "ORD",
    Session.Kind.EXTRAORDINARY: "EXT",
    Session.Kind.INSTALLATION: "INS",
}

# A session records agreements once it has been convened (during the sitting) or held (afterwards).

# Only the secretariat closes an agreement, or reopens a closed one; a reason is always required.
STAFF_STATUSES = (Agreement.Status.FULFILLED, Agreement.Status.CANCELLED, Agreement.Status.IN_PROGRESS)


def agreement_number(*, session: Session, sequence: int) -> str:
    """The agreement's number under its council's pattern."""
    prefix = session.council.agreement_prefix
    if session.working_group_id:
        prefix = f"{prefix}/GT{session.working_group_id}"
    return f"{prefix}/{session.number:02d}-{KIND_CODES[session.kind]}/{session.year}/{sequence:02d}"


def next_agreement_sequence(*, session: Session) -> int:
    """The next sequence within the session; call it only with the session row locked."""
    return (Agreement.objects.filter(session=session).aggregate(last=Max("sequence"))["last"] or 0) + 1


def agreement_reserve_number(*, session: Session) -> tuple[int, str]:
    """Lock the session row and return the next sequence and number; the caller saves within the same transaction."""
    session = Session.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)
    sequence = next_agreement_sequence(session=session)
    return sequence, agreement_number(session=session, sequence=sequence)


def minutes_locked(session: Session) -> bool:
    """Whether the session's acta is approved: its content (and so its agreements' text) is final."""
    return Minutes.objects.filter(session=session, status=Minutes.Status.APPROVED).exists()


def agreement_recording_check(session: Session, agenda_item: AgendaItem | None = None) -> None:
    """Refuse recording an agreement in the session now (the page offers it when ``session.records_outcomes``)."""
    if not session.is_convened_or_held:
        raise ValidationError(
            _("Solo se registran acuerdos en una sesión convocada o celebrada; esta sesión está «%(status)s»."),
            code="session_status",
            params={"status": session.get_status_display()},
        )
    if not session.records_outcomes:
        raise ValidationError(
            _("La sesión aún no empieza: los acuerdos se registran durante o después de la sesión."),
            code="session_not_started",
        )
    if minutes_locked(session):
        raise ValidationError(
            _("El acta de esta sesión ya fue aprobada: no se pueden agregar acuerdos."), code="minutes_locked"
        )
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError(
            {"agenda_item": _("El punto del orden del día no pertenece a esta sesión.")}, code="agenda_item_session"
        )


@transaction.atomic
def agreement_create(
    *,
    session: Session,
    text: str,
    agenda_item: AgendaItem | None = None,
    responsible: list[Institution] | None = None,
    due_date: date | None = None,
) -> Agreement:
    """Record an agreement of a session, numbered with the council's pattern.

    The session row is locked first, so two agreements recorded at the same
    moment read the sequence one after the other and get distinct numbers.
    """
    session = Session.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)
    agreement_recording_check(session, agenda_item)
    sequence, number = agreement_reserve_number(session=session)
    agreement = Agreement(
        session=session,
        agenda_item=agenda_item,
        sequence=sequence,
        number=number,
        text=text.strip(),
        due_date=due_date,
    )
    agreement.full_clean()
    agreement.save()
    if responsible:
        agreement.responsible.set(responsible)
    return agreement


# What an agreement's edit form changes: its version (``core.concurrency``) is computed from these.
AGREEMENT_EDIT_FIELDS = ("agenda_item", "text", "responsible", "due_date")


def agreement_version(agreement: Agreement) -> str:
    """The version of an agreement as read: a save made from an older one is refused."""
    return version_of(agreement, AGREEMENT_EDIT_FIELDS)


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    text: str,
    agenda_item: AgendaItem | None,
    responsible: list[Institution],
    due_date: date | None,
    version: str | None = None,
) -> Agreement:
    """Correct an agreement's text, item, responsible institutions or due date.

    Once the session's acta is approved the text and the item are what the
    acta says and stay; the responsible institutions and the due date are the
    follow-up's and may still change. Refused (code ``stale``) when someone saved it since ``version`` was read.
    """
    agreement = Agreement.objects.select_for_update().select_related("session").get(pk=agreement.pk)
    version_check(agreement, AGREEMENT_EDIT_FIELDS, version)
    text = text.strip()
    if minutes_locked(agreement.session) and (text != agreement.text or agenda_item != agreement.agenda_item):
        raise ValidationError(
            _("El acta de la sesión ya fue aprobada: el texto y el punto del acuerdo no pueden cambiar."),
            code="minutes_locked",
        )
    if agenda_item is not None and agenda_item.session_id != agreement.session_id:
        raise ValidationError(
            {"agenda_item": _("El punto del orden del día no pertenece a la sesión del acuerdo.")},
            code="agenda_item_session",
        )
    agreement.text = text
    agreement.agenda_item = agenda_item
    agreement.due_date = due_date
    agreement.full_clean()
    agreement.save()
    agreement.responsible.set(responsible)
    return agreement


@transaction.atomic
def agreement_report_progress(
    *,
    agreement: Agreement,
    text: str,
    author,
    institution: Institution | None,
    evidence=None,
) -> AgreementUpdate:
    """A responsible institution (or the secretariat) reports progress; a pending agreement moves to in progress.

    Who may report is the view's permission check (``can_report_on_agreement``);
    the service keeps the data straight: the reporting institution must be one
    of the responsible ones, and a closed agreement takes no more reports.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_open:
        raise ValidationError(
            _("El acuerdo está «%(status)s»: ya no recibe avances."),
            code="agreement_closed",
            params={"status": agreement.get_status_display()},
        )
    if institution is not None and not agreement.responsible.filter(pk=institution.pk).exists():
        raise ValidationError(
            {"institution": _("%(institution)s no es responsable de este acuerdo.")},
            code="not_responsible",
            params={"institution": institution},
        )
    if not text.strip():
        raise ValidationError({"text": _("Describa el avance.")}, code="text_required")
    new_status = ""
    if agreement.status == Agreement.Status.PENDING:
        new_status = Agreement.Status.IN_PROGRESS
    update = AgreementUpdate(
        agreement=agreement,
        institution=institution,
        author=author,
        text=text.strip(),
        status=new_status,
        created_at=timezone.now(),
    )
    if evidence:
        update.evidence = evidence
    update.full_clean()
    update.save()
    if new_status:
        agreement.status = new_status
        agreement.save(update_fields=["status", "updated_at"])
    return update


@transaction.atomic
def agreement_set_status(*, agreement: Agreement, status: str, reason: str, author) -> AgreementUpdate:
    """The secretariat marks an agreement fulfilled or cancelled, or reopens a closed one; always with a reason.

    Only the staff of the agreement's council get here (the view's permission
    check); the dated reason stays in the agreement's history.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    reason = reason.strip()
    if status not in STAFF_STATUSES:
        raise ValidationError({"status": _("Estado no válido.")}, code="invalid_status")
    if not reason:
        raise ValidationError({"reason": _("Indique el motivo del cambio de estado.")}, code="reason_required")
    if status == agreement.status:
        raise ValidationError(
            {"status": _("El acuerdo ya está «%(status)s».")},
            code="same_status",
            params={"status": agreement.get_status_display()},
        )
    if status == Agreement.Status.IN_PROGRESS and agreement.is_open:
        raise ValidationError(
            {"status": _("Solo se reabre un acuerdo cumplido o cancelado.")}, code="reopen_open_agreement"
        )
    agreement.status = status
    agreement.status_reason = reason
    agreement.save(update_fields=["status", "status_reason", "updated_at"])
    update = AgreementUpdate(agreement=agreement, author=author, text=reason, status=status, created_at=timezone.now())
    update.full_clean()
    update.save()
    return update

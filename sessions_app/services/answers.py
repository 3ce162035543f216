"""Answering a convocation: confirm, decline, or send a suplente — a registered one or a new person.

Every answer is a new ``InvitationAnswer`` row, so answering again replaces
the invitation's current answer and keeps the history. A new person named as
suplente is recorded as *proposed*; the staff validate it later, which
creates the ``Person``.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from council.models import SeatAlternate
from members.models import Person
from members.services.directory import person_create
from sessions_app.models import Invitation, InvitationAnswer

Answer = Invitation.Answer


@dataclass(frozen=True)
class NewPerson:
    """A person named on a form, not yet registered: institutional contact data only."""

    # The names are Person's fields, so the whole of it is the data members.services.directory.person_create takes.
    full_name: str
    post: str
    email: str
    honorific: str = ""


def eligible_alternates(invitation: Invitation):
    """Who may be sent instead of the titular: the seat's suplentes (for a guest: the institution's people)."""
    if invitation.seat_id:
        people = Person.objects.filter(alternate_links__seat_id=invitation.seat_id)
    else:
        people = Person.objects.filter(institution_id=invitation.institution_id)
    if invitation.invitee_id:
        people = people.exclude(pk=invitation.invitee_id)
    return people.filter(is_active=True).order_by("full_name")


# What an answer changes on the invitation: the version a form read, so a parallel answer is not overwritten.
ANSWER_FIELDS = ("answer", "answered_at", "attendee")


def invitation_answer_version(invitation: Invitation) -> str:
    """The version of the invitation's current answer, as an answer form read it (``core.concurrency``)."""
    return version_of(invitation, ANSWER_FIELDS)


@transaction.atomic
def invitation_answer(
    *,
    invitation: Invitation,
    answer: str,
    alternate: Person | None = None,
    proposed: NewPerson | None = None,
    comment: str = "",
    channel: str = InvitationAnswer.Channel.LINK,
    by=None,
    version: str | None = None,
) -> InvitationAnswer:
    """Record an answer; it replaces the current one, and the previous ones stay in the history.

    The same rules whoever records it: the delegate (by the e-mail's link or
    logged in) or the staff on the institution's behalf (``channel`` STAFF,
    ``by`` the staff user, who is named in the answer's history). No e-mail
    is sent for an answer; an answered invitation gets no more reminders.
    ``version`` (``invitation_answer_version``, as the form read it) refuses
    the answer when another was recorded since; None compares nothing.
    """
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("session").get(pk=invitation.pk)
    if not invitation.session.accepts_answers:
        raise ValidationError(_("La sesión ya no admite respuestas."), code="closed")
    version_check(invitation, ANSWER_FIELDS, version)
    if answer not in (Answer.CONFIRMED, Answer.DECLINED, Answer.ALTERNATE):
        raise ValidationError({"answer": _("Elija una respuesta.")}, code="invalid_answer")
    record = InvitationAnswer(
        invitation=invitation,
        answer=answer,
        comment=comment,
        channel=channel,
        answered_by=by if by is not None and by.is_authenticated else None,
    )
    if answer == Answer.CONFIRMED:
        record.attendee = invitation.invitee
    elif answer == Answer.ALTERNATE:
        if (alternate is None) == (proposed is None):
            raise ValidationError(
                _("Elija a un suplente registrado o escriba los datos de otra persona, no ambos."),
                code="alternate_choice",
            )
        if alternate is not None:
            if not eligible_alternates(invitation).filter(pk=alternate.pk).exists():
                raise ValidationError(
                    {"alternate": _("Esa persona no es suplente registrada de su institución.")},
                    code="not_alternate",
                )
            record.attendee = alternate
        else:
            record.proposed_name = proposed.full_name
            record.proposed_post = proposed.post
            record.proposed_email = proposed.email
    record.full_clean()
    record.save()
    invitation.answer = answer
    invitation.answered_at = record.created_at
    invitation.attendee = record.attendee
    invitation.save(update_fields=["answer", "answered_at", "attendee"])
    return record


@transaction.atomic
def invitation_answer_by_staff(
    *,
    invitation: Invitation,
    answer: str,
    by,
    alternate: Person | None = None,
    proposed: NewPerson | None = None,
    comment: str = "",
    version: str | None = None,
) -> InvitationAnswer:
    """The staff record an institution's answer given to them (by phone, by letter) on its behalf.

    The delegate's rules (``invitation_answer``), marked as recorded by the
    secretariat (channel STAFF, ``by`` the staff user). A new person named as
    suplente is registered at once: the staff who type the data are those who
    would validate it.
    """
    record = invitation_answer(
        invitation=invitation,
        answer=answer,
        alternate=alternate,
        proposed=proposed,
        comment=comment,
        channel=InvitationAnswer.Channel.STAFF,
        by=by,
        version=version,
    )
    if proposed is not None and record.attendee_id is None:
        proposal_validate(proposal=record, person=proposed, by=by)
        record.refresh_from_db()
    return record


def _latest_answer_id(invitation_id: int) -> int | None:
    return InvitationAnswer.objects.filter(invitation_id=invitation_id).values_list("pk", flat=True).first()


@transaction.atomic
def proposal_validate(
    *,
    proposal: InvitationAnswer,
    person: NewPerson,
    add_as_alternate: bool = False,
    by=None,
) -> Person:
    """Register the proposed suplente as a Person of the institution (with the data the staff checked).

    When the proposal is still the invitation's current answer, that person
    becomes who attends. Optionally they also become a suplente of the seat.
    """
    proposal = (
        InvitationAnswer.objects.select_for_update(of=("self",))
        .select_related("invitation__seat", "invitation__institution")
        .get(pk=proposal.pk)
    )
    if proposal.answer != Answer.ALTERNATE or not proposal.proposed_name:
        raise ValidationError(_("Esta respuesta no propone a ninguna persona."), code="no_proposal")
    if proposal.validated:
        raise ValidationError(_("Esta persona ya fue validada."), code="already_validated")
    invitation = proposal.invitation
    new = person_create(data={**asdict(person), "institution": invitation.institution})
    proposal.attendee = new
    proposal.validated = True
    proposal.save(update_fields=["attendee", "validated"])
    if _latest_answer_id(invitation.pk) == proposal.pk:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.attendee = new
        invitation.save(update_fields=["attendee"])
    if add_as_alternate and invitation.seat_id:
        order = invitation.seat.alternate_links.aggregate(last=Max("order"))["last"] or 0
        link = SeatAlternate(seat=invitation.seat, person=new, order=order + 1)
        link.full_clean()
        link.save()
    return new

"""The e-mails of a convocation: the notice itself, its updates, its cancellation and the reminder.

Each e-mail goes to the invitation's titular with the seat's suplentes in
copy, in Spanish, as text and HTML, with the session's iCalendar event
attached (METHOD:REQUEST, or METHOD:CANCEL for a cancellation or a
postponement, whose new date comes later as a REQUEST) so that the
delegate's calendar keeps one entry per session whatever happens to it.
"""

from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sessions_app.ics import add_attendee, add_organizer, calendar, session_event
from sessions_app.models import Invitation
from sessions_app.tokens import answer_url, invitation_token


class Purpose(models.TextChoices):
    """Why an invitation's e-mail is sent."""

    CONVOCATION = "convocation", _("Convocatoria")
    UPDATE = "update", _("Cambio en la convocatoria")
    CANCEL = "cancel", _("Cancelación")
    POSTPONE = "postpone", _("Posposición")
    REMINDER = "reminder", _("Recordatorio")


SUBJECTS = {
    Purpose.CONVOCATION: _("Convocatoria: %(title)s — %(council)s"),
    Purpose.UPDATE: _("Cambio en la convocatoria: %(title)s — %(council)s"),
    Purpose.CANCEL: _("Cancelación: %(title)s — %(council)s"),
    Purpose.POSTPONE: _("Sesión pospuesta: %(title)s — %(council)s"),
    Purpose.REMINDER: _("Recordatorio: confirme su asistencia a la %(title)s — %(council)s"),
}


# These take the session out of the delegate's calendar (METHOD:CANCEL).
REMOVES_EVENT = (Purpose.CANCEL, Purpose.POSTPONE)


class DeliveryImpossible(Exception):
    """The invitation cannot be e-mailed at all (nobody with an address); retrying would not help."""


def organizer(invitation: Invitation) -> tuple[str, str]:
    """The address and name the calendar shows as organizer: the council's secretariat mailbox.

    A calendar's «Aceptar» or «Rechazar» is a reply to this address, so it must be one a person reads:
    the council's own (``Council.secretariat_email``), else the deployment's
    ``CONVOCATION_ORGANIZER_EMAIL``, else the sender's.
    """
    council = invitation.session.council
    address = (
        council.secretariat_email
        or getattr(settings, "CONVOCATION_ORGANIZER_EMAIL", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    return address, council.secretariat_institution.name


# How an institution's answer reads in its people's calendars: (the titular's PARTSTAT, the suplentes').
PARTSTAT = {
    Invitation.Answer.PENDING: ("NEEDS-ACTION", "NEEDS-ACTION"),
    Invitation.Answer.CONFIRMED: ("ACCEPTED", "NEEDS-ACTION"),
    Invitation.Answer.DECLINED: ("DECLINED", "DECLINED"),
    Invitation.Answer.ALTERNATE: ("DELEGATED", "NEEDS-ACTION"),
}


def calendar_attendees(invitation: Invitation) -> list[dict]:
    """The event's attendees: the titular (required) and the seat's suplentes (optional), each with the
    institution's answer so far; whoever is sent instead accepts on the titular's behalf (DELEGATED-FROM)."""
    titular = invitation.invitee
    titular_status, alternates_status = PARTSTAT.get(invitation.answer, PARTSTAT[Invitation.Answer.PENDING])
    sent = invitation.attendee if invitation.answer == Invitation.Answer.ALTERNATE else None
    sent_email = sent.email if sent is not None and sent.email else ""
    attendees: list[dict] = []
    seen: set[str] = set()
    if titular is not None and titular.email:
        attendees.append(
            {
                "email": titular.email,
                "name": titular.display_name,
                "partstat": titular_status if (titular_status != "DELEGATED" or sent_email) else "DECLINED",
                "delegated_to": sent_email if titular_status == "DELEGATED" else "",
            }
        )
        seen.add(titular.email.lower())
    people = [link.person for link in getattr(invitation, "alternate_list", []) if link.person.is_active]
    if sent is not None and sent not in people and sent != titular:
        people.append(sent)
    for person in people:
        if not person.email or person.email.lower() in seen:
            continue
        seen.add(person.email.lower())
        is_sent = sent is not None and person.pk == sent.pk
        attendees.append(
            {
                "email": person.email,
                "name": person.display_name,
                "optional": not is_sent,
                "partstat": "ACCEPTED" if is_sent else alternates_status,
                "delegated_from": titular.email if is_sent and titular is not None and titular.email else "",
            }
        )
    return attendees


def recipients(invitation: Invitation, *, purpose: str) -> tuple[list[str], list[str]]:
    """(to, cc): the titular, and in copy the seat's suplentes (and whoever is to attend instead)."""
    alternates = [link.person for link in getattr(invitation, "alternate_list", [])]
    people = [p for p in alternates if p.is_active]
    if purpose != Purpose.CONVOCATION and invitation.attendee_id:
        people.append(invitation.attendee)
    to = [invitation.invitee.email] if invitation.invitee_id and invitation.invitee.email else []
    cc = []
    for person in people:
        if person.email and person.email not in to and person.email not in cc:
            cc.append(person.email)
    if not to and cc:
        # A seat without titular (or one without address): the suplentes are the addressees.
        to, cc = cc[:1], cc[1:]
    if not to:
        raise DeliveryImpossible(_("Ni la persona titular ni sus suplentes tienen correo institucional registrado."))
    return to, cc


def invitation_ics(invitation: Invitation, *, purpose: str) -> bytes:
    """The .ics of the invitation: ORGANIZER (the secretariat's mailbox), the titular and the suplentes as
    ATTENDEEs with the answer already given, stable UID, SEQUENCE."""
    cancel = purpose in REMOVES_EVENT
    event = session_event(invitation.session, cancelled=cancel)
    email, name = organizer(invitation)
    add_organizer(event, email=email, name=name)
    for attendee in calendar_attendees(invitation):
        add_attendee(event, rsvp=not cancel, **attendee)
    return calendar([event], method="CANCEL" if cancel else "REQUEST").to_ical()


def invitation_message(invitation: Invitation, *, purpose: str, agenda: list) -> EmailMultiAlternatives:
    """The e-mail of one invitation, ready to send; ``invitation`` comes from ``selectors.invitation_for_message``."""
    to, cc = recipients(invitation, purpose=purpose)
    session = invitation.session
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        token = invitation_token(invitation)
        context = {
            "invitation": invitation,
            "session": session,
            "council": session.council,
            "agenda": agenda,
            "purpose": purpose,
            "answer_url": answer_url(invitation),
            "calendar_url": site + reverse("sessions_app:answer_calendar", args=[token]),
            "agenda_url": site + reverse("sessions_app:answer_agenda", args=[token]),
            "site_url": site,
        }
        subject = SUBJECTS[purpose] % {
            "title": session.title,
            "council": session.council.short_name or session.council.name,
        }
        text = render_to_string("sessions_app/emails/invitation.txt", context)
        html = render_to_string("sessions_app/emails/invitation.html", context)
    reply_to = [session.council.secretariat_email] if session.council.secretariat_email else None
    message = EmailMultiAlternatives(subject=str(subject), body=text, to=to, cc=cc, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    # text/calendar with its METHOD parameter, so mail clients offer to add (or remove) the event.
    part = MIMEText(invitation_ics(invitation, purpose=purpose).decode(), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if purpose in REMOVES_EVENT else "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="convocatoria.ics")
    message.attach(part)
    return message

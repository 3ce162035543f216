"""Reads about answers: an invitation's answers, the proposed suplentes still to validate."""

from django.db.models import F, OuterRef, QuerySet, Subquery

from sessions_app.models import (
    Invitation,
    InvitationAnswer,
    Session,
)


def proposals_to_validate() -> QuerySet[InvitationAnswer]:
    """Suplentes proposed by name, not yet validated, whose proposal is still the invitation's current answer."""
    latest = InvitationAnswer.objects.filter(invitation=OuterRef("invitation")).order_by("-created_at", "-pk")
    return (
        InvitationAnswer.objects.filter(answer=Invitation.Answer.ALTERNATE, validated=False, attendee__isnull=True)
        .exclude(proposed_name="")
        .annotate(latest=Subquery(latest.values("pk")[:1]))
        .filter(pk=F("latest"))
    )


def pending_proposals(*, session: Session) -> QuerySet[InvitationAnswer]:
    """Proposed suplentes still to validate, only where the proposal is still the invitation's current answer."""
    return (
        proposals_to_validate()
        .filter(invitation__session=session)
        .select_related("invitation__institution", "invitation__invitee", "invitation__seat")
        .order_by("invitation__institution__name")
    )


def answer_history(*, invitation: Invitation, limit: int = 10) -> list[InvitationAnswer]:
    """An invitation's latest answers, newest first, with who attends and, for the staff's, who recorded it."""
    return list(invitation.answers.select_related("attendee", "answered_by").order_by("-created_at", "-pk")[:limit])

"""Reads about sessions: the list, the session page, the years of the filter."""

from django.db.models import Count, Prefetch, Q, QuerySet

from core.queries import CompiledQuery
from council.permissions import managed_councils
from members.models import Person
from sessions_app.models import (
    AgendaItem,
    Agreement,
    Document,
    InformativeNote,
    Invitation,
    Minutes,
    Session,
)
from sessions_app.permissions import visible_sessions
from sessions_app.selectors.agenda import attach_group_reports, follow_up_agreements
from sessions_app.selectors.minutes import previous_minutes


def sessions_with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions as a list row shows them: council, working group, and how many invited, confirmed and attended.

    The row shows confirmations before the session and attendance once it was held (``includes/_session_count``).
    """
    return sessions.select_related("council", "working_group").annotate(
        invited=Count("invitations", distinct=True),
        confirmed=Count(
            "invitations",
            filter=Q(invitations__answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE]),
            distinct=True,
        ),
        attended=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
    )


def sessions_for_list(user) -> QuerySet[Session]:
    """The sessions the user may see (the dashboard's lists), with their confirmation counts."""
    return sessions_with_counts(visible_sessions(user))


def session_detail(*, session: Session, institution_id: int | None = None) -> dict:
    """The session page: its agenda, invitations (only the delegate's own, for delegates) and agreements."""
    return {
        **session_content(session=session, institution_id=institution_id),
        "invitations": session_invitations(session=session, institution_id=institution_id),
    }


def session_invitations(*, session: Session, institution_id: int | None = None) -> list[Invitation]:
    """Who is convened and how they answered (only the delegate's own institution, for delegates)."""
    invitations = Invitation.objects.filter(session=session).select_related("institution", "invitee", "attendee")
    if institution_id is not None:
        invitations = invitations.filter(institution_id=institution_id)
    return list(invitations.order_by("-has_vote", "role", "institution__name"))


# What the session page's list of convened institutions shows (``templatetags.invitation_list``).
INVITATION_ROW_FIELDS = (
    "pk",
    "role",
    "has_vote",
    "answer",
    "attended",
    "institution__name",
    "attendee__honorific",
    "attendee__full_name",
)


def _invitation_rows(session_id: int, institution_id: int | None = None) -> QuerySet:
    invitations = Invitation.objects.filter(session_id=session_id)
    if institution_id is not None:
        invitations = invitations.filter(institution_id=institution_id)
    return invitations.order_by("-has_vote", "role", "institution__name").values_list(*INVITATION_ROW_FIELDS)


_ROWS = CompiledQuery(_invitation_rows)  # compiled once for the session alone, once with an institution


def session_invitation_rows(*, session: Session, institution_id: int | None = None) -> list[dict]:
    """``session_invitations`` as the session page lists them: a few columns, no model instances (compiled once:
    ``core.queries``)."""
    rows = _ROWS.rows(session.pk) if institution_id is None else _ROWS.rows(session.pk, institution_id)
    return [dict(zip(INVITATION_ROW_FIELDS, row, strict=True)) for row in rows]


def session_content(*, session: Session, institution_id: int | None = None) -> dict:
    """What the session page shows besides attendance: agenda, agreements, acta, nota and published documents."""
    agenda = (
        AgendaItem.objects.filter(session=session)
        .select_related("presenter_institution", "presenter", "vote")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(kind=Document.Kind.ANNEX, archived_at__isnull=True),
                to_attr="annexes",
            )
        )
        .order_by("order")
    )
    agreements = Agreement.objects.filter(session=session).prefetch_related("responsible").order_by("sequence")
    agenda = list(agenda)
    attach_group_reports(session, agenda)
    kinds = {item.kind for item in agenda}
    # Who presided and who acted as technical secretariat, when recorded (read only then).
    officers = [pk for pk in (session.presiding_person_id, session.secretariat_person_id) if pk]
    people = {p.pk: p for p in Person.objects.filter(pk__in=officers).select_related("institution")} if officers else {}
    return {
        "presiding_person": people.get(session.presiding_person_id),
        "secretariat_person": people.get(session.secretariat_person_id),
        "agenda": agenda,
        "agreements": list(agreements),
        "follow_up": list(follow_up_agreements(session)) if AgendaItem.Kind.FOLLOW_UP in kinds else [],
        "previous_minutes": previous_minutes(session=session) if AgendaItem.Kind.MINUTES_APPROVAL in kinds else [],
        "session_minutes": Minutes.objects.filter(session=session).first(),
        # The staff's line about the nota informativa: its latest version (delegates do not see drafts).
        "session_note": (
            InformativeNote.objects.filter(session=session).order_by("-version").first()
            if institution_id is None
            else None
        ),
        # Published versions: all kinds for staff (convocatoria and lista de asistencia too, when published),
        # the acta and the nota for delegates.
        "published": list(
            Document.objects.filter(session=session, published_at__isnull=False, archived_at__isnull=True)
            .exclude(kind=Document.Kind.ANNEX)
            .filter(
                kind__in=[Document.Kind.MINUTES, Document.Kind.NOTE]
                if institution_id is not None
                else [kind for kind in Document.Kind.values if kind != Document.Kind.ANNEX]
            )
            .order_by("kind", "-version")
        ),
    }


def sessions_for_staff(user) -> QuerySet[Session]:
    """The sessions of the councils the user manages, newest first, with their confirmation counts."""
    return sessions_with_counts(Session.objects.filter(council__in=managed_councils(user))).order_by(
        "-starts_at", "-pk"
    )


def session_years(user) -> list[int]:
    """The years that have sessions in the councils the user manages, for the year filter."""
    years = Session.objects.filter(council__in=managed_councils(user)).values_list("year", flat=True)
    return sorted(set(years.distinct()), reverse=True)

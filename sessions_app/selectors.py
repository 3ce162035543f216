"""Reads about sessions; each owns the joins its page needs, so pages keep a fixed query count."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.models import Council
from council.permissions import managed_councils, visible_sessions
from sessions_app.models import (
    AgendaItem,
    Agreement,
    AgreementUpdate,
    Ballot,
    Document,
    InformativeNote,
    Invitation,
    InvitationAnswer,
    Minutes,
    MinutesComment,
    Session,
)


def sessions_for_list(user) -> QuerySet[Session]:
    return (
        visible_sessions(user)
        .select_related("council", "working_group")
        .annotate(
            invited=Count("invitations", distinct=True),
            confirmed=Count(
                "invitations",
                filter=Q(invitations__answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE]),
                distinct=True,
            ),
        )
    )


def dashboard(*, user, limit: int = 10) -> dict:
    """Upcoming and recent sessions the user may see."""
    now = timezone.now()
    sessions = sessions_for_list(user)
    upcoming = sessions.filter(ends_at__gte=now).exclude(status=Session.Status.CANCELLED).order_by("starts_at")
    recent = sessions.filter(ends_at__lt=now).order_by("-starts_at")
    return {"upcoming": list(upcoming[:limit]), "recent": list(recent[:limit])}


@dataclass(frozen=True)
class Task:
    """Something the secretariat has to do: what, how many, where, and how urgent."""

    text: str
    count: int
    url: str
    urgent: bool = False


SOON = timedelta(days=15)


def secretariat_tasks(*, user) -> list[Task]:
    """What awaits the secretariat in the councils the user manages, most urgent first, in four queries.

    Suplentes to validate before upcoming sessions, overdue agreements, held
    sessions whose acta is still to be drafted, circulated or approved, and
    draft sessions starting soon that have not been convened.
    """
    councils = managed_councils(user)
    now = timezone.now()
    tasks: list[Task] = []

    proposals = (
        _proposals_to_validate()
        .filter(
            invitation__session__council__in=councils,
            invitation__session__status=Session.Status.CONVENED,
            invitation__session__ends_at__gte=now,
        )
        .values("invitation__session", "invitation__session__starts_at")
        .annotate(n=Count("pk"))
        .order_by("invitation__session__starts_at")
    )
    for row in proposals:
        starts_at = timezone.localtime(row["invitation__session__starts_at"])
        tasks.append(
            Task(
                ngettext(
                    "%(n)d suplente por validar para la sesión del %(date)s",
                    "%(n)d suplentes por validar para la sesión del %(date)s",
                    row["n"],
                )
                % {"n": row["n"], "date": starts_at.strftime("%d/%m/%Y")},
                row["n"],
                reverse("sessions_app:proposals", args=[row["invitation__session"]]),
                urgent=True,
            )
        )

    overdue = (
        Agreement.objects.filter(
            session__council__in=councils,
            status__in=Agreement.OPEN_STATUSES,
            due_date__lt=timezone.localdate(),
        )
        .values("session__council", "session__council__short_name")
        .annotate(n=Count("pk"))
        .order_by("session__council__short_name")
    )
    for row in overdue:
        tasks.append(
            Task(
                ngettext(
                    "%(n)d acuerdo vencido en %(council)s",
                    "%(n)d acuerdos vencidos en %(council)s",
                    row["n"],
                )
                % {"n": row["n"], "council": row["session__council__short_name"]},
                row["n"],
                reverse("agreements:tracker", args=[row["session__council"]]) + "?overdue=on",
                urgent=True,
            )
        )

    held = (
        Session.objects.filter(council__in=councils, status=Session.Status.HELD)
        .select_related("council", "working_group", "minutes")
        .order_by("starts_at")
    )
    for session in held:
        minutes = getattr(session, "minutes", None)
        if minutes is None:
            text, url = _("Redactar el acta de la %(title)s"), reverse("sessions_app:minutes_draft", args=[session.pk])
        elif minutes.status == Minutes.Status.DRAFT:
            text, url = _("Circular el acta de la %(title)s"), reverse("sessions_app:minutes", args=[session.pk])
        else:
            text, url = (
                _("Someter a aprobación el acta de la %(title)s en la siguiente sesión"),
                reverse("sessions_app:minutes", args=[session.pk]),
            )
        tasks.append(Task(text % {"title": f"{session.title} ({session.council.short_name})"}, 1, url))

    drafts = (
        Session.objects.filter(council__in=councils, status=Session.Status.DRAFT, starts_at__range=(now, now + SOON))
        .select_related("council", "working_group")
        .order_by("starts_at")
    )
    for session in drafts:
        tasks.append(
            Task(
                _("Convocar la %(title)s (%(council)s), que se celebra el %(date)s")
                % {
                    "title": session.title,
                    "council": session.council.short_name,
                    "date": timezone.localtime(session.starts_at).strftime("%d/%m/%Y"),
                },
                1,
                reverse("sessions_app:convene", args=[session.pk]),
                urgent=session.starts_at < now + timedelta(days=5),
            )
        )
    return tasks


def pending_invitations(*, institution_id: int | None) -> list[Invitation]:
    """Invitations of the delegate's institution still to be answered."""
    if not institution_id:
        return []
    return list(
        Invitation.objects.filter(
            institution_id=institution_id,
            answer=Invitation.Answer.PENDING,
            session__status=Session.Status.CONVENED,
            session__ends_at__gte=timezone.now(),
        )
        .select_related("session__council", "session__working_group")
        .order_by("session__starts_at")
    )


def session_detail(*, session: Session, institution_id: int | None = None) -> dict:
    """The session page: its agenda, invitations (only the delegate's own, for delegates) and agreements."""
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
    invitations = Invitation.objects.filter(session=session).select_related("institution", "invitee", "attendee")
    if institution_id is not None:
        invitations = invitations.filter(institution_id=institution_id)
    agreements = Agreement.objects.filter(session=session).prefetch_related("responsible").order_by("sequence")
    agenda = list(agenda)
    kinds = {item.kind for item in agenda}
    return {
        "agenda": agenda,
        "invitations": list(invitations.order_by("-has_vote", "role", "institution__name")),
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
        "published": list(
            Document.objects.filter(session=session, published_at__isnull=False)
            .filter(kind__in=[Document.Kind.MINUTES, Document.Kind.NOTE])
            .order_by("kind", "-version")
        ),
    }


def follow_up_agreements(session: Session) -> QuerySet[Agreement]:
    """The open agreements of the same body's earlier sessions: the "Seguimiento de acuerdos" item's content.

    The same body means the council's plenary for a plenary session, the
    working group for one of its sessions. Open means pending or in progress
    today; they are listed oldest first, each with its session, its
    responsible institutions and its latest reported progress.
    """
    return (
        Agreement.objects.filter(
            session__council_id=session.council_id,
            session__working_group_id=session.working_group_id,
            session__starts_at__lt=session.starts_at,
            status__in=Agreement.OPEN_STATUSES,
        )
        .select_related("session", "agenda_item")
        .prefetch_related(
            "responsible",
            Prefetch(
                "updates",
                queryset=AgreementUpdate.objects.select_related("institution").order_by("-created_at", "-pk"),
                to_attr="update_list",
            ),
        )
        .order_by("session__starts_at", "sequence")
    )


def _alternates_prefetch() -> Prefetch:
    from council.models import SeatAlternate

    return Prefetch(
        "seat__alternate_links",
        queryset=SeatAlternate.objects.select_related("person").order_by("order", "pk"),
        to_attr="alternate_list",
    )


def invitation_for_message(*, invitation_id: int) -> Invitation:
    """One invitation with everything its e-mail shows: session, council, people, the seat's suplentes."""
    invitation = (
        Invitation.objects.select_related(
            "session__council__secretariat_institution",
            "session__working_group",
            "institution",
            "invitee",
            "attendee",
            "seat",
        )
        .prefetch_related(_alternates_prefetch())
        .get(pk=invitation_id)
    )
    invitation.alternate_list = invitation.seat.alternate_list if invitation.seat_id else []
    return invitation


def agenda_for_message(*, session: Session) -> list[AgendaItem]:
    """The orden del día as the e-mails and the answer page list it."""
    return list(AgendaItem.objects.filter(session=session).select_related("presenter_institution").order_by("order"))


def _proposals_to_validate() -> QuerySet[InvitationAnswer]:
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
        _proposals_to_validate()
        .filter(invitation__session=session)
        .select_related("invitation__institution", "invitation__invitee", "invitation__seat")
        .order_by("invitation__institution__name")
    )


def guest_invitations(*, session: Session) -> QuerySet[Invitation]:
    """The institutions invited to this session only (no seat in the council)."""
    return (
        Invitation.objects.filter(session=session, seat__isnull=True)
        .select_related("institution", "invitee")
        .order_by("institution__name")
    )


def convocation_status(*, session: Session) -> dict:
    """The live view of a convocation: invitations grouped by answer and delivery, and the projected quorum."""
    from sessions_app.services.convocation import pending_seats
    from sessions_app.services.quorum import projected_quorum

    proposals = Prefetch(
        "answers",
        queryset=InvitationAnswer.objects.filter(validated=False, attendee__isnull=True).exclude(proposed_name=""),
        to_attr="open_proposals",
    )
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "invitee", "attendee")
        .prefetch_related(proposals)
        .order_by("-has_vote", "institution__name")
    )
    groups = {key: [] for key in ("confirmed", "alternate", "declined", "pending", "not_reached")}
    for invitation in invitations:
        awaiting = invitation.answer == Invitation.Answer.ALTERNATE and not invitation.attendee_id
        invitation.proposal = invitation.open_proposals[0] if awaiting and invitation.open_proposals else None
        not_reached = invitation.delivery == Invitation.Delivery.FAILED or (
            invitation.delivery == Invitation.Delivery.QUEUED and invitation.delivery_error
        )
        if invitation.answer == Invitation.Answer.PENDING:
            groups["not_reached" if not_reached else "pending"].append(invitation)
        else:
            groups[invitation.answer].append(invitation)
    return {
        "groups": groups,
        "total": len(invitations),
        "queued": sum(1 for i in invitations if i.delivery == Invitation.Delivery.QUEUED),
        "sent": sum(1 for i in invitations if i.delivery == Invitation.Delivery.SENT),
        "projected": projected_quorum(session=session),
        "preparing": pending_seats(session=session).count() if session.status == Session.Status.CONVENED else 0,
        "proposals_pending": sum(1 for i in invitations if i.proposal),
    }


def checkin_list(*, session: Session) -> list[Invitation]:
    """Every invitation with the people who may come for it: titular, suplentes, whoever the answer named."""
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "invitee", "attendee", "seat")
        .prefetch_related(_alternates_prefetch())
        .order_by("-has_vote", "institution__name")
    )
    for invitation in invitations:
        alternates = [link.person for link in invitation.seat.alternate_list] if invitation.seat_id else []
        invitation.alternate_people = [p for p in alternates if p.is_active and p.pk != invitation.invitee_id]
    return invitations


@dataclass(frozen=True)
class AgendaSchedule:
    """The agenda with each item's projected start and end, from the session's start and the durations."""

    items: list[AgendaItem]
    projected_end: datetime
    scheduled_end: datetime

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the agenda runs past the session's scheduled end (0 when it fits)."""
        return max(int((self.projected_end - self.scheduled_end).total_seconds() // 60), 0)


def agenda_schedule(*, session: Session) -> AgendaSchedule:
    """The agenda editor's items: presenters, how many agreements and active annexes each has, projected times."""
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("presenter_institution", "presenter")
        .annotate(
            agreement_count=Count("agreements", distinct=True),
            document_count=Count("documents", distinct=True),
            annex_count=Count(
                "documents",
                filter=Q(documents__kind=Document.Kind.ANNEX, documents__archived_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("order")
    )
    clock = session.starts_at
    for item in items:
        item.projected_start = clock
        clock = clock + timedelta(minutes=item.duration_minutes)
        item.projected_end = clock
    return AgendaSchedule(items=items, projected_end=clock, scheduled_end=session.ends_at)


def item_annexes(*, item: AgendaItem) -> dict:
    """An agenda item's annexes: the current ones, and the archived ones kept for the record."""
    documents = list(
        Document.objects.filter(agenda_item=item, kind=Document.Kind.ANNEX)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )
    return {
        "annexes": [document for document in documents if document.archived_at is None],
        "archived": [document for document in documents if document.archived_at is not None],
    }


def sessions_for_staff(user) -> QuerySet[Session]:
    """The sessions of the councils the user manages, newest first, with their confirmation counts."""
    return (
        Session.objects.filter(council__in=managed_councils(user))
        .select_related("council", "working_group")
        .annotate(
            invited=Count("invitations", distinct=True),
            confirmed=Count(
                "invitations",
                filter=Q(invitations__answer__in=[Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE]),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def session_years(user) -> list[int]:
    """The years that have sessions in the councils the user manages, for the year filter."""
    years = Session.objects.filter(council__in=managed_councils(user)).values_list("year", flat=True)
    return sorted(set(years.distinct()), reverse=True)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    sessions: list[Session]


def calendar_month(*, user, year: int, month: int) -> list[list[CalendarDay]]:
    """A month grid (weeks from Monday) with the sessions the user may see on each day.

    Delegates see their institution's sessions; drafts only appear to the staff
    who manage them, since nobody else has been told of them.
    """
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(weeks[0][0], time.min), tz)
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=1), time.min), tz)
    sessions = (
        visible_sessions(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .filter(Q(council__in=managed_councils(user)) | ~Q(status=Session.Status.DRAFT))
        .select_related("council", "working_group")
        .order_by("starts_at")
    )
    by_day: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at, tz).date()].append(session)
    today = timezone.localdate()
    return [
        [CalendarDay(day=day, in_month=day.month == month, is_today=day == today, sessions=by_day[day]) for day in week]
        for week in weeks
    ]


def feed_sessions(*, council: Council) -> list[Session]:
    """What a council's calendar feed publishes: every session it has announced (drafts are not)."""
    return list(
        Session.objects.filter(council=council)
        .exclude(status=Session.Status.DRAFT)
        .select_related("council", "working_group")
        .order_by("starts_at")
    )


def _last_update_at():
    latest = AgreementUpdate.objects.filter(agreement=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values("created_at")[:1])


def agreements_for_tracker(*, council) -> QuerySet[Agreement]:
    """Every agreement of a council (plenary and working groups), newest session first, for the tracker and its CSV."""
    return (
        Agreement.objects.filter(session__council=council)
        .select_related("session__working_group", "agenda_item")
        .prefetch_related("responsible")
        .annotate(last_update_at=_last_update_at())
        .order_by("-session__starts_at", "sequence")
    )


def tracker_summary(*, council) -> dict:
    """How many agreements the council has in each state, and how many open ones are overdue."""
    today = timezone.localdate()
    counts = Agreement.objects.filter(session__council=council).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Agreement.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=Agreement.OPEN_STATUSES, due_date__lt=today)),
        fulfilled=Count("pk", filter=Q(status=Agreement.Status.FULFILLED)),
        cancelled=Count("pk", filter=Q(status=Agreement.Status.CANCELLED)),
    )
    return counts


def institution_agreements(*, institution_id: int, open_only: bool = False) -> QuerySet[Agreement]:
    """The agreements an institution is responsible for, the nearest due date first."""
    agreements = Agreement.objects.filter(responsible=institution_id)
    if open_only:
        agreements = agreements.filter(status__in=Agreement.OPEN_STATUSES)
    return (
        agreements.select_related("session__council", "session__working_group")
        .prefetch_related("responsible")
        .annotate(last_update_at=_last_update_at())
        .order_by(F("due_date").asc(nulls_last=True), "session__starts_at", "sequence")
    )


def institution_agreements_panel(*, institution_id: int | None, limit: int = 10) -> dict:
    """The dashboard's "Acuerdos de mi institución": the first open ones and how many there are."""
    if not institution_id:
        return {"my_agreements": [], "my_agreements_open": 0}
    agreements = institution_agreements(institution_id=institution_id, open_only=True)
    return {"my_agreements": list(agreements[:limit]), "my_agreements_open": agreements.count()}


def agreement_detail(*, agreement: Agreement) -> dict:
    """An agreement's page: its responsible institutions and its dated history of progress and status changes."""
    updates = AgreementUpdate.objects.filter(agreement=agreement).select_related("institution", "author")
    return {"responsible": list(agreement.responsible.order_by("name")), "updates": list(updates)}


def minutes_source(*, session: Session) -> dict:
    """Everything the acta's draft tells: attendance and quorum, each item with its notes, vote and agreements."""
    from council.models import Seat

    session = Session.objects.select_related("council", "working_group").get(pk=session.pk)
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "attendee", "invitee", "seat")
        .order_by("-has_vote", "institution__name")
    )
    for invitation in invitations:
        invitation.is_presidency = (
            invitation.seat_id and invitation.seat.role == Seat.Role.PRESIDENCY
        ) or invitation.institution_id == session.council.presiding_institution_id
    ballots = Prefetch(
        "vote__ballots",
        queryset=Ballot.objects.select_related("invitation__institution").order_by("invitation__institution__name"),
    )
    agreements = Prefetch("agreements", queryset=Agreement.objects.prefetch_related("responsible").order_by("sequence"))
    items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("vote", "presenter_institution", "presenter")
        .prefetch_related(ballots, agreements)
        .order_by("order")
    )
    for item in items:
        item.outcome = item.vote if hasattr(item, "vote") else None
        if item.outcome is not None:
            groups = {choice: [] for choice in Ballot.Choice.values}
            for ballot in item.outcome.ballots.all():
                groups[ballot.choice].append(ballot.invitation.institution.name)
            item.outcome.names_for = groups[Ballot.Choice.FOR]
            item.outcome.names_against = groups[Ballot.Choice.AGAINST]
            item.outcome.names_abstaining = groups[Ballot.Choice.ABSTENTION]
    loose = list(
        Agreement.objects.filter(session=session, agenda_item__isnull=True)
        .prefetch_related("responsible")
        .order_by("sequence")
    )
    return {
        "session": session,
        "council": session.council,
        "voting_present": [i for i in invitations if i.has_vote and i.attended],
        "voting_absent": [i for i in invitations if i.has_vote and not i.attended],
        "others_present": [i for i in invitations if not i.has_vote and i.attended],
        "agenda": items,
        "loose_agreements": loose,
    }


def previous_minutes(*, session: Session) -> list[Minutes]:
    """The actas the session may approve, or approved: earlier sessions of the same body, not yet approved elsewhere."""
    return list(
        Minutes.objects.filter(
            session__council_id=session.council_id,
            session__working_group_id=session.working_group_id,
            session__starts_at__lt=session.starts_at,
        )
        .filter(Q(approved_at_session=session) | ~Q(status=Minutes.Status.APPROVED))
        .select_related("session")
        .order_by("-session__starts_at")
    )


def minutes_page(*, session: Session, institution_id: int | None = None) -> dict:
    """The acta's page: the acta (if drafted), its comments (a delegate sees their institution's) and approval."""
    minutes = Minutes.objects.filter(session=session).select_related("approved_at_session").first()
    comments = []
    if minutes is not None:
        comments = MinutesComment.objects.filter(minutes=minutes).select_related("institution", "author")
        if institution_id is not None:
            comments = comments.filter(institution_id=institution_id)
        comments = list(comments)
    return {"minutes": minutes, "comments": comments}


def informative_note_source(*, session: Session, issuer) -> dict:
    """What the nota informativa's draft tells, in six queries whatever the size of the session.

    The session with its council and group; the invitations in the seat order of
    the council (members first, then the invited figures); the agenda; the
    agreements; the working groups the session formed; the issuer's seats (its
    capacity: "en su calidad de Secretaría Técnica de …").
    """
    from council.models import Seat, WorkingGroup

    session = Session.objects.select_related("council", "working_group").get(pk=session.pk)
    invitations = list(
        Invitation.objects.filter(session=session)
        .select_related("institution", "seat")
        # Seats in the council's order; institutions invited to this session only (no seat) after them.
        .order_by("-has_vote", "role", F("seat__order").asc(nulls_last=True), "institution__name")
    )
    seats = list(
        Seat.objects.active(on=timezone.localtime(session.starts_at).date())
        .filter(institution=issuer)
        .select_related("council")
        .order_by("role", "council__name")
    )
    return {
        "session": session,
        "council": session.council,
        "issuer": issuer,
        "invitations": invitations,
        "agenda": list(AgendaItem.objects.filter(session=session).order_by("order")),
        "agreements": list(Agreement.objects.filter(session=session).order_by("sequence")),
        "groups": list(WorkingGroup.objects.filter(formed_at=session).select_related("coordinator").order_by("pk")),
        "issuer_seats": seats,
    }


def informative_note_versions(*, session: Session) -> list[InformativeNote]:
    """Every version of the session's nota, newest first, with its issuer and its published PDF."""
    return list(
        InformativeNote.objects.filter(session=session)
        .select_related("issuer", "document", "created_by")
        .order_by("-version")
    )

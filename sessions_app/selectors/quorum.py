"""Quorum is computed, not typed: voting seats present (or expected) against the council's rule."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import charts
from core.queries import CompiledQuery
from sessions_app.models import Invitation, Session

_YES = (Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE)  # confirmed, or sending a suplente
_ANSWERED_YES = Q(answer__in=_YES)


@dataclass(frozen=True)
class Quorum:
    """The quorum of a session at one moment."""

    voting_seats: int
    present: int
    required: int
    second_call: bool = False

    @property
    def met(self) -> bool:
        return self.voting_seats > 0 and self.present >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)

    @property
    def count_sentence(self) -> str:
        """The count in words, true whatever the numbers: "3 integrantes con voto presentes; se requieren 2 de 4."

        Never "3 de 1 requeridos": who is present and what the rule requires are said apart; with no voting
        seat convened there is no quorum to compute.
        """
        if not self.voting_seats:
            return str(_("Ninguna institución convocada tiene voto: no se computa quórum."))
        present = ngettext(
            "%(n)s integrante con voto presente", "%(n)s integrantes con voto presentes", self.present
        ) % {"n": self.present}
        required = ngettext("se requiere %(r)s de %(s)s", "se requieren %(r)s de %(s)s", self.required) % {
            "r": self.required,
            "s": self.voting_seats,
        }
        sentence = f"{present}; {required}."
        if self.missing:
            sentence += " " + ngettext("Falta %(n)s.", "Faltan %(n)s.", self.missing) % {"n": self.missing}
        return sentence


def quorum_for(*, session: Session, second_call: bool = False) -> Quorum:
    """Quorum from attendance taken on the day.

    Every voting seat convened counts in the base, vacant or not: the
    institution is a member whether or not it has named a titular. A seat is
    present when its titular or a suplente came; seats without vote and
    guests never count.
    """
    counts = session.invitations.filter(has_vote=True).aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(attended=True))
    )
    return _quorum(session, counts["total"], counts["present"], second_call)


def projected_quorum(*, session: Session) -> Quorum:
    """Quorum projected from the answers before the day: those who confirmed or send a suplente."""
    counts = session.invitations.filter(has_vote=True).aggregate(
        total=Count("pk"), present=Count("pk", filter=_ANSWERED_YES)
    )
    return _quorum(session, counts["total"], counts["present"], False)


def _quorum(session: Session, total: int, present: int, second_call: bool) -> Quorum:
    required = session.council.quorum_required(total, second_call=second_call)
    return Quorum(voting_seats=total, present=present, required=required, second_call=second_call)


@dataclass(frozen=True)
class QuorumGauge:
    """The quorum at a glance: voting seats present, those expected besides, what each call requires."""

    voting_seats: int
    present: int
    expected: int  # confirmed or sending a suplente, not (yet) present
    required_first: int
    required_second: int
    chart: charts.Gauge

    @property
    def met_first(self) -> bool:
        return self.voting_seats > 0 and self.present >= self.required_first

    @property
    def met_second(self) -> bool:
        return self.voting_seats > 0 and self.present >= self.required_second

    @property
    def projected_met(self) -> bool:
        return self.voting_seats > 0 and self.present + self.expected >= self.required_first


_COUNTS = ("total", "present", "answered_yes", "expected")
_VOTING_COUNTS = CompiledQuery(
    lambda session_id: (
        Invitation.objects.filter(session_id=session_id, has_vote=True)
        .order_by()
        .values("session_id")
        .annotate(
            total=Count("pk"),
            present=Count("pk", filter=Q(attended=True)),
            answered_yes=Count("pk", filter=_ANSWERED_YES),
            expected=Count("pk", filter=_ANSWERED_YES & Q(attended=False)),
        )
        .values_list(*_COUNTS)
    )
)


def _voting_counts(session: Session) -> dict:
    """The voting seats convened: in all, present, answered yes, and answered yes but not (yet) present (one
    query, compiled once: ``core.queries``)."""
    rows = _VOTING_COUNTS.rows(session.pk)
    return dict(zip(_COUNTS, rows[0] if rows else (0, 0, 0, 0), strict=True))


def quorum_gauge(*, session: Session) -> QuorumGauge:
    """The gauge of a session's quorum (one aggregate query): present, and expected from the answers."""
    return _gauge(session, _voting_counts(session))


def quorum_gauge_of_rows(*, session: Session, rows: list[dict]) -> QuorumGauge:
    """``quorum_gauge`` from every invitation of the session already read (``has_vote``, ``attended``, ``answer``):
    ``_voting_counts``' rule on the rows, no query."""
    voting = [row for row in rows if row["has_vote"]]
    answered_yes = [
        row for row in voting if row["answer"] in (Invitation.Answer.CONFIRMED, Invitation.Answer.ALTERNATE)
    ]
    counts = {
        "total": len(voting),
        "present": sum(1 for row in voting if row["attended"]),
        "answered_yes": len(answered_yes),
        "expected": sum(1 for row in answered_yes if not row["attended"]),
    }
    return _gauge(session, counts)


def quorum_and_gauge(*, session: Session, projected: bool, second_call: bool = False) -> tuple[Quorum, QuorumGauge]:
    """``projected_quorum`` (or ``quorum_for`` from the attendance taken) and ``quorum_gauge``: one aggregate."""
    counts = _voting_counts(session)
    present = counts["answered_yes"] if projected else counts["present"]
    return _quorum(session, counts["total"], present, second_call and not projected), _gauge(session, counts)


def _gauge(session: Session, counts: dict) -> QuorumGauge:
    total = counts["total"]
    first = session.council.quorum_required(total, second_call=False)
    second = session.council.quorum_required(total, second_call=True)
    marks = [("1.ª", first)] if first == second else [("1.ª", first), ("2.ª", second)]
    return QuorumGauge(
        voting_seats=total,
        present=counts["present"],
        expected=counts["expected"],
        required_first=first,
        required_second=second,
        chart=charts.gauge(total=total, solid=counts["present"], light=counts["expected"], marks=marks),
    )

"""The orden del día: adding, editing, removing and reordering its items without losing anyone's work.

Every write locks the session row first, so two staff editing the same agenda
are served one after the other. Orders are written in two passes because of
the unique (session, order) constraint, which PostgreSQL checks row by row.
Two people working at once lose nothing: a reorder merges with items added or
removed meanwhile, and an edit made from an older reading of an item is
refused (``agenda_item_version``).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from core.concurrency import version_check, version_of
from council.models import WorkingGroup
from members.models import Institution, Person
from sessions_app import fragments
from sessions_app.models import AgendaItem, Session, Vote

# The statuses in which the agenda may still change; once held, it is what was discussed.
# What the edit form changes: the version token is computed from these, so a reorder or the
# acta's notes written by someone else never make an edit look stale.
CONTENT_FIELDS = (
    "title",
    "kind",
    "description",
    "presenter_institution_id",
    "presenter_id",
    "duration_minutes",
    "highlight",
    "working_group_id",
)
# Items that close an agenda: new items go before them ("Asuntos generales", then "Clausura").
_CLOSING_RANK = {AgendaItem.Kind.GENERAL_MATTERS: 1, AgendaItem.Kind.CLOSING: 2}


def agenda_item_version(item: AgendaItem) -> str:
    """A token of the item's editable content as read; a save carrying an older token is refused."""
    return version_of(item, CONTENT_FIELDS)


def _lock_session(session: Session) -> Session:
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if not locked.agenda_editable:
        raise ValidationError(
            _("El orden del día de una sesión «%(status)s» ya no se modifica."),
            code="agenda_not_editable",
            params={"status": locked.get_status_display()},
        )
    return locked


def _items(session: Session) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(session=session).order_by("order"))


def _write_orders(items: list[AgendaItem]) -> None:
    """Number the session's items 1..n in the given order, in two passes.

    First the items that move go to free numbers above every current one, then
    to their final numbers, so no intermediate state repeats a number. Only the
    final numbers are recorded in the items' history.
    """
    moving = [(position, item) for position, item in enumerate(items, start=1) if item.order != position]
    if not moving:
        return
    top = max(item.order for item in items)
    for offset, (_position, item) in enumerate(moving, start=1):
        item.order = top + offset
    AgendaItem.objects.bulk_update([item for _position, item in moving], ["order"])
    for position, item in moving:
        item.order = position
    bulk_update_with_history([item for _position, item in moving], AgendaItem, ["order"])
    fragments.session_changed(items[0].session_id)  # bulk_update sends no signal


def _validate_presenter(item: AgendaItem) -> None:
    if item.presenter_id and not item.presenter_institution_id:
        item.presenter_institution_id = item.presenter.institution_id
    if item.presenter_id and item.presenter.institution_id != item.presenter_institution_id:
        raise ValidationError(
            {
                "presenter": ValidationError(
                    _("La persona que presenta debe pertenecer a la institución que presenta."),
                    code="presenter_other_institution",
                )
            }
        )


def _validate_group_report(item: AgendaItem, session: Session) -> None:
    """A working group reports to its council's plenary: the item names the group, and only then.

    Another kind of item keeps no group (a group chosen and the kind changed afterwards is let go).
    """
    if item.kind != AgendaItem.Kind.GROUP_REPORT:
        item.working_group = None
        return
    if session.working_group_id:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _(
                        "Los grupos de trabajo informan al pleno: este punto va en una sesión del consejo, "
                        "no del grupo."
                    ),
                    code="group_report_not_plenary",
                )
            }
        )
    if item.working_group_id is None:
        raise ValidationError(
            {
                "working_group": ValidationError(
                    _("Elija el grupo de trabajo que presenta su informe."), code="group_report_without_group"
                )
            }
        )
    if item.working_group.council_id != session.council_id:
        raise ValidationError(
            {
                "working_group": ValidationError(
                    _("El grupo de trabajo no pertenece a este consejo."), code="working_group_other_council"
                )
            }
        )


@transaction.atomic
def agenda_item_create(
    *,
    session: Session,
    title: str,
    kind: str = AgendaItem.Kind.PRESENTATION,
    description: str = "",
    presenter_institution: Institution | None = None,
    presenter: Person | None = None,
    duration_minutes: int = 10,
    highlight: bool = False,
    working_group: WorkingGroup | None = None,
) -> AgendaItem:
    """Add an item; it goes before the closing items (general matters, closing) unless it is one of them.

    A working group's report (``group_report``) names the group, of this council, on a plenary session.
    """
    locked = _lock_session(session)
    items = _items(locked)
    item = AgendaItem(
        session=locked,
        order=max((existing.order for existing in items), default=0) + 1,
        title=title,
        kind=kind,
        description=description,
        presenter_institution=presenter_institution,
        presenter=presenter,
        duration_minutes=duration_minutes,
        highlight=highlight,
        working_group=working_group,
    )
    _validate_presenter(item)
    _validate_group_report(item, locked)
    item.full_clean()
    item.save()
    rank = _CLOSING_RANK.get(kind, 0)
    position = len(items)
    while position > 0 and _CLOSING_RANK.get(items[position - 1].kind, 0) > rank:
        position -= 1
    _write_orders([*items[:position], item, *items[position:]])
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, version: str, **changes) -> AgendaItem:
    """Change an item's content, unless someone else changed it since ``version`` was read."""
    unknown = set(changes) - {name.removesuffix("_id") for name in CONTENT_FIELDS}
    if unknown:
        raise TypeError(f"agenda_item_update() got unexpected fields {sorted(unknown)}")
    locked_session = _lock_session(item.session)
    current = AgendaItem.objects.filter(session=locked_session, pk=item.pk).first()
    if current is None:
        raise ValidationError(_("Otra persona eliminó este punto; recargue la página."), code="item_removed")
    version_check(current, CONTENT_FIELDS, version)
    for name, value in changes.items():
        setattr(current, name, value)
    _validate_presenter(current)
    _validate_group_report(current, locked_session)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Remove an item that has no agreements or documents, and close the gap in the numbering."""
    locked = _lock_session(item.session)
    current = AgendaItem.objects.filter(session=locked, pk=item.pk).first()
    if current is None:
        return  # someone else removed it already: the outcome the user asked for
    if not current.removable:
        agreements = current.agreements.count()
        documents = current.documents.count()
        voted = Vote.objects.filter(agenda_item=current).exists()
        parts = []
        if agreements:
            parts.append(ngettext("%(n)d acuerdo", "%(n)d acuerdos", agreements) % {"n": agreements})
        if documents:
            parts.append(ngettext("%(n)d documento", "%(n)d documentos", documents) % {"n": documents})
        if voted:
            parts.append(str(_("una votación")))
        raise ValidationError(
            _(
                "El punto «%(title)s» tiene %(records)s y no se puede eliminar: se conserva con su historia. "
                "Puede cambiar su título o moverlo."
            ),
            code="item_has_records",
            params={"title": current.title, "records": _(" y ").join(parts)},
        )
    current.delete()
    _write_orders(_items(locked))


@dataclass
class ReorderResult:
    """The agenda after a reorder, and what was merged from other people's changes."""

    items: list[AgendaItem]
    added: list[AgendaItem] = field(default_factory=list)
    removed: int = 0

    @property
    def merged(self) -> bool:
        return bool(self.added or self.removed)


@transaction.atomic
def agenda_reorder(*, session: Session, order: list[int], seen: list[int]) -> ReorderResult:
    """Put the items in the order the client sent, merged with what changed since the client read the agenda.

    ``order`` is the client's new order; ``seen`` the items the client's page
    showed. Items removed meanwhile are dropped from the order; items added
    meanwhile (the client never saw them) keep their relative order and go at
    the end, so nothing anyone did is lost.
    """
    locked = _lock_session(session)
    items = {item.pk: item for item in _items(locked)}
    requested = list(dict.fromkeys(pk for pk in order if pk in items))
    rest = [item for pk, item in items.items() if pk not in requested]
    _write_orders([*(items[pk] for pk in requested), *rest])
    seen_set = set(seen)
    return ReorderResult(
        items=sorted(items.values(), key=lambda item: item.order),
        added=[item for item in rest if item.pk not in seen_set],
        removed=len(seen_set - set(items)),
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place up or down (the keyboard's way to reorder); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Dirección no válida."), code="invalid_direction")
    locked = _lock_session(item.session)
    items = _items(locked)
    index = next((i for i, existing in enumerate(items) if existing.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("Otra persona eliminó este punto; recargue la página."), code="item_removed")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        _write_orders(items)
    return next(existing for existing in items if existing.pk == item.pk)

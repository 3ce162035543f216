"""Forming and keeping a council's working groups."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.concurrency import version_check, version_of
from council.models import Council, WorkingGroup
from members.models import Institution

# What a working group's edit form changes: its version (``core.concurrency``) is computed from these.
WORKING_GROUP_EDIT_FIELDS = ("name", "mandate", "coordinator", "members", "formed_at", "status")


def working_group_version(group: WorkingGroup) -> str:
    """The version of a working group as read: a save made from an older one is refused."""
    return version_of(group, WORKING_GROUP_EDIT_FIELDS)


def _validate(group: WorkingGroup) -> None:
    errors: dict = {}
    try:
        group.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    same_name = WorkingGroup.objects.filter(council_id=group.council_id, name__iexact=group.name).exclude(pk=group.pk)
    if group.name and same_name.exists():
        errors.setdefault("name", []).append(
            ValidationError(
                _("Ya existe un grupo de trabajo «%(name)s» en este consejo."),
                code="working_group_duplicate_name",
                params={"name": group.name},
            )
        )
    session = group.formed_at
    if session is not None and (session.council_id != group.council_id or session.working_group_id is not None):
        errors.setdefault("formed_at", []).append(
            ValidationError(
                _("El grupo se conforma en una sesión del pleno de este mismo consejo."),
                code="formed_at_other_council",
            )
        )
    if errors:
        raise ValidationError(errors)


def _set_members(group: WorkingGroup, members: Iterable[Institution]) -> None:
    # The coordinating institution is always one of the group's members.
    group.members.set({*members, group.coordinator})


@transaction.atomic
def working_group_create(
    *,
    council: Council,
    name: str,
    coordinator: Institution,
    formed_at,
    mandate: str = "",
    members: Iterable[Institution] = (),
    status: str = WorkingGroup.Status.ACTIVE,
) -> WorkingGroup:
    """Form a working group at a session of the council's plenary."""
    group = WorkingGroup(
        council=council, name=name, coordinator=coordinator, formed_at=formed_at, mandate=mandate, status=status
    )
    _validate(group)
    group.save()
    _set_members(group, members)
    return group


@transaction.atomic
def working_group_update(
    *,
    group: WorkingGroup,
    name: str,
    coordinator: Institution,
    formed_at,
    mandate: str,
    members: Iterable[Institution],
    status: str,
    version: str | None = None,
) -> WorkingGroup:
    """Change a working group's name, mandate, coordination, members or status (active or concluded).

    Refused (code ``stale``) when someone saved the group since ``version`` was read.
    """
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    version_check(group, WORKING_GROUP_EDIT_FIELDS, version)
    group.name, group.coordinator, group.formed_at = name, coordinator, formed_at
    group.mandate, group.status = mandate, status
    _validate(group)
    group.save()
    _set_members(group, members)
    return group

"""Who may do what with councils.

Roles:
- platform admin: a superuser; sees and manages everything;
- secretariat staff of a council: listed in ``Council.staff``; manage that council only;
- delegate: a ``Person`` linked to the user; sees the councils and sessions
  their institution sits in, and answers only for their institution.

Every rule takes a ``members.permissions.Viewer`` (``request.viewer``), which
reads each fact about its user at most once per request; a rule given a plain
user builds a viewer of its own. The rules about sessions and what is recorded
in them are in ``sessions_app.permissions``.
"""

from django.db.models import Q, QuerySet

from council.models import Council
from members.models import Person
from members.permissions import ViewerRequiredMixin, as_viewer


def is_platform_admin(viewer) -> bool:
    return as_viewer(viewer).is_admin


def staff_council_ids(viewer) -> frozenset[int]:
    return as_viewer(viewer).staff_council_ids


def delegate_person(viewer) -> Person | None:
    return as_viewer(viewer).person


def delegate_institution_id(viewer) -> int | None:
    return as_viewer(viewer).institution_id


def can_manage_council(viewer, council: Council) -> bool:
    return as_viewer(viewer).manages(council.pk)


def is_staff_anywhere(viewer) -> bool:
    return as_viewer(viewer).staff_anywhere


def managed_councils(viewer) -> QuerySet[Council]:
    """Councils the user manages: all for admins, the staffed ones for secretariat staff, none otherwise."""
    viewer = as_viewer(viewer)
    if viewer.is_admin:
        return Council.objects.all()
    return Council.objects.filter(pk__in=viewer.staff_council_ids)


def can_create_council(viewer) -> bool:
    """Only a platform admin creates councils; their staff then keep them."""
    return as_viewer(viewer).is_admin


def visible_councils(viewer) -> QuerySet[Council]:
    """Councils the user may look at: all for admins, staffed ones, and those their institution sits in."""
    viewer = as_viewer(viewer)
    councils = Council.objects.all()
    if viewer.is_admin:
        return councils
    condition = Q(pk__in=viewer.staff_council_ids)
    if viewer.institution_id:
        # Two subqueries, not one OR across joins: at national scale the join of seats × sessions × invitations
        # that DISTINCT then folds took seconds (the delegate's dashboard: 2.7 s on 400,000 invitations).
        seated = Council.objects.filter(seats__institution_id=viewer.institution_id, seats__archived_at__isnull=True)
        convened = Council.objects.filter(sessions__invitations__institution_id=viewer.institution_id)
        condition |= Q(pk__in=seated.values("pk")) | Q(pk__in=convened.values("pk"))
    return councils.filter(condition)


def can_view_council(viewer, council: Council) -> bool:
    if can_manage_council(viewer, council):
        return True
    return visible_councils(viewer).filter(pk=council.pk).exists()


class CouncilPermissionMixin(ViewerRequiredMixin):
    """Base for views about one council: subclasses say which council and what access they need.

    ``permission`` is "view" (staff, admins and delegates whose institution sits
    in the council) or "manage" (staff of the council and admins).
    """

    permission = "view"

    def get_council(self) -> Council:
        raise NotImplementedError

    def has_council_permission(self, council: Council) -> bool:
        if self.permission == "manage":
            return can_manage_council(self.viewer, council)
        return can_view_council(self.viewer, council)

    def has_permission(self) -> bool:
        self.council = self.get_council()
        return self.has_council_permission(self.council)


class StaffRequiredMixin(ViewerRequiredMixin):
    """Views for any secretariat staff or admin (lists across the councils they manage)."""

    def has_permission(self) -> bool:
        return is_staff_anywhere(self.viewer)


class PlatformAdminRequiredMixin(ViewerRequiredMixin):
    """Views only a platform admin may use (creating a council)."""

    def has_permission(self) -> bool:
        return can_create_council(self.viewer)

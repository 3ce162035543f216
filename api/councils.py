"""Councils with their seats and working groups, as their pages show them to the token's user."""

from django.db.models import Prefetch
from ninja import Query, Router

from api.access import council_for
from api.conventions import REFUSALS, Extended, PageParams, paginate
from api.schemas import CouncilDetailOut, CouncilPage
from council.models import WorkingGroup
from council.permissions import visible_councils
from council.selectors import seats_with_people
from members.models import Institution

router = Router(tags=["Consejos"])


@router.get("/councils", response={200: CouncilPage, **REFUSALS}, summary="Consejos a su alcance")
def council_list(request, page: Query[PageParams]):
    """Los consejos que el usuario del token administra, o en los que su institución tiene lugar o fue convocada."""
    councils = (
        visible_councils(request.viewer)
        .select_related("presiding_institution", "secretariat_institution")
        .order_by("name", "pk")
    )
    return paginate(councils, page)


@router.get("/councils/{int:council_id}", response={200: CouncilDetailOut, **REFUSALS}, summary="Un consejo")
def council_detail(request, council_id: int):
    """Un consejo con sus lugares vigentes (titular y suplentes) y sus grupos de trabajo."""
    council = council_for(request, council_id)
    return Extended(
        council,
        seats=list(seats_with_people(council).order_by("-has_vote", "order", "institution__name")),
        working_groups=list(
            WorkingGroup.objects.filter(council=council)
            .select_related("coordinator")
            .prefetch_related(Prefetch("members", queryset=Institution.objects.order_by("name")))
            .order_by("status", "name")
        ),
    )

"""The national directory: institutions and their people, for the secretariats that may look it up."""

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema

from api.conventions import REFUSALS, PageParams, SearchText, paginate
from api.schemas import InstitutionPage, PersonPage
from members.models import Institution, Person, State
from members.permissions import can_use_directory
from members.search import any_field_contains

router = Router(tags=["Directorio"])


class InstitutionFilters(Schema):
    q: SearchText | None = None
    state: State | None = None


class PersonFilters(Schema):
    q: SearchText | None = None
    institution: int | None = None


def _directory_viewer(request):
    """The directory is the secretariats' (``can_use_directory``): delegates answer only for their institution."""
    if not can_use_directory(request.viewer):
        raise PermissionDenied


@router.get("/institutions", response={200: InstitutionPage, **REFUSALS}, summary="Instituciones del directorio")
def institution_list(request, page: Query[PageParams], filters: Query[InstitutionFilters]):
    """Instituciones del directorio nacional; `q` busca en nombre, siglas y municipio sin importar acentos."""
    _directory_viewer(request)
    rows = Institution.objects.order_by("name", "state", "municipality", "pk")
    if filters.q:
        rows = rows.filter(any_field_contains(["name", "short_name", "municipality"], filters.q))
    if filters.state:
        rows = rows.filter(state=filters.state)
    return paginate(rows, page)


@router.get("/people", response={200: PersonPage, **REFUSALS}, summary="Personas del directorio")
def person_list(request, page: Query[PageParams], filters: Query[PersonFilters]):
    """Servidoras y servidores públicos con sus datos de contacto institucionales; `institution` filtra por una."""
    _directory_viewer(request)
    rows = Person.objects.order_by("full_name", "pk")
    if filters.q:
        rows = rows.filter(any_field_contains(["full_name", "post", "institution__name"], filters.q))
    if filters.institution is not None:
        rows = rows.filter(institution_id=filters.institution)
    return paginate(rows, page)

"""Agreements: a council's tracker (with its filters), an institution's own, one agreement with its progress,
and progress reports through the agreements' service."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from api.access import agreement_for, council_for
from api.conventions import REFUSALS, WRITE_REFUSALS, Extended, Id, PageParams, paginate
from api.schemas import AgreementDetailOut, AgreementPage, AgreementUpdateOut, example
from members.models import Institution
from sessions_app.forms.agreements import AgreementFilter, ProgressReportForm
from sessions_app.models import Agreement
from sessions_app.permissions import can_report_on_agreement, can_see_institution_agreements, can_view_agreement
from sessions_app.selectors.agreements import agreement_detail, agreements_for_tracker, institution_agreements
from sessions_app.services.agreements import agreement_report_progress

router = Router(tags=["Acuerdos"])


class TrackerFilters(Schema):
    status: Agreement.Status | None = None
    institution: Id | None = Field(None, description="Institución responsable.")
    session: Id | None = Field(None, description="Sesión en que se tomó.")
    overdue: bool | None = Field(None, description="Solo los vencidos (abiertos con fecha compromiso pasada).")


@router.get(
    "/councils/{int:council_id}/agreements",
    response={200: AgreementPage, **REFUSALS},
    summary="Seguimiento de acuerdos de un consejo",
)
def council_agreements(request, council_id: Path[Id], page: Query[PageParams], filters: Query[TrackerFilters]):
    """Todos los acuerdos del consejo (pleno y grupos de trabajo), con los filtros del seguimiento. Solo su personal."""
    council = council_for(request, council_id, manage=True)
    data = {name: value for name, value in filters.model_dump().items() if value is not None}
    tracker = AgreementFilter(data, queryset=agreements_for_tracker(council=council), council=council)
    if not tracker.is_valid():
        raise ValidationError(tracker.errors.as_data())
    return paginate(tracker.qs.select_related("session"), page)


class MineFilters(Schema):
    open_only: bool = Field(False, description="Solo los pendientes y en proceso.")


@router.get("/agreements", response={200: AgreementPage, **REFUSALS}, summary="Acuerdos de mi institución")
def my_agreements(request, page: Query[PageParams], filters: Query[MineFilters]):
    """Los acuerdos de los que es responsable la institución por la que responde el usuario del token."""
    if not can_see_institution_agreements(request.viewer):
        raise PermissionDenied
    rows = institution_agreements(institution_id=request.viewer.institution_id, open_only=filters.open_only)
    return paginate(rows, page)


@router.get("/agreements/{int:agreement_id}", response={200: AgreementDetailOut, **REFUSALS}, summary="Un acuerdo")
def agreement_get(request, agreement_id: Path[Id]):
    """El acuerdo con sus instituciones responsables y sus avances, el más reciente primero."""
    agreement = agreement_for(request, agreement_id, can_view_agreement)
    detail = agreement_detail(agreement=agreement)
    updates = detail["updates"]
    return Extended(
        agreement,
        responsible=detail["responsible"],
        updates=updates,
        last_update_at=updates[0].created_at if updates else None,
    )


class ProgressIn(Schema):
    model_config = example(
        {
            "text": "Se concluyó el levantamiento en 9 de los 12 municipios; el informe se entrega en septiembre.",
            "institution": 14,
        }
    )

    text: str = Field(min_length=1, max_length=5000, description="Qué se hizo, con fechas y responsables.")
    institution: Id | None = Field(
        None, description="Personal del consejo: institución responsable por la que informa (vacío: la secretaría)."
    )


@router.post(
    "/agreements/{int:agreement_id}/updates",
    response={201: AgreementUpdateOut, **WRITE_REFUSALS},
    summary="Informar un avance",
)
def agreement_progress(request, agreement_id: Path[Id], payload: ProgressIn):
    """Un delegado informa por su institución responsable; el personal, por la que elija. Un acuerdo pendiente
    pasa a «en proceso»; uno cumplido o cancelado ya no recibe avances."""
    agreement = agreement_for(request, agreement_id, can_report_on_agreement)
    staff = request.viewer.manages(agreement.session.council_id)
    delegate_institution = None if staff else request.viewer.institution_id
    data = {"text": payload.text, "institution": payload.institution or ""}
    form = ProgressReportForm(data, agreement=agreement, delegate_institution_id=delegate_institution)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    institution = form.cleaned_data.get("institution") if staff else Institution.objects.get(pk=delegate_institution)
    update = agreement_report_progress(
        agreement=agreement, text=form.cleaned_data["text"], author=request.user, institution=institution
    )
    return Status(201, update)

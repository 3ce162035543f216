"""A delegate's answer to a convocation, for their own institution (or the staff recording one given to them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Router, Schema
from pydantic import Field

from api.conventions import WRITE_REFUSALS, Id
from api.forms import valid_form
from api.schemas import InvitationOut, example
from sessions_app.forms.answers import AnswerForm
from sessions_app.models import Invitation, InvitationAnswer
from sessions_app.permissions import can_answer_for, can_answer_invitation
from sessions_app.services.answers import invitation_answer

router = Router(tags=["Convocatorias"])


class AnswerIn(Schema):
    model_config = example(
        {
            "answer": "alternate",
            "alternate": None,
            "honorific": "Mtra.",
            "full_name": "Laura Treviño Garza",
            "post": "Directora de Planeación y Evaluación",
            "email": "laura.trevino@nl.gob.mx",
            "comment": "El titular atiende ese día una gira de trabajo; asiste su suplente.",
        }
    )

    answer: Invitation.Answer = Field(description="confirmed, declined o alternate.")
    alternate: Id | None = Field(None, description="Suplente registrado del lugar (id de la persona).")
    honorific: str = Field("", max_length=30, description="Suplente nuevo: tratamiento.")
    full_name: str = Field("", max_length=200, description="Suplente nuevo: nombre completo.")
    post: str = Field("", max_length=255, description="Suplente nuevo: cargo.")
    email: str = Field("", max_length=254, description="Suplente nuevo: correo institucional.")
    comment: str = Field("", max_length=5000, description="Comentario para la secretaría técnica.")


@router.post(
    "/invitations/{int:invitation_id}/answer",
    response={200: InvitationOut, **WRITE_REFUSALS},
    summary="Responder una convocatoria",
)
def invitation_answer_post(request, invitation_id: Path[Id], payload: AnswerIn):
    """Confirma, declina o envía suplente. Un delegado responde solo por su institución; la respuesta nueva
    reemplaza la anterior, que queda en el historial. La sesión debe estar convocada."""
    invitation = (
        Invitation.objects.select_related("session__council", "institution", "invitee", "attendee", "seat")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404
    if not can_answer_invitation(request.viewer, invitation):
        raise PermissionDenied
    data = {name: ("" if value is None else value) for name, value in payload.model_dump().items()}
    form = valid_form(AnswerForm(data, invitation=invitation))
    own = can_answer_for(request.viewer, invitation.institution_id)
    invitation_answer(
        invitation=invitation,
        channel=InvitationAnswer.Channel.DASHBOARD if own else InvitationAnswer.Channel.STAFF,
        by=request.user,
        **form.service_kwargs(),
    )
    return Invitation.objects.select_related("institution", "invitee", "attendee").get(pk=invitation.pk)

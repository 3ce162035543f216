"""Forms of the convocation: adding a guest institution."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Seat
from members.forms import InstitutionChoiceField, PersonChoiceField
from members.models import Institution, Person
from sessions_app.models import Session


class GuestForm(forms.Form):
    """An institution invited to this session only, and the person who receives the convocation."""

    institution = InstitutionChoiceField(
        label=_("Institución invitada"), queryset=Institution.objects.none(), empty_label=_("Elija una institución")
    )
    person = PersonChoiceField(
        label=_("Persona a quien se dirige la convocatoria"),
        queryset=Person.objects.none(),
        empty_label=_("Elija una persona"),
        help_text=_("Debe pertenecer a la institución invitada."),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        # Institutions already invited, or holding a seat (convened with the council), are not offered.
        invited = session.invitations.values("institution_id")
        day = timezone.localtime(session.starts_at).date()
        seated = Seat.objects.active(on=day).filter(council_id=session.council_id).values("institution_id")
        self.fields["institution"].queryset = (
            Institution.objects.filter(is_active=True).exclude(pk__in=invited).exclude(pk__in=seated)
        )
        self.fields["person"].queryset = Person.objects.filter(is_active=True).select_related("institution")

    def clean(self):
        cleaned = super().clean()
        institution, person = cleaned.get("institution"), cleaned.get("person")
        if institution and person and person.institution_id != institution.pk:
            self.add_error(
                "person",
                forms.ValidationError(
                    _("%(person)s no pertenece a %(institution)s."),
                    code="other_institution",
                    params={"person": person, "institution": institution},
                ),
            )
        return cleaned

"""Forms of the convocation: adding a guest institution."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Seat
from council.selectors import council_institutions, council_people
from members.forms import InstitutionChoiceField, PersonChoiceField, chosen_values
from members.models import Institution, Person
from members.selectors import directory_institutions, directory_people
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

    def __init__(self, *args, session: Session, viewer, **kwargs):
        """Lists the institutions and people of the council's other sessions first; takes any the ``viewer`` may
        find in the directory."""
        super().__init__(*args, **kwargs)
        # Institutions already invited, or holding a seat (convened with the council), are not offered.
        invited = session.invitations.values("institution_id")
        day = timezone.localtime(session.starts_at).date()
        seated = Seat.objects.active(on=day).filter(council_id=session.council_id).values("institution_id")
        self.fields["institution"].queryset = (
            directory_institutions(viewer).exclude(pk__in=invited).exclude(pk__in=seated).order_by("name")
        )
        self.fields["person"].queryset = directory_people(viewer).order_by("full_name")
        self.fields["institution"].offer(
            council_institutions(session.council_id), chosen=chosen_values(self, "institution")
        )
        self.fields["person"].offer(council_people(session.council_id), chosen=chosen_values(self, "person"))

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

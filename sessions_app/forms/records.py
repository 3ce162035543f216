"""Forms of sessions recorded afterwards: the record of a held session, and the correction of a held session's times."""

import datetime as dt
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from council.models import Council, Seat
from council.selectors import council_people
from members.forms import PeopleChoiceField, chosen_values
from members.models import Person
from members.selectors import directory_people
from sessions_app.forms.people import validate_institutional_email
from sessions_app.forms.sessions import SessionScheduleForm
from sessions_app.models import Invitation, Session
from sessions_app.selectors.convocation import body_seats
from sessions_app.services.answers import NewPerson
from sessions_app.services.records import GuestAttendance, SeatAttendance

ABSENT, PRINCIPAL, NEW_ALTERNATE, OTHER = "", "titular", "nuevo-suplente", "otra"
ALTERNATE_PREFIX = "suplente-"
SEAT_FIELD = re.compile(r"seat_\d+")
NEW_PERSON_CHOICES = (NEW_ALTERNATE, OTHER)


def _at(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, time)) if time else None


class SeatRow:
    """One seat of the attendance table: its bound fields, as the template lays them out."""

    def __init__(self, form, seat: Seat):
        self.seat = seat
        self.who = form[f"seat_{seat.pk}"]
        self.time = form[f"seat_{seat.pk}_time"]
        self.name = form[f"seat_{seat.pk}_name"]
        self.post = form[f"seat_{seat.pk}_post"]
        self.email = form[f"seat_{seat.pk}_email"]
        self.new_person = [(self.name, "text"), (self.post, "text"), (self.email, "email")]


class RecordHeldForm(SessionScheduleForm):
    """A session already held: when and where, who presided, who came for each seat, and its quorum."""

    convened_on = forms.DateField(
        label=_("Fecha de la convocatoria"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Si se conoce: la que llevan los documentos. Vacía, ningún documento inventa una."),
    )
    presiding_person = forms.ModelChoiceField(
        label=_("Presidió"), queryset=Person.objects.none(), required=False, empty_label=_("Sin registrar")
    )
    secretariat_person = forms.ModelChoiceField(
        label=_("Fungió como Secretaría Técnica"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Sin registrar"),
    )
    guests = PeopleChoiceField(
        label=_("Invitados a esta sesión que asistieron"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "Personas de instituciones sin lugar en el consejo, invitadas solo a esta sesión (su institución se "
            "registra como invitada presente)."
        ),
    )
    call = forms.ChoiceField(
        label=_("Quórum declarado en"),
        choices=[("", _("No se declaró quórum")), *Session.Call.choices],
        required=False,
    )
    quorum_time = forms.TimeField(
        label=_("Hora de la declaración"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Vacía: la hora de inicio."),
    )

    service_field_map = {"starts_at": "date", "ends_at": "end_time", "quorum_declared_at": "quorum_time"}

    def __init__(self, *args, council: Council, viewer, **kwargs):
        super().__init__(*args, council=council, **kwargs)
        self.fields["guests"].queryset = directory_people(viewer).order_by("full_name")
        # Offered first: people of the institutions the council has invited before, not those holding a seat
        # (their attendance is recorded on their seat); any other person of the directory through the search.
        seated = Seat.objects.filter(council=council, archived_at__isnull=True).values("institution_id")
        offered = council_people(council.pk).exclude(institution_id__in=seated)
        self.fields["guests"].offer(offered, chosen=chosen_values(self, "guests"))
        self.fields["kind"].help_text = _("El número de la sesión en el año se asigna por su fecha.")
        self.fields["presiding_person"].queryset = Person.objects.filter(
            institution_id=council.presiding_institution_id, is_active=True
        ).order_by("full_name")
        self.fields["secretariat_person"].queryset = Person.objects.filter(
            institution_id=council.secretariat_institution_id, is_active=True
        ).order_by("full_name")
        # Only the seats the service accepts: those of the body chosen (the plenary or a working group) valid on
        # the date chosen, as sent (or, on the first visit, as the page's address gives them: record.js asks again
        # when either changes); without a date yet, those valid today.
        group, day = self._chosen("working_group"), self._chosen("date")
        self.seats = list(
            body_seats(council_id=council.pk, working_group=group, day=day or timezone.localdate()).prefetch_related(
                "alternate_links__person"
            )
        )
        for seat in self.seats:
            self._add_seat_fields(seat)
        self.helper.layout = Layout(
            *self.layout_fields(),
            Fieldset(
                _("Presidencia y Secretaría Técnica"),
                Row(
                    Column("presiding_person", css_class="col-md-6"), Column("secretariat_person", css_class="col-md-6")
                ),
            ),
        )

    def layout_fields(self) -> list:
        return [*super().layout_fields(), Row(Column("convened_on", css_class="col-md-4"))]

    def _chosen(self, name: str):
        """The value of ``name`` as sent (or as given initially), cleaned; None when missing or not valid."""
        field = self.fields[name]
        data = self.data if self.is_bound else self.initial
        try:
            return field.clean(field.widget.value_from_datadict(data, self.files, self.add_prefix(name)))
        except forms.ValidationError:
            return None

    def _add_seat_fields(self, seat: Seat) -> None:
        choices = [(ABSENT, _("No asistió"))]
        if seat.principal_id:
            choices.append((PRINCIPAL, _("Titular: %(name)s") % {"name": seat.principal.display_name}))
        for link in seat.alternate_links.all():
            if link.person.is_active:
                label = _("Suplente: %(name)s") % {"name": link.person.display_name}
                choices.append((f"{ALTERNATE_PREFIX}{link.person_id}", label))
        choices += [
            (NEW_ALTERNATE, _("Suplente no registrado (escriba sus datos)")),
            (OTHER, _("Otra persona (escriba sus datos)")),
        ]
        name = f"seat_{seat.pk}"
        self.fields[name] = forms.ChoiceField(
            label=_("Asistencia de %(institution)s") % {"institution": seat.institution},
            choices=choices,
            required=False,
        )
        self.fields[f"{name}_time"] = forms.TimeField(
            label=_("Hora de llegada"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
        )
        self.fields[f"{name}_name"] = forms.CharField(label=_("Nombre completo"), max_length=200, required=False)
        self.fields[f"{name}_post"] = forms.CharField(label=_("Cargo"), max_length=255, required=False)
        self.fields[f"{name}_email"] = forms.EmailField(
            label=_("Correo institucional"), required=False, validators=[validate_institutional_email]
        )

    def seat_rows(self) -> list[SeatRow]:
        return [SeatRow(self, seat) for seat in self.seats]

    def clean(self):
        cleaned = super().clean()
        offered = {f"seat_{seat.pk}" for seat in self.seats}
        if any(SEAT_FIELD.fullmatch(key) and value and key not in offered for key, value in self.data.items()):
            # Sent from a table of other seats (the body or the date changed without the page asking again).
            raise forms.ValidationError(
                _(
                    "La asistencia incluía lugares que no corresponden al órgano o a la fecha elegidos. La tabla "
                    "muestra ahora los lugares vigentes en esa fecha: revise la asistencia."
                ),
                code="seats_changed",
            )
        for seat in self.seats:
            name = f"seat_{seat.pk}"
            if cleaned.get(name) in NEW_PERSON_CHOICES:
                for part in ("name", "post", "email"):
                    field = f"{name}_{part}"
                    if not cleaned.get(field) and field not in self.errors:
                        self.add_error(field, forms.ValidationError(_("Este dato es obligatorio."), code="required"))
        if cleaned.get("quorum_time") and not cleaned.get("call"):
            self.add_error("call", forms.ValidationError(_("Indique en qué convocatoria."), code="call_required"))
        return cleaned

    def attendance(self) -> list[SeatAttendance]:
        data = self.cleaned_data
        day = data["date"]
        entries = []
        for seat in self.seats:
            name = f"seat_{seat.pk}"
            who = data.get(name) or ABSENT
            if who == ABSENT:
                continue
            arrived_at = _at(day, data.get(f"{name}_time"))
            if who == PRINCIPAL:
                entries.append(SeatAttendance(seat=seat, person=seat.principal, arrived_at=arrived_at))
            elif who.startswith(ALTERNATE_PREFIX):
                person = next(
                    link.person
                    for link in seat.alternate_links.all()
                    if str(link.person_id) == who[len(ALTERNATE_PREFIX) :]
                )
                entries.append(SeatAttendance(seat=seat, person=person, as_alternate=True, arrived_at=arrived_at))
            else:
                person = NewPerson(
                    full_name=data[f"{name}_name"].strip(),
                    post=data[f"{name}_post"].strip(),
                    email=data[f"{name}_email"],
                )
                entries.append(
                    SeatAttendance(
                        seat=seat, new_person=person, as_alternate=who == NEW_ALTERNATE, arrived_at=arrived_at
                    )
                )
        return entries

    def record(self) -> dict:
        """The cleaned data as ``session_record_held`` takes it."""
        data = self.cleaned_data
        return {
            **self.logistics(),
            "convened_on": data.get("convened_on"),
            "presiding_person": data.get("presiding_person"),
            "secretariat_person": data.get("secretariat_person"),
            "attendance": self.attendance(),
            "guests": [
                GuestAttendance(institution=person.institution, person=person) for person in data.get("guests") or []
            ],
            "call": data.get("call") or "",
            "quorum_declared_at": _at(data["date"], data.get("quorum_time")),
        }


class CorrectTimesForm(VersionedFormMixin, forms.Form):
    """A held session's start and end, the time its quorum was declared and each arrival, to correct them."""

    date = forms.DateField(label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Hora de inicio"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Hora de término"), widget=forms.TimeInput(attrs={"type": "time"}))
    quorum_time = forms.TimeField(
        label=_("Hora de la declaración de quórum"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    service_field_map = {"starts_at": "date", "ends_at": "end_time", "quorum_declared_at": "quorum_time"}

    def __init__(self, *args, session: Session, present: list[Invitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.present = present
        if session.quorum_declared_at is None:
            del self.fields["quorum_time"]
        for invitation in present:
            self.fields[f"arrival_{invitation.pk}"] = forms.TimeField(
                label=str(invitation.institution), required=False, widget=forms.TimeInput(attrs={"type": "time"})
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True
        arrivals = [f"arrival_{invitation.pk}" for invitation in present]
        self.helper.layout = Layout(
            Row(
                Column("date", css_class="col-md-4"),
                Column("start_time", css_class="col-6 col-md-4"),
                Column("end_time", css_class="col-6 col-md-4"),
            ),
            *(["quorum_time"] if "quorum_time" in self.fields else []),
            *(
                [Fieldset(_("Horas de llegada"), Row(*(Column(a, css_class="col-md-6 col-lg-4") for a in arrivals)))]
                if arrivals
                else []
            ),
        )

    @classmethod
    def initial_for(cls, session: Session, present: list[Invitation]) -> dict:
        def hm(value):
            return timezone.localtime(value).time().replace(second=0, microsecond=0) if value else None

        initial = {
            "date": timezone.localtime(session.starts_at).date(),
            "start_time": hm(session.starts_at),
            "end_time": hm(session.ends_at),
            "quorum_time": hm(session.quorum_declared_at),
        }
        initial.update({f"arrival_{i.pk}": hm(i.arrived_at) for i in present})
        return initial

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end and end <= start:
            self.add_error(
                "end_time",
                forms.ValidationError(
                    _("La hora de término debe ser posterior a la de inicio."), code="ends_before_start"
                ),
            )
        return cleaned

    def times(self) -> dict:
        data = self.cleaned_data
        day = data["date"]
        return {
            "starts_at": _at(day, data["start_time"]),
            "ends_at": _at(day, data["end_time"]),
            "quorum_declared_at": _at(day, data.get("quorum_time")),
            "arrivals": {
                invitation.pk: _at(day, data.get(f"arrival_{invitation.pk}"))
                for invitation in self.present
                if data.get(f"arrival_{invitation.pk}")
            },
        }

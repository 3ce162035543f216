"""The period of a council's attendance statistics (a GET form: the address can be shared and bookmarked)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.selectors.attendance import Period


class AttendancePeriodForm(forms.Form):
    desde = forms.DateField(
        label=_("Desde"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Escriba una fecha válida (aaaa-mm-dd).")},
    )
    hasta = forms.DateField(
        label=_("Hasta"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Escriba una fecha válida (aaaa-mm-dd).")},
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("desde"), cleaned.get("hasta")
        if since and until and until < since:
            self.add_error("hasta", _("La fecha final debe ser igual o posterior a la inicial."))
        return cleaned

    @property
    def period(self) -> Period:
        """The chosen period; all held sessions while the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return Period()
        return Period(self.cleaned_data.get("desde"), self.cleaned_data.get("hasta"))


def quick_periods() -> list[tuple[str, dict]]:
    """The usual periods, offered as links: this year, the last twelve months, everything."""
    today = timezone.localdate()
    return [
        (_("Este año"), {"desde": dt.date(today.year, 1, 1).isoformat(), "hasta": ""}),
        (_("Últimos 12 meses"), {"desde": (today - dt.timedelta(days=365)).isoformat(), "hasta": ""}),
        (_("Todo"), {}),
    ]

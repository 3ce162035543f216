"""Forms of the sessions app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Session
from sessions_app.services.sessions import next_session_number, session_year


class SessionAdminForm(forms.ModelForm):
    """Admin form: the number is assigned when left blank, and a duplicate is refused with a message."""

    number = forms.IntegerField(
        label=_("número"), min_value=1, required=False, help_text=_("Déjelo vacío para asignar el siguiente.")
    )

    class Meta:
        model = Session
        fields = [
            "council",
            "working_group",
            "kind",
            "starts_at",
            "ends_at",
            "venue",
            "city",
            "state",
            "modality",
            "video_url",
            "status",
            "status_reason",
            "call",
            "quorum_met",
            "quorum_present",
            "quorum_required",
            "quorum_declared_at",
            "closing_remarks",
        ]

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        council = cleaned.get("council")
        kind = cleaned.get("kind")
        if not (starts_at and council and kind):
            return cleaned
        year = session_year(starts_at)
        group = cleaned.get("working_group")
        if not cleaned.get("number"):
            cleaned["number"] = next_session_number(council=council, working_group=group, kind=kind, year=year)
        duplicates = Session.objects.filter(
            council=council, working_group=group, kind=kind, year=year, number=cleaned["number"]
        ).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("Ya existe la %(title)s en este consejo."),
                code="duplicate_number",
                params={"title": duplicates.first().title},
            )
        self.instance.year = year
        self.instance.number = cleaned["number"]
        return cleaned

"""Forms about what happened under an agenda item: its vote and its notes for the acta."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from sessions_app.models import Ballot, Invitation, Vote

BALLOT_PREFIX = "ballot_"
# An invitation's id in ASCII digits: "²" or "٣" are digits to str.isdigit() but not an id.
BALLOT_KEY = re.compile(rf"{BALLOT_PREFIX}([0-9]{{1,18}})", re.ASCII)


class VoteForm(forms.Form):
    """How the item was voted and, for a majority, each voting seat's vote."""

    method = forms.ChoiceField(
        label=_("Forma de votación"),
        choices=Vote.Method.choices,
        widget=forms.RadioSelect,
        help_text=_("Por unanimidad, todas las instituciones con voto presentes votan a favor."),
    )

    def __init__(self, *args, seats: list[Invitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitation in seats:
            name = f"{BALLOT_PREFIX}{invitation.pk}"
            self.fields[name] = forms.ChoiceField(
                label=invitation.institution.name,
                choices=Ballot.Choice.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.rows.append((invitation, self[name]))

    def clean(self):
        """Every ballot sent, also for seats the form did not show: the service says why those do not count.

        A ballot whose key names no invitation id at all is refused here.
        """
        cleaned = super().clean()
        sent = {}
        for key, value in self.data.items():
            if not key.startswith(BALLOT_PREFIX):
                continue
            match = BALLOT_KEY.fullmatch(key)
            if match is None:
                raise ValidationError(
                    _("Hay votos de instituciones no convocadas a esta sesión."), code="ballot_unknown"
                )
            if value:
                sent[int(match[1])] = value
        cleaned["ballots"] = sent
        return cleaned

    def ballots(self) -> dict[int, str]:
        """The ballots sent, by invitation id (once the form is valid)."""
        return self.cleaned_data["ballots"]


class ItemNotesForm(VersionedFormMixin, forms.Form):
    """What was said and done under the item, as the acta will tell it; with the version it was read at."""

    notes = forms.CharField(
        label=_("Desarrollo del punto"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("Quién presentó, lo que se expuso y lo que se comentó. Pasa al borrador del acta."),
    )

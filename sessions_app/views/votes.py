"""Pages about an agenda item's outcome: its vote and the notes the acta draws on."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin
from core.views import ServiceFormMixin
from sessions_app.forms.votes import ItemNotesForm, VoteForm
from sessions_app.models import AgendaItem, Ballot, Vote
from sessions_app.permissions import SessionAccessMixin
from sessions_app.services.minutes import agenda_item_notes_version, agenda_item_set_notes
from sessions_app.services.votes import is_presidency, vote_check_item, vote_record, voting_seats_present


class AgendaItemMixin(SessionAccessMixin):
    """Pages about one item (URL ``item_pk``) of the session (URL ``pk``): the council's staff only."""

    permission = "manage"

    @cached_property
    def item(self) -> AgendaItem:
        return get_object_or_404(AgendaItem, session=self.session, pk=self.kwargs["item_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, council=self.council, item=self.item, **kwargs)

    def get_success_url(self):
        return f"{self.session.get_absolute_url()}#punto-{self.item.pk}"


class VoteRecordView(AgendaItemMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """Record the vote on an item: unanimity, or majority with the vote of each voting seat present."""

    template_name = "sessions_app/vote_form.html"
    form_class = VoteForm

    @cached_property
    def seats(self):
        return voting_seats_present(self.session)

    @cached_property
    def current(self) -> Vote | None:
        return Vote.objects.filter(agenda_item=self.item).prefetch_related("ballots").first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "seats": self.seats}

    def get_initial(self):
        if self.current is None:
            return {"method": Vote.Method.UNANIMITY}
        return {
            "method": self.current.method,
            **{f"ballot_{b.invitation_id}": b.choice for b in self.current.ballots.all()},
        }

    def get_context_data(self, **kwargs):
        try:
            vote_check_item(self.item)
            blocked = []
        except ValidationError as error:
            blocked = error.messages
        presidency = next((seat.pk for seat in self.seats if is_presidency(seat, self.session)), None)
        return super().get_context_data(
            blocked=blocked, vote=self.current, presidency_id=presidency, choices=Ballot.Choice.choices, **kwargs
        )

    def perform(self, form):
        return vote_record(
            item=self.item, method=form.cleaned_data["method"], ballots=form.ballots(), by=self.request.user
        )

    def get_success_message(self):
        vote = self.object
        return _(
            "Votación registrada: %(result)s (%(for)s a favor, %(against)s en contra, %(abstentions)s abstenciones)."
        ) % {
            "result": vote.get_result_display(),
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstentions": vote.abstentions,
        }


class ItemNotesView(ConcurrentEditMixin, AgendaItemMixin, ServiceFormMixin, FormView):
    """Write what happened under an item, for the acta; closed once the acta is approved; not over another's save."""

    template_name = "sessions_app/agenda_item_notes_form.html"
    form_class = ItemNotesForm
    success_message = _("Se guardó el desarrollo del punto «%(object)s».")

    def get_edited(self) -> AgendaItem:
        return self.item

    def edited_version(self, edited: AgendaItem) -> str:
        return agenda_item_notes_version(edited)

    def get_initial(self):
        return {**super().get_initial(), "notes": self.item.notes}

    def perform(self, form):
        return agenda_item_set_notes(item=self.item, notes=form.cleaned_data["notes"], version=form.read_version())

    def get_success_message(self):
        return self.success_message % {"object": self.item.title}

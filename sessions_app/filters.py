"""Search and filters of the staff's session list (django-filter)."""

import unicodedata

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.wording import spanish_ordinal
from council.permissions import managed_councils
from members.search import any_field_contains
from sessions_app.models import Session


def _fold(text: str) -> str:
    """Lower case without accents, so "decima" finds "Décima"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# Words of a session's title ("Décima Primera Sesión Ordinaria 2024") and what each one selects.
_KIND_WORDS = {
    "ordinaria": Session.Kind.ORDINARY,
    "extraordinaria": Session.Kind.EXTRAORDINARY,
    "instalacion": Session.Kind.INSTALLATION,
}
_ORDINAL_WORDS: dict[str, set[int]] = {}
for _number in range(1, 100):
    for _word in _fold(spanish_ordinal(_number)).split():
        _ORDINAL_WORDS.setdefault(_word, set()).add(_number)
_NOISE = {"sesion", "de", "del", "la", "el"}


def search_sessions(queryset: QuerySet[Session], text: str) -> QuerySet[Session]:
    """Sessions matching every word of ``text`` in their title, venue, city, state, council or working group.

    The title is not stored (it is derived from kind, number and year), so its
    words are matched against those fields: "segunda ordinaria 2024" finds the
    Segunda Sesión Ordinaria 2024, "monterrey" the sessions held there.
    """
    for word in text.split():
        folded = _fold(word)
        if folded in _NOISE:
            continue
        condition = any_field_contains(
            ["venue", "city", "state", "council__name", "council__short_name", "working_group__name"], word
        )
        if folded.isascii() and folded.isdigit() and len(folded) <= 9:  # a year or a number, not 5,000 digits
            condition |= Q(year=int(folded)) | Q(number=int(folded))
        for kind_word, kind in _KIND_WORDS.items():
            if kind_word.startswith(folded) and len(folded) >= 3:
                condition |= Q(kind=kind)
        if folded in _ORDINAL_WORDS:
            condition |= Q(number__in=sorted(_ORDINAL_WORDS[folded]))
        queryset = queryset.filter(condition)
    return queryset


class SessionFilter(django_filters.FilterSet):
    """The staff's filters: search words, council, kind, status, year and modality."""

    q = django_filters.CharFilter(
        label=_("Buscar"),
        method="filter_search",
        help_text=_("Título, sede o ciudad, p. ej. «segunda ordinaria 2024» o «Monterrey»."),
    )
    council = django_filters.ModelChoiceFilter(label=_("Consejo"), queryset=None, empty_label=_("Todos"))
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=Session.Kind.choices, empty_label=_("Todos"))
    status = django_filters.ChoiceFilter(label=_("Estado"), choices=Session.Status.choices, empty_label=_("Todos"))
    year = django_filters.ChoiceFilter(label=_("Año"), choices=[], empty_label=_("Todos"))
    modality = django_filters.ChoiceFilter(
        label=_("Modalidad"), choices=Session.Modality.choices, empty_label=_("Todas")
    )

    class Meta:
        model = Session
        fields = ["q", "council", "kind", "status", "year", "modality"]

    def __init__(self, *args, user, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["council"].queryset = managed_councils(user).order_by("short_name")
        self.filters["year"].extra["choices"] = [(year, year) for year in years]

    def filter_search(self, queryset, name, value):
        return search_sessions(queryset, value)

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_tag = False
            form.helper.layout = Layout(
                Row(
                    Column("q", css_class="col-12 col-lg-6"),
                    Column("council", css_class="col-8 col-md-6 col-lg-4"),
                    Column("year", css_class="col-4 col-md-6 col-lg-2"),
                ),
                Row(
                    Column("kind", css_class="col-md-4"),
                    Column("status", css_class="col-md-4"),
                    Column("modality", css_class="col-md-4"),
                ),
            )
        return form

"""Search and filters of the directory."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Institution, State
from members.search import any_field_contains

NATIONAL = "nacional"  # the state filter's value for institutions without a state


class InstitutionFilter(django_filters.FilterSet):
    """Search institutions by their name, acronym or municipality, or by the name, post or e-mail of their people;
    filter them by kind, order of government and state."""

    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=Institution.Kind.choices, empty_label=_("Todos"))
    government_order = django_filters.ChoiceFilter(
        label=_("Orden de gobierno"), choices=Institution.GovernmentOrder.choices, empty_label=_("Todos")
    )
    state = django_filters.ChoiceFilter(
        label=_("Entidad federativa"),
        choices=[(NATIONAL, _("Nacionales (sin entidad)")), *State.choices],
        method="filter_state",
        empty_label=_("Todas"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=[("1", _("Activas")), ("0", _("Inactivas"))],
        method="filter_active",
        empty_label=_("Activas e inactivas"),
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "government_order", "state", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Institution.objects.filter(
            any_field_contains(
                ["name", "short_name", "municipality", "people__full_name", "people__post", "people__email"],
                value,
            )
        )
        # A subquery keeps the outer query free of joins, so no duplicates and no DISTINCT on the page.
        return queryset.filter(pk__in=matches.values("pk"))

    def filter_state(self, queryset, name, value):
        return queryset.filter(state="" if value == NATIONAL else value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")

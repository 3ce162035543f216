"""Search and filters of the directory."""

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import Institution
from members.search import any_field_contains


class InstitutionFilter(django_filters.FilterSet):
    """Search institutions by their name or acronym, or by the name, post or e-mail of their people."""

    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=Institution.Kind.choices, empty_label=_("Todos"))
    government_order = django_filters.ChoiceFilter(
        label=_("Orden de gobierno"), choices=Institution.GovernmentOrder.choices, empty_label=_("Todos")
    )
    active = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=[("1", _("Activas")), ("0", _("Inactivas"))],
        method="filter_active",
        empty_label=_("Activas e inactivas"),
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "government_order", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Institution.objects.filter(
            any_field_contains(
                ["name", "short_name", "people__full_name", "people__post", "people__email"],
                value,
            )
        )
        # A subquery keeps the outer query free of joins, so no duplicates and no DISTINCT on the page.
        return queryset.filter(pk__in=matches.values("pk"))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")

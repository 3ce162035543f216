"""Ids out of range typed into a form match nothing instead of breaking the database driver."""

import pytest
from django import forms

from members.models import Institution
from tests.members.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

HUGE = 10**30


def test_an_id_list_with_numbers_out_of_range_matches_only_the_real_ids():
    institution = InstitutionFactory()
    assert list(Institution.objects.filter(pk__in=[HUGE, -HUGE, institution.pk])) == [institution]
    assert list(Institution.objects.filter(pk__in=[HUGE])) == []


def test_a_multiple_choice_with_an_id_out_of_range_is_an_invalid_choice():
    institution = InstitutionFactory()

    class Choose(forms.Form):
        institutions = forms.ModelMultipleChoiceField(queryset=Institution.objects.all())

    form = Choose({"institutions": [str(institution.pk), str(HUGE)]})
    assert not form.is_valid()
    assert form.errors.as_data()["institutions"][0].code == "invalid_choice"

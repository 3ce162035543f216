"""The directory of institutions and people: any secretariat looks it up and adds to it; an institution's
councils change it (see ``members.permissions``).
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.concurrency import ConcurrentEditMixin
from core.submissions import CreateOnceMixin, create_once
from core.views import ServiceFormMixin, add_service_errors
from members import selectors
from members.filters import InstitutionFilter
from members.forms import (
    AccountCreateForm,
    AccountLinkForm,
    InstitutionChoiceField,
    InstitutionEditForm,
    InstitutionForm,
    IssuingUnitChoiceField,
    PersonChoiceField,
    PersonEditForm,
    PersonForm,
)
from members.models import Institution, Person
from members.permissions import (
    DirectoryMixin,
    InstitutionEditorMixin,
    can_edit_institution,
    editable_institutions,
)
from members.services.directory import (
    INSTITUTION_FIELDS,
    PERSON_FIELDS,
    institution_create,
    institution_update,
    institution_version,
    person_create,
    person_create_account,
    person_link_user,
    person_update,
    person_version,
)


class InstitutionListView(DirectoryMixin, ListView):
    """Institutions and their people, searchable and filtered by kind, order of government and state."""

    template_name = "members/institution_list.html"
    context_object_name = "institutions"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = InstitutionFilter(self.request.GET or None, queryset=selectors.institutions_for_directory())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            filter=self.filterset,
            query_string=params.urlencode(),
            is_filtered=any(value for key, value in params.items()),
            **kwargs,
        )


class InstitutionMixin(DirectoryMixin):
    """Pages about one institution (URL ``pk``)."""

    @cached_property
    def institution(self) -> Institution:
        return get_object_or_404(Institution, pk=self.kwargs["pk"])

    def get_edited_institution(self) -> Institution:
        return self.institution

    def get_context_data(self, **kwargs):
        return super().get_context_data(institution=self.institution, **kwargs)


class DirectorySearchView(DirectoryMixin, View):
    """The pickers' search of the whole directory: ``?q=`` (3 letters or more), ``tipo=personas`` for people,
    ``tipo=unidades`` for issuing units, ``pagina=``; answers one short page as JSON, each result labelled as
    the pickers show it (with its place)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        kind = {"personas": "people", "unidades": "units"}.get(request.GET.get("tipo"), "institutions")
        page = request.GET.get("pagina", "1")
        found, more = selectors.directory_search(
            viewer=self.viewer,
            kind=kind,
            text=request.GET.get("q", ""),
            page=int(page) if page.isascii() and page.isdigit() and len(page) < 4 else 1,
        )
        field = {"people": PersonChoiceField, "units": IssuingUnitChoiceField}.get(kind, InstitutionChoiceField)
        label = field(queryset=None).label_from_instance
        return JsonResponse({"results": [{"id": row.pk, "label": label(row)} for row in found], "more": more})


class InstitutionDetailView(InstitutionMixin, TemplateView):
    """An institution's data, letterhead, people and seats in councils."""

    template_name = "members/institution_detail.html"

    def get_context_data(self, **kwargs):
        detail = selectors.institution_detail(institution=self.institution)
        for seat in detail["seats"]:
            # Its council's page is linked only for who may open it (council.permissions.can_view_council):
            # the council's staff, or a delegate of this institution while the seat is current.
            seat.council_linked = self.viewer.manages(seat.council_id) or (
                self.viewer.institution_id == self.institution.pk and seat.archived_at is None
            )
        return super().get_context_data(
            can_edit=can_edit_institution(self.viewer, self.institution),
            **detail,
            **kwargs,
        )


class InstitutionCreateView(DirectoryMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    template_name = "members/institution_form.html"
    form_class = InstitutionForm
    success_message = _("Se registró la institución «%(object)s».")

    def perform(self, form):
        return institution_create(data={name: form.cleaned_data[name] for name in INSTITUTION_FIELDS})

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.object.pk])


class InstitutionUpdateView(ConcurrentEditMixin, InstitutionMixin, InstitutionEditorMixin, ServiceFormMixin, FormView):
    template_name = "members/institution_form.html"
    form_class = InstitutionEditForm
    success_message = _("Se guardaron los datos de «%(object)s».")

    def get_edited(self) -> Institution:
        return self.institution

    def edited_version(self, edited: Institution) -> str:
        return institution_version(edited)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.institution}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in INSTITUTION_FIELDS}
        return institution_update(institution=self.institution, data=data, version=form.read_version())

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.object.pk])


class PersonCreateView(InstitutionMixin, CreateOnceMixin, ServiceFormMixin, FormView):
    """Add a person to an institution: open to any council's staff, like registering an institution."""

    template_name = "members/person_form.html"
    form_class = PersonForm
    success_message = _("Se registró a %(object)s.")

    def get_initial(self):
        return {"institution": self.institution}

    def perform(self, form):
        return person_create(data={name: form.cleaned_data[name] for name in PERSON_FIELDS})

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.object.institution_id])


class PersonMixin(InstitutionEditorMixin):
    """Pages that change one person (URL ``pk``): for the keepers of their institution."""

    @cached_property
    def person(self) -> Person:
        try:
            return selectors.person_for_directory(pk=self.kwargs["pk"])
        except Person.DoesNotExist as exc:
            raise Http404 from exc

    def get_edited_institution(self) -> Institution:
        return self.person.institution

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, institution=self.person.institution, **kwargs)

    def get_success_url(self):
        return reverse("members:institution_detail", args=[self.person.institution_id])


class PersonUpdateView(ConcurrentEditMixin, PersonMixin, ServiceFormMixin, FormView):
    template_name = "members/person_form.html"
    form_class = PersonEditForm
    success_message = _("Se guardaron los datos de %(object)s.")

    def get_edited(self) -> Person:
        return self.person

    def edited_version(self, edited: Person) -> str:
        return person_version(edited)

    def get_form_kwargs(self):
        # The person may move only to an institution the viewer keeps too.
        institutions = editable_institutions(self.viewer)
        return {**super().get_form_kwargs(), "instance": self.person, "institutions": institutions}

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        return person_update(person=self.person, data=data, version=form.read_version())


class PersonAccountView(PersonMixin, TemplateView):
    """Link a person to a login of their institutional e-mail: a new account (password set from a link sent
    there) or an existing one with that address."""

    template_name = "members/person_account.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("create_form", AccountCreateForm(prefix="nueva"))
        kwargs.setdefault("link_form", AccountLinkForm(prefix="existente"))
        return super().get_context_data(**kwargs)

    @create_once
    def post(self, request, *args, **kwargs):
        if "existente-username" in request.POST:
            form, name = AccountLinkForm(request.POST, prefix="existente"), "link_form"
        else:
            form, name = AccountCreateForm(request.POST, prefix="nueva"), "create_form"
        if form.is_valid():
            try:
                message = self._perform(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(**{name: form}))

    def _perform(self, form) -> str:
        if isinstance(form, AccountLinkForm):
            person_link_user(person=self.person, user=form.cleaned_data["user"], by=self.request.user)
            return _("%(person)s quedó vinculada a la cuenta «%(username)s».") % {
                "person": self.person,
                "username": form.cleaned_data["user"].get_username(),
            }
        user = person_create_account(person=self.person, username=form.cleaned_data["username"])
        return _("Se creó la cuenta «%(username)s»; enviamos a %(email)s el enlace para definir la contraseña.") % {
            "username": user.get_username(),
            "email": user.email,
        }

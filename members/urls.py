from django.urls import path

from members.views.directory import (
    DirectorySearchView,
    InstitutionCreateView,
    InstitutionDetailView,
    InstitutionListView,
    InstitutionUpdateView,
    PersonAccountView,
    PersonCreateView,
    PersonUpdateView,
)
from members.views.importing import (
    DirectoryExportView,
    DirectoryImportConfirmView,
    DirectoryImportView,
    DirectoryTemplateView,
)
from members.views.issuing_units import IssuingUnitArchiveView, IssuingUnitCreateView, IssuingUnitUpdateView

app_name = "members"

urlpatterns = [
    path("", InstitutionListView.as_view(), name="institution_list"),
    path("buscar/", DirectorySearchView.as_view(), name="directory_search"),
    path("importar/", DirectoryImportView.as_view(), name="import"),
    path("importar/confirmar/", DirectoryImportConfirmView.as_view(), name="import_confirm"),
    path("importar/plantilla/", DirectoryTemplateView.as_view(), name="import_template"),
    path("exportar/", DirectoryExportView.as_view(), name="export"),
    path("instituciones/nueva/", InstitutionCreateView.as_view(), name="institution_create"),
    path("instituciones/<int:pk>/", InstitutionDetailView.as_view(), name="institution_detail"),
    path("instituciones/<int:pk>/editar/", InstitutionUpdateView.as_view(), name="institution_edit"),
    path("instituciones/<int:pk>/personas/nueva/", PersonCreateView.as_view(), name="person_create"),
    path("instituciones/<int:pk>/unidades/nueva/", IssuingUnitCreateView.as_view(), name="issuing_unit_create"),
    path("unidades/<int:pk>/editar/", IssuingUnitUpdateView.as_view(), name="issuing_unit_edit"),
    path("unidades/<int:pk>/archivar/", IssuingUnitArchiveView.as_view(), name="issuing_unit_archive"),
    path("personas/<int:pk>/editar/", PersonUpdateView.as_view(), name="person_edit"),
    path("personas/<int:pk>/cuenta/", PersonAccountView.as_view(), name="person_account"),
]

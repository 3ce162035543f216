from django.urls import path

from members.views.directory import (
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

app_name = "members"

urlpatterns = [
    path("", InstitutionListView.as_view(), name="institution_list"),
    path("importar/", DirectoryImportView.as_view(), name="import"),
    path("importar/confirmar/", DirectoryImportConfirmView.as_view(), name="import_confirm"),
    path("importar/plantilla/", DirectoryTemplateView.as_view(), name="import_template"),
    path("exportar/", DirectoryExportView.as_view(), name="export"),
    path("instituciones/nueva/", InstitutionCreateView.as_view(), name="institution_create"),
    path("instituciones/<int:pk>/", InstitutionDetailView.as_view(), name="institution_detail"),
    path("instituciones/<int:pk>/editar/", InstitutionUpdateView.as_view(), name="institution_edit"),
    path("instituciones/<int:pk>/personas/nueva/", PersonCreateView.as_view(), name="person_create"),
    path("personas/<int:pk>/editar/", PersonUpdateView.as_view(), name="person_edit"),
    path("personas/<int:pk>/cuenta/", PersonAccountView.as_view(), name="person_account"),
]

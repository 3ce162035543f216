from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="institution_list"),
    path("instituciones/nueva/", views.InstitutionCreateView.as_view(), name="institution_create"),
    path("instituciones/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"),
    path("instituciones/<int:pk>/editar/", views.InstitutionUpdateView.as_view(), name="institution_edit"),
    path("instituciones/<int:pk>/personas/nueva/", views.PersonCreateView.as_view(), name="person_create"),
    path("personas/<int:pk>/editar/", views.PersonUpdateView.as_view(), name="person_edit"),
    path("personas/<int:pk>/cuenta/", views.PersonAccountView.as_view(), name="person_account"),
]

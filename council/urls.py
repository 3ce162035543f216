"""The council app's routes (namespace "council"), under /consejos/."""

from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("", views.CouncilListView.as_view(), name="list"),
    path("nuevo/", views.CouncilCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CouncilDetailView.as_view(), name="detail"),
    path("<int:pk>/editar/", views.CouncilUpdateView.as_view(), name="edit"),
    path("<int:pk>/lugares/nuevo/", views.SeatCreateView.as_view(), name="seat_create"),
    path("<int:pk>/lugares/importar/", views.SeatImportView.as_view(), name="seat_import"),
    path("<int:pk>/lugares/importar/confirmar/", views.SeatImportConfirmView.as_view(), name="seat_import_confirm"),
    path("<int:pk>/lugares/importar/plantilla/", views.SeatImportTemplateView.as_view(), name="seat_import_template"),
    path("<int:pk>/lugares/exportar/", views.SeatExportView.as_view(), name="seat_export"),
    path("<int:pk>/lugares/<int:seat_pk>/editar/", views.SeatUpdateView.as_view(), name="seat_edit"),
    path("<int:pk>/lugares/<int:seat_pk>/archivar/", views.SeatArchiveView.as_view(), name="seat_archive"),
    path("<int:pk>/grupos/nuevo/", views.WorkingGroupCreateView.as_view(), name="group_create"),
    path("<int:pk>/grupos/<int:group_pk>/editar/", views.WorkingGroupUpdateView.as_view(), name="group_edit"),
    path("<int:pk>/historial/", views.CouncilHistoryView.as_view(), name="history"),
]

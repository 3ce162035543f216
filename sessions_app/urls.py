from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("<int:pk>/", views.SessionDetailView.as_view(), name="detail"),
]

"""The API at ``/api/v1/`` and each user's token pages under ``/cuenta/tokens/``."""

from django.urls import include, path

from api import views
from api.v1 import api

token_patterns = (
    [
        path("", views.TokenListView.as_view(), name="list"),
        path("nuevo/", views.TokenCreateView.as_view(), name="create"),
        path("<int:pk>/revocar/", views.TokenRevokeView.as_view(), name="revoke"),
    ],
    "api_tokens",
)

urlpatterns = [
    path("api/v1/", api.urls),
    path("cuenta/tokens/", include(token_patterns)),
]

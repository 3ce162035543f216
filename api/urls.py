"""The API at ``/api/v1/`` and each user's token pages under ``/cuenta/tokens/``."""

from django.urls import include, path, re_path

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
    # Anything else under /api/ (an id that is not a number, an old version) is a problem+json 404, not a page.
    re_path(r"^api/", views.api_not_found, name="api_not_found"),
    path("cuenta/tokens/", include(token_patterns)),
]

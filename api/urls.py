"""The API at ``/api/v1/``, each user's token pages under ``/cuenta/tokens/``, a council's webhooks' pages."""

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

webhook_patterns = (
    [
        path("consejos/<int:council_pk>/webhooks/", views.WebhookListView.as_view(), name="list"),
        path("consejos/<int:council_pk>/webhooks/nuevo/", views.WebhookCreateView.as_view(), name="create"),
        path("consejos/<int:council_pk>/webhooks/<int:pk>/secreto/", views.WebhookRotateView.as_view(), name="rotate"),
    ],
    "webhooks",
)

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/ (an id that is not a number, an old version) is a problem+json 404, not a page.
    re_path(r"^api/", views.api_not_found, name="api_not_found"),
    path("cuenta/tokens/", include(token_patterns)),
    path("", include(webhook_patterns)),
]

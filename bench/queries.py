"""How many queries each page of the bench issues on a data set: the first request (cold cache) and the next."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.services import token_create


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def count_queries(info: dict, pages: dict[str, str]) -> dict[str, int]:
    """``{page: queries of the first request, page_warm: of the second}`` as the probe council's staff (the API's
    pages with a read token of theirs)."""
    staff = get_user_model().objects.get(username=info["staff_username"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    _token, plain = token_create(
        user=staff, name="bench", scope="read", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    api_client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {plain}")
    api_client.get("/api/v1/councils")  # the token's first use is written once
    counts = {}
    for name, path in pages.items():
        if name == "bare":
            continue
        page_client = api_client if name.startswith("api_") else client
        counts[name] = _count(page_client, path)
        counts[f"{name}_warm"] = _count(page_client, path)
    return counts

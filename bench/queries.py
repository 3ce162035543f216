"""How many queries each page of the bench issues on a data set: the first request (cold cache) and the next."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def count_queries(info: dict, pages: dict[str, str]) -> dict[str, int]:
    """``{page: queries of the first request, page_warm: of the second}`` as the probe council's staff."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=info["staff_username"]))
    counts = {}
    for name, path in pages.items():
        if name == "bare":
            continue
        counts[name] = _count(client, path)
        counts[f"{name}_warm"] = _count(client, path)
    return counts

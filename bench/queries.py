"""How many queries each page of the bench issues on a data set: the first request (cold cache) and the next."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.services import token_create
from bench.accounts import verified_client
from bench.touch import touch


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def count_queries(info: dict, pages: dict[str, dict]) -> dict[str, int]:
    """``{page: queries of the first request, page_warm: of the second}``, each page as its role sees it.

    ``pages`` maps a name to ``{"path", "role" ("staff", "delegate" or None), "touch"}``; a "touch" page
    is counted right after a change in the probe council, both times (it is never warm).
    """
    users = get_user_model().objects
    clients = {None: Client(HTTP_HOST="127.0.0.1")}
    for role in ("staff", "delegate"):
        clients[role] = verified_client(users.get(username=info[f"{role}_username"]), HTTP_HOST="127.0.0.1")
    staff = users.get(username=info["staff_username"])
    _token, plain = token_create(
        user=staff, name="bench", scope="read", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    clients["api"] = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {plain}")
    clients["api"].get("/api/v1/councils")  # the token's first use is written once
    counts = {}
    for name, page in pages.items():
        client = clients[page["role"]]
        for key in (name, f"{name}_warm"):
            if page["touch"]:
                touch(f"{info['council_id']}:{info['probe_session_id']}")
            counts[key] = _count(client, page["path"])
    return counts

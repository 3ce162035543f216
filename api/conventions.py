"""What every endpoint of the API shares: ETag and 304, the rate per token, pages with totals, error content types."""

import hashlib
import time
from typing import Annotated

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from ninja import NinjaAPI, Schema
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle
from pydantic import Field, StringConstraints

from api.errors import PROBLEM_TYPE, Problem
from core import versions

# Most rows a page of a list returns, and the furthest it may start (a larger offset is a client's mistake).
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000

# The answers any endpoint may give besides its own (the schema documents them; schemathesis holds it to that).
REFUSALS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_REFUSALS = {**REFUSALS, 409: Problem}


class PageParams(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="Cuántos elementos por página (1 a 100).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Desde qué elemento (0 es el primero).")


def paginate(rows: QuerySet | list, page: PageParams) -> dict:
    """One page of ``rows`` with the total: two queries (the count and the page) plus its selector's prefetches;
    or, for a list already read (a few rows put together in Python), its slice."""
    return {
        "count": len(rows) if isinstance(rows, list) else rows.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(rows[page.offset : page.offset + page.limit]),
    }


class Extended:
    """A record with more attributes for its schema (what its selector read beside it), the record untouched."""

    def __init__(self, record, **extra):
        self._record = record
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._record, name)


def rate_window() -> int:
    """The minute a request counts in."""
    return int(time.time() // 60)


class TokenRateThrottle(BaseThrottle):
    """At most ``API_RATE_PER_MINUTE`` requests per token and minute (a cache counter, shared by every process)."""

    def allow_request(self, request) -> bool:
        token = getattr(request, "api_token", None)
        if token is None:
            return True
        key = f"api-rate:{token.pk}:{rate_window()}"
        try:
            count = cache.incr(key)  # one round trip in the common case
        except ValueError:  # the minute's first request
            count = 1 if cache.add(key, 1, timeout=90) else cache.incr(key)
        return count <= settings.API_RATE_PER_MINUTE

    def wait(self) -> float:
        """Seconds until the next minute, when the count starts again (the instance is shared: nothing kept on it)."""
        return max(60 - time.time() % 60, 1)


def _client_has(request, etag: str) -> bool:
    sent = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in sent or "*" in sent


def _mark(response, etag: str):
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Authorization", "Accept-Language"])
    return response


def conditional(request, response):
    """A read's answer with its ETag (the hash of its body), private to its token; a 304 if the client has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    _mark(response, etag)
    if _client_has(request, etag):
        return _mark(HttpResponseNotModified(), etag)
    return response


def conditional_file(request, *, etag: str, respond) -> HttpResponse:
    """A stored file's answer under an ETag known before it is read (its SHA-256): a 304 without opening it."""
    if _client_has(request, etag):
        return _mark(HttpResponseNotModified(), etag)
    return _mark(respond(), etag)


RENDERER = JSONRenderer()


def cached_json(request, *, council_ids: list[int], parts: list, schema, build) -> HttpResponse:
    """A read kept whole in the cache while nothing of its councils (or the directory) changes (``core.versions``).

    Call it after the permission check, as the pages' ``CachedPageMixin`` does: ``parts`` say what the
    viewer may see; ``build()`` reads the records (only when they are not in the cache) for ``schema``.
    """
    key_parts = [request.get_host(), request.is_secure(), request.get_full_path(), get_language(), *parts]
    key = "api:read:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    read_version, found = versions.lookup_many(council_ids, [key])
    stored = found.get(key)
    if stored is not None and stored[0] == read_version:
        content = stored[1]
    else:
        data = schema.model_validate(build(), context={"request": request}).model_dump(by_alias=True)
        content = RENDERER.render(request, data, response_status=200)
        cache.set(key, (read_version, content), versions.PAGE_TIMEOUT)
    response = HttpResponse(content, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")
    return conditional(request, response)


class SesionesAPI(NinjaAPI):
    """NinjaAPI with the project's conventions: ETag and 304 on reads, private caching, problem+json in the schema."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return conditional(request, response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
                if operation.get("security") and "429" in operation.get("responses", {}):
                    operation["responses"]["429"]["headers"] = {
                        "Retry-After": {
                            "description": "Segundos que faltan para poder repetir.",
                            "schema": {"type": "integer"},
                        }
                    }
        return schema


# Words searched for: a line of text without NUL (PostgreSQL refuses it in a query), at most 100 characters.
SearchText = Annotated[
    str, StringConstraints(max_length=100, pattern=r"^[^\x00-\x1f]*$"), Field(description="Palabras a buscar.")
]

# A record's id in a path or a filter: a positive 64-bit integer (anything larger names no row).
Id = Annotated[int, Field(ge=1, le=9_223_372_036_854_775_807)]

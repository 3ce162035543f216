"""Every operation of the API fuzzed from its own OpenAPI schema (schemathesis): never a 500, never an answer
the schema does not describe (status, content type, body, headers).

Requests go to the Django WSGI application in-process, on the world of
``tests.worlds`` with a platform admin's write token (who may reach every
record), each example in a savepoint rolled back afterwards. A few examples per
operation keep it under a minute.
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.v1 import api
from config.wsgi import application
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))

# The schema the application serves at /api/v1/openapi.json (test_the_schema_is_the_one_served checks it).
SCHEMA = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
SCHEMA.app = application
LABELS = sorted(result.ok().label for result in SCHEMA.get_all_operations())


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI application keeps the test's database connection open (as Django's test client does), so every
    request sees the test's rows and its savepoint."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_schema_is_the_one_served(client, db):
    assert client.get("/api/v1/openapi.json").json() == json.loads(json.dumps(api.get_openapi_schema()))


@pytest.mark.parametrize("label", LABELS)
def test_no_operation_breaks_or_strays_from_its_schema(whole_world, wsgi_keeps_the_test_connection, label):
    headers = {"Authorization": f"Bearer {bearer_client(whole_world.users['admin']).plain}"}
    operation = SCHEMA.find_operation_by_label(label)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def fuzz(case):
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)
            transaction.set_rollback(True)

    fuzz()

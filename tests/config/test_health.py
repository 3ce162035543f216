import json
import logging

import pytest
from django.urls import reverse

from config.logging import JsonFormatter


@pytest.mark.django_db
def test_health_reports_database_and_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "not configured"}}


@pytest.mark.django_db
def test_health_fails_with_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error"


def test_logs_are_one_json_object_per_line():
    record = logging.LogRecord("sesiones", logging.INFO, __file__, 1, "convocatoria %s", ("enviada",), None)
    record.session_id = 7
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "convocatoria enviada"
    assert entry["level"] == "INFO" and entry["session_id"] == 7

from __future__ import annotations

from unittest import mock

from django.db.utils import OperationalError


def test_healthz_reports_database_broker_and_workers(regions, client, settings):
    body = client.get("/healthz").json()
    assert body["database"]["ok"] is True
    assert set(body) == {"database", "broker", "workers"}
    assert body["broker"]["mode"] == ("redis" if settings.REDIS_URL else "in-process")


def test_healthz_answers_503_when_the_database_is_down(regions, client):
    # The one outside failure we simulate: a database server that refuses connections.
    with mock.patch(
        "tkpk.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "ok": False,
        "vendor": mock.ANY,
        "error": "connection refused",
    }

"""/metrics in the Prometheus format (token or administrator) and /healthz (database, Redis)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_token_or_an_administrator(make_app, login):
    app = make_app(METRICS_TOKEN="s3cret-token-for-prometheus")
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token-for-prometheus"})
    assert right.status_code == 200
    assert right.content_type.startswith("text/plain")


def test_an_agent_is_refused_and_an_administrator_reads_them(login):
    assert login("demo2").get("/metrics").status_code == 403
    assert login("demo1").get("/metrics").status_code == 200


def test_tickets_calls_waits_and_request_latencies_are_counted(
    login: Any, client: Any, clock: Any
) -> None:
    admin = login("demo1")
    for _ in range(2):
        assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
    clock.advance(minutes=12)
    called = admin.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    assert called.status_code == 200
    admin.post(f"/api/v1/tickets/{called.json['id']}/recall", json={})
    text = admin.get("/metrics").get_data(as_text=True)
    site = "mde-castelsarrasin"
    assert value(text, "accueil_tickets_issued_total", site=site, service="caf-rsa") == 2
    assert value(text, "accueil_calls_total", site=site, recall="no") == 1
    assert value(text, "accueil_calls_total", site=site, recall="yes") == 1
    assert value(text, "accueil_wait_seconds_count", site=site) == 1
    assert value(text, "accueil_wait_seconds_sum", site=site) == 12 * 60
    assert value(text, "accueil_wait_seconds_bucket", site=site, le="600.0") == 0
    assert value(text, "accueil_wait_seconds_bucket", site=site, le="900.0") == 1
    tickets = value(
        text,
        "accueil_request_duration_seconds_count",
        method="POST",
        route="/api/v1/tickets",
        status="201",
    )
    assert tickets == 2


def test_connected_screens_are_counted_by_namespace(app, login, socket_client):
    admin = login("demo1")
    display = socket_client("/display")
    socket_client("/kiosk")
    text = admin.get("/metrics").get_data(as_text=True)
    assert value(text, "accueil_connected_screens", namespace="/display") == 1
    assert value(text, "accueil_connected_screens", namespace="/kiosk") == 1
    display.disconnect(namespace="/display")
    text = admin.get("/metrics").get_data(as_text=True)
    assert value(text, "accueil_connected_screens", namespace="/display") == 0


def test_health_says_the_database_answers_and_no_queue_is_needed_alone(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    assert response.json["message_queue"].startswith("not configured")


def test_health_is_503_when_the_message_queue_is_out_of_reach(app, client):
    app.config["MESSAGE_QUEUE"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "ok"
    assert response.json["message_queue"].startswith("error")


def test_health_is_503_when_the_database_is_out_of_reach(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"].startswith("error")


@pytest.mark.redis
def test_health_checks_the_real_redis(app, client):
    url = os.environ.get("ACCUEIL_TEST_REDIS_URL")
    if not url:
        pytest.skip("set ACCUEIL_TEST_REDIS_URL")
    app.config["MESSAGE_QUEUE"] = url
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["message_queue"] == "ok"


def test_print_jobs_are_counted_by_outcome(make_app):
    from printers.emulator import PrinterEmulator
    from server.printing_runtime import printing_runtime

    app = make_app(PRINT_WAIT_SECONDS=5.0)
    emulator = PrinterEmulator(port=0).start()
    try:
        admin = app.test_client()
        admin.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
        url = f"tcp://127.0.0.1:{emulator.port}?timeout=0.5"
        body = {"name": "entree", "url": url, "location": "borne-1"}
        assert admin.post("/api/v1/printers", json=body).status_code == 201
        assert admin.post("/api/v1/peak", json={"on": True}).status_code == 200
        ticket = admin.post(
            "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"X-Accueil-Kiosk": "borne-1"}
        )
        assert ticket.json["printed"] is True
        text = admin.get("/metrics").get_data(as_text=True)
        assert value(text, "accueil_print_jobs_total", outcome="printed") == 1
    finally:
        printing_runtime(app).stop()
        emulator.stop()

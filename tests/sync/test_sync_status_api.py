"""The laptop console's status and its "Synchroniser maintenant" button, through the API."""

from __future__ import annotations

import time


def agent(app):
    client = app.test_client()
    assert (
        client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"}).status_code == 200
    )
    return client


def test_synchronise_now_runs_in_the_background_and_the_status_follows(apps):
    laptop = apps["laptop"]
    laptop.test_client().post("/api/v1/tickets", json={"service": "caf-rsa"})
    console = agent(laptop)
    before = console.get("/api/v1/sync/status").json
    assert before["configured"] and before["pending"]["visits"] == 1
    assert before["text"].startswith("Jamais synchronisé")

    started = console.post("/api/v1/sync/run")

    assert started.status_code == 202 and started.json["running"] is True
    for _ in range(100):  # bounded wait for the background run, not a timing assertion
        status = console.get("/api/v1/sync/status").json
        if not status["running"]:
            break
        time.sleep(0.1)
    assert status["running"] is False
    assert status["pending_total"] == 0 and status["last_error"] == ""
    assert status["text"] == "Synchronisé à l'instant" and status["level"] == "ok"


def test_the_status_is_for_signed_in_agents_only(apps):
    anonymous = apps["laptop"].test_client()
    assert anonymous.get("/api/v1/sync/status").status_code == 401
    assert anonymous.post("/api/v1/sync/run").status_code == 401


def test_a_server_without_a_central_says_it_is_not_configured(app, agent_client):
    assert agent_client.get("/api/v1/sync/status").json["configured"] is False
    refused = agent_client.post("/api/v1/sync/run")
    assert refused.status_code == 400 and "non configurée" in refused.json["error"]["message"]

"""A ticket still waiting from another day is « expired » for its holder: no agent will call it
(calls take today's line), so the phone no longer says « Personne avant vous »."""

from __future__ import annotations

from typing import Any


def tracked(client: Any, ticket: dict[str, Any]) -> dict[str, Any]:
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    response = client.get(f"/api/v1/tickets/by-token/{token}")
    assert response.status_code == 200
    return dict(response.json)


def test_yesterdays_waiting_ticket_is_expired_and_has_no_place(
    client: Any, login: Any, make_ticket: Any, clock: Any
) -> None:
    agent = login("demo1")
    first, second = make_ticket(), make_ticket()
    assert tracked(client, second)["status"] == "waiting"
    assert tracked(client, second)["position"] == 2
    called = agent.post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).json
    started = agent.post(f"/api/v1/tickets/{called['id']}/start", json={}).json
    finished = agent.post(f"/api/v1/tickets/{called['id']}/finish", json={})
    assert (started["status"], finished.status_code) == ("serving", 200)
    clock.advance(hours=24)
    left = tracked(client, second)
    assert (left["status"], left["position"], left["people_ahead"], left["wait"]) == (
        "expired",
        0,
        0,
        None,
    )
    assert tracked(client, first)["status"] == "done"  # a visit that ended stays as it ended
    today = make_ticket()
    assert tracked(client, today)["status"] == "waiting"
    assert tracked(client, today)["position"] == 1  # yesterday's ticket is not ahead of it

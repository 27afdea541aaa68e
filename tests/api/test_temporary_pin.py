"""A PIN reset by an administrator is only a way in: the agent chooses their own at once."""

from __future__ import annotations

from typing import Any


def reset_demo2(admin: Any, pin: str = "8642") -> None:
    reset = admin.patch("/api/v1/admin/agents/demo2", json={"pin": pin})
    assert reset.status_code == 200 and reset.json["pin_temporary"] is True


def test_after_a_reset_the_agent_must_choose_a_pin_before_anything_else(
    agent_client: Any, app: Any
) -> None:
    reset_demo2(agent_client)
    agent = app.test_client()
    signed_in = agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "8642"})
    assert signed_in.status_code == 200 and signed_in.json["pin_change_required"] is True
    refused = agent.get("/api/v1/counters")
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "pin_change_required"
    assert agent.get("/api/v1/auth/me").json["pin_change_required"] is True

    chosen = agent.post("/api/v1/auth/pin", json={"current": "8642", "pin": "97531"})
    assert chosen.status_code == 200 and chosen.json["pin_change_required"] is False
    assert agent.get("/api/v1/counters").status_code == 200
    # The chosen PIN is the only one now; the administrator's is gone.
    again = app.test_client()
    assert (
        again.post("/api/v1/auth/login", json={"login": "demo2", "pin": "8642"}).status_code == 401
    )
    later = again.post("/api/v1/auth/login", json={"login": "demo2", "pin": "97531"})
    assert later.status_code == 200 and later.json["pin_change_required"] is False


def test_choosing_a_pin_checks_it_and_proves_the_current_one(agent_client: Any, app: Any) -> None:
    reset_demo2(agent_client)
    agent = app.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "8642"})
    for body, status, field in [
        ({"current": "8642", "pin": "8642"}, 400, "pin"),  # the same as the temporary one
        ({"current": "8642", "pin": "12"}, 400, "pin"),
        ({"current": "8642", "pin": "abcd"}, 400, "pin"),
    ]:
        refused = agent.post("/api/v1/auth/pin", json=body)
        assert refused.status_code == status, refused.json
        assert refused.json["error"]["details"]["field"] == field
    wrong = agent.post("/api/v1/auth/pin", json={"current": "0000", "pin": "97531"})
    assert wrong.status_code == 401
    assert agent.get("/api/v1/counters").json["error"]["code"] == "pin_change_required"


def test_anonymous_cannot_choose_a_pin(client: Any) -> None:
    assert (
        client.post("/api/v1/auth/pin", json={"current": "1234", "pin": "5678"}).status_code == 401
    )


def test_an_admin_resetting_their_own_pin_keeps_it(agent_client: Any) -> None:
    own = agent_client.patch("/api/v1/admin/agents/demo1", json={"pin": "24680"})
    assert own.status_code == 200 and own.json["pin_temporary"] is False

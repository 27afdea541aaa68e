"""Another site cannot make a signed-in agent's browser act: Origin checked, JSON only, and
Socket.IO connections from another origin refused."""

from __future__ import annotations

from typing import Any

import pytest

OURS = "http://localhost"
EVIL = "http://evil.example"


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"data": '{"counter": "accueil"}', "content_type": "text/plain"},
        {"data": {"counter": "accueil"}},  # an HTML form
        {"json": {"counter": "accueil"}},
    ],
    ids=["text-plain", "form", "json"],
)
def test_an_agent_action_posted_from_another_site_is_refused(
    agent_client: Any, make_ticket: Any, kwargs: dict[str, Any]
) -> None:
    make_ticket()
    response = agent_client.post("/api/v1/agent/call-next", headers={"Origin": EVIL}, **kwargs)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "cross_origin"
    queue = agent_client.get("/api/v1/queue").json
    assert queue["waiting_count"] == 1  # nobody was called


def test_a_referer_from_another_site_is_refused_when_there_is_no_origin(
    agent_client: Any,
) -> None:
    response = agent_client.post(
        "/api/v1/auth/logout", json={}, headers={"Referer": f"{EVIL}/page"}
    )
    assert response.status_code == 403
    assert agent_client.get("/api/v1/auth/me").status_code == 200


def test_an_opaque_null_origin_is_refused(agent_client: Any) -> None:
    response = agent_client.patch(
        "/api/v1/admin/agents/demo2", json={"active": False}, headers={"Origin": "null"}
    )
    assert response.status_code == 403


def test_a_form_or_text_body_is_refused_even_without_an_origin(agent_client: Any) -> None:
    for kwargs in ({"data": {"counter": "accueil"}}, {"data": "x", "content_type": "text/plain"}):
        response = agent_client.post("/api/v1/agent/call-next", **kwargs)
        assert response.status_code == 400
        assert response.json["error"]["code"] == "json_required"


def test_our_own_pages_json_requests_pass(agent_client: Any, make_ticket: Any) -> None:
    make_ticket()
    response = agent_client.post(
        "/api/v1/agent/call-next",
        json={"counter": "accueil"},
        headers={"Origin": OURS, "Referer": f"{OURS}/console"},
    )
    assert response.status_code == 200


def test_the_public_url_counts_as_ours_behind_a_proxy(make_app: Any, make_ticket: Any) -> None:
    app = make_app(PUBLIC_URL="https://accueil.example.fr/")
    response = app.test_client().post(
        "/api/v1/tickets",
        json={"service": "caf-rsa"},
        headers={"Origin": "https://accueil.example.fr"},
    )
    assert response.status_code == 201


def test_the_setup_form_from_another_site_is_refused(make_app: Any) -> None:
    app = make_app()
    response = app.test_client().post(
        "/admin/setup/whatever", data={"site": "x"}, headers={"Origin": EVIL}
    )
    assert response.status_code == 403


def handshake(app: Any, origin: str | None) -> Any:
    headers = {"Origin": origin} if origin else {}
    return app.test_client().get("/socket.io/?EIO=4&transport=polling", headers=headers)


def test_a_socket_from_another_origin_is_refused(app: Any) -> None:
    assert handshake(app, EVIL).status_code == 400
    assert handshake(app, "null").status_code == 400


def test_a_socket_from_our_pages_or_without_origin_connects(app: Any) -> None:
    assert handshake(app, OURS).status_code == 200
    assert handshake(app, None).status_code == 200

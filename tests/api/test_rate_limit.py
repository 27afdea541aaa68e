"""The public ticket route stops a runaway client but never a real rush."""

import time

from server.config import Config


def test_a_runaway_kiosk_is_stopped_with_a_json_429(make_app):
    client = make_app(
        RATELIMIT_ENABLED=True, TICKET_RATE_LIMIT=Config.TICKET_RATE_LIMIT, OPENING_HOURS="always"
    ).test_client()
    statuses = [
        client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code for _ in range(15)
    ]
    assert statuses[:10] == [201] * 10
    assert statuses[10:] == [429] * 5
    refused = client.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert refused.json["error"]["code"] == "rate_limited"
    assert client.get("/api/v1/queue").json["waiting_count"] == 10


def test_a_real_rush_of_one_ticket_a_second_never_hits_the_limit(make_app):
    client = make_app(
        RATELIMIT_ENABLED=True, TICKET_RATE_LIMIT=Config.TICKET_RATE_LIMIT, OPENING_HOURS="always"
    ).test_client()
    started = time.monotonic()
    for index in range(12):
        # 1 s apart, but the first ones in quick succession (a family arriving together).
        while time.monotonic() < started + max(0, index - 4):
            time.sleep(0.02)
        assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201

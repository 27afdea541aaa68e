"""A day in a village hall, played through the laptop's own API (kiosk, agents' console)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# post(path, json) -> (status, body); advance(minutes) moves the laptop's clock, when it has one.
Post = Callable[[str, dict[str, Any]], tuple[int, Any]]

SERVICES = (
    "caf-rsa",
    "carte-grise",
    "impots-declaration",
    "cpam-css",
    "justice-casier",
    "retraite-demande",
)


def _ok(answer: tuple[int, Any], *expected: int) -> Any:
    status, body = answer
    assert status in (expected or (200, 201)), (status, body)
    return body


def record_day(
    kiosk: Post, agent: Post, advance: Callable[[float], None], visits: int = 12
) -> dict[str, int]:
    """Tickets, calls, outcomes, a transfer, a no-show, a cancellation, a call back and a few
    people who only came to read; returns what was done, for the caller's own checks."""
    done = {"tickets": 0, "finished": 0, "no_show": 0, "cancelled": 0, "transfers": 0}
    tickets = []
    for index in range(visits):
        service = SERVICES[index % len(SERVICES)]
        body = {"service": service, "priority": index % 5 == 4, "language": "fr"}
        if index % 4 == 3:
            body["language"] = "ar"
        tickets.append(_ok(kiosk("/api/v1/tickets", body), 201))
        done["tickets"] += 1
        advance(2)
    for kind in ("reading", "reading", "reading"):
        _ok(kiosk("/api/v1/presences", {"kind": kind}), 201)
    cancelled = tickets[-1]
    _ok(kiosk(f"/api/v1/tickets/by-token/{_token(cancelled)}/cancel", {}), 200)
    done["cancelled"] += 1
    turn = 0
    while True:
        status, called = agent("/api/v1/agent/call-next", {"counter": "accueil"})
        if status == 204:
            break
        assert status == 200, (status, called)
        turn += 1
        advance(2)
        ticket = called["id"]
        if turn == 3:
            _ok(agent(f"/api/v1/tickets/{ticket}/no-show", {}))
            done["no_show"] += 1
            continue
        _ok(agent(f"/api/v1/tickets/{ticket}/start", {}))
        advance(9)
        if turn == 2:
            _ok(agent(f"/api/v1/tickets/{ticket}/transfer", {"service": "cpam-ameli"}))
            done["transfers"] += 1
            continue
        outcome = {"service": called["service"], "request_type": "procedure", "result": "resolved"}
        _ok(agent(f"/api/v1/tickets/{ticket}/finish", {"outcome": outcome}))
        done["finished"] += 1
        if turn == 1:
            callback = {"phone": "06 12 34 56 78", "consent": True}
            _ok(agent(f"/api/v1/tickets/{ticket}/callback", callback), 201)
    return done


def _token(ticket: dict[str, Any]) -> str:
    return str(ticket["tracking_url"]).rstrip("/").rsplit("/", 1)[1]

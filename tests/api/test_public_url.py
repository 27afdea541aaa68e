"""Tracking links and printed QR codes never take a forged Host header's address."""

from __future__ import annotations

from typing import Any

import pytest

HOSTILE = {"Host": "evil.example:8080"}


def take(client: Any, **headers: str) -> dict[str, Any]:
    response = client.post("/api/v1/tickets", json={"service": "caf-rsa"}, headers=headers)
    assert response.status_code == 201
    return dict(response.json)


def test_a_hostile_host_header_gets_the_safe_default_not_its_address(make_app):
    client = make_app().test_client()
    ticket = take(client, **HOSTILE)
    assert ticket["tracking_url"].startswith("http://127.0.0.1:5000/t/")
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    followed = client.get(f"/api/v1/tickets/by-token/{token}", headers=HOSTILE)
    assert "evil" not in followed.get_data(as_text=True)
    for page in ("/display", "/kiosk", "/queue"):
        assert "evil.example" not in client.get(page, headers=HOSTILE).get_data(as_text=True)


def test_an_allowed_host_gives_its_own_address(make_app):
    client = make_app(ALLOWED_HOSTS="accueil.mairie.fr, 192.168.1.10").test_client()
    ticket = take(client, Host="accueil.mairie.fr")
    assert ticket["tracking_url"].startswith("http://accueil.mairie.fr/t/")
    ticket = take(client, Host="192.168.1.10:5000")
    assert ticket["tracking_url"].startswith("http://192.168.1.10:5000/t/")
    assert take(client, **HOSTILE)["tracking_url"].startswith("http://127.0.0.1:5000/")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000"])
def test_the_local_addresses_are_allowed_by_default_for_the_demo(make_app, host):
    ticket = take(make_app().test_client(), Host=host)
    assert ticket["tracking_url"].startswith(f"http://{host}/t/")


def test_the_configured_public_url_wins_over_any_host(make_app):
    client = make_app(PUBLIC_URL="https://accueil.example.fr/").test_client()
    assert take(client, **HOSTILE)["tracking_url"].startswith("https://accueil.example.fr/t/")

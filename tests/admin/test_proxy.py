"""Behind a reverse proxy: X-Forwarded-* is believed only from the configured proxies."""

from __future__ import annotations

from typing import Any

FORWARDED = {
    "X-Forwarded-For": "10.0.0.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "accueil.example.fr",
}


def tracking_url(app: Any) -> str:
    response = app.test_client().post(
        "/api/v1/tickets", json={"service": "caf-rsa"}, headers=FORWARDED
    )
    assert response.status_code == 201
    return str(response.json["tracking_url"])


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(make_app: Any) -> None:
    assert tracking_url(make_app()).startswith("http://localhost/")


def test_one_trusted_proxy_gives_the_public_scheme_and_host(make_app: Any) -> None:
    app = make_app(TRUSTED_PROXIES=1, ALLOWED_HOSTS="accueil.example.fr")
    assert tracking_url(app).startswith("https://accueil.example.fr/")


def test_a_forwarded_host_outside_the_allowed_hosts_never_makes_links(make_app: Any) -> None:
    # nginx passes the visitor's own Host on: the proxy does not make it trustworthy.
    assert tracking_url(make_app(TRUSTED_PROXIES=1)).startswith("http://127.0.0.1:5000/")


def test_the_sites_public_url_wins_over_the_request(make_app: Any, login: Any) -> None:
    app = make_app()
    admin = app.test_client()
    admin.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    saved = admin.put(
        "/api/v1/admin/settings", json={"site": {"public_url": "https://file.example.fr"}}
    )
    assert saved.status_code == 200
    assert tracking_url(app).startswith("https://file.example.fr/")

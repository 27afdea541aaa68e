"""Pairing kiosks and displays: a code on the screen, entered in /admin, binds the screen to a
site and a name; revoking it in /admin unbinds it at once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from server.extensions import db
from server.services.seed import ensure_site

HOME = "mde-castelsarrasin"
OTHER = "fs-moissac"


@pytest.fixture
def two_sites(app: Any, agent_client: Any) -> Any:
    """A second site, and demo1 (signed in at the home site as `agent_client`) an administrator
    of the department: they pair screens to any site."""
    from sqlalchemy import update

    from server.models import Agent

    with app.app_context():
        ensure_site(db.session, code=OTHER, name="France Services Moissac")
        db.session.execute(
            update(Agent).where(Agent.login == "demo1").values(role="department_admin")
        )
        db.session.commit()
    return app


def shown_code(screen: Any, path: str = "/appairage") -> str:
    page = screen.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    found = re.search(r'data-code="([A-Z0-9]{6})"', page.get_data(as_text=True))
    assert found
    return found.group(1)


def pair(admin: Any, screen: Any, **fields: Any) -> dict[str, Any]:
    body = {"code": shown_code(screen), "site": OTHER, "name": "salle", "kind": "display", **fields}
    response = admin.post("/api/v1/admin/devices", json=body)
    assert response.status_code == 201, response.json
    answer = screen.get("/api/v1/screens/pairing").json
    assert answer["state"] == "paired", answer
    return dict(response.json)


def waiting(client: Any, prefix: str = "") -> int:
    return int(client.get(f"{prefix}/api/v1/queue").json["waiting_count"])


def test_a_paired_screen_serves_its_site_whatever_its_address_says(
    two_sites: Any, agent_client: Any
):
    screen = two_sites.test_client()
    code = shown_code(screen)
    assert screen.get("/api/v1/screens/pairing").json == {
        "state": "waiting",
        "code": code,
        "expires_at": screen.get("/api/v1/screens/pairing").json["expires_at"],
    }
    created = agent_client.post(
        "/api/v1/admin/devices",
        json={
            "code": code.lower()[:3] + "-" + code[3:],
            "site": OTHER,
            "name": "Salle",
            "kind": "display",
        },
    )
    assert created.status_code == 201, created.json
    answer = screen.get("/api/v1/screens/pairing").json
    assert answer["state"] == "paired"
    assert answer["url"] == f"/s/{OTHER}/display"
    cookie = screen.get_cookie("accueil_screen")
    assert cookie is not None and cookie.http_only
    two_sites.test_client().post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    assert agent_client.get("/api/v1/admin/devices").json["devices"][0]["last_seen_at"] is None
    assert waiting(screen) == 1  # no path: its binding
    assert waiting(screen, f"/s/{HOME}") == 1  # another site's path: still its binding
    assert "France Services Moissac" in screen.get("/display").get_data(as_text=True)
    listed = agent_client.get("/api/v1/admin/devices").json["devices"]
    assert listed[0]["last_seen_at"] is not None  # its page was opened


def test_a_revoked_screen_no_longer_gets_its_site(two_sites: Any, agent_client: Any):
    screen = two_sites.test_client()
    device = pair(agent_client, screen)
    two_sites.test_client().post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    assert waiting(screen) == 1
    revoked = agent_client.patch(f"/api/v1/admin/devices/{device['id']}", json={"revoked": True})
    assert revoked.status_code == 200 and revoked.json["active"] is False
    assert waiting(screen) == 0  # the home site, like any unpaired browser
    assert screen.get("/display").status_code == 302  # several sites: pair it again


def test_only_the_screen_that_showed_the_code_is_bound(two_sites: Any, agent_client: Any):
    screen, stranger = two_sites.test_client(), two_sites.test_client()
    pair_code = shown_code(screen)
    shown_code(stranger)  # a stranger's own pending code gives them nothing of the screen's
    agent_client.post(
        "/api/v1/admin/devices",
        json={"code": pair_code, "site": OTHER, "name": "salle", "kind": "display"},
    )
    assert stranger.get("/api/v1/screens/pairing").json["state"] == "waiting"
    assert stranger.get_cookie("accueil_screen") is None
    assert two_sites.test_client().get("/api/v1/screens/pairing").json == {"state": "expired"}
    assert screen.get("/api/v1/screens/pairing").json["state"] == "paired"


def test_a_wrong_or_expired_code_is_a_clear_400(two_sites: Any, agent_client: Any, clock: Any):
    screen = two_sites.test_client()
    code = shown_code(screen)
    body = {"site": OTHER, "name": "salle", "kind": "display"}
    wrong = agent_client.post("/api/v1/admin/devices", json={**body, "code": "ZZZZZZ"})
    assert wrong.status_code == 400 and wrong.json["error"]["details"]["field"] == "code"
    clock.advance(minutes=16)
    late = agent_client.post("/api/v1/admin/devices", json={**body, "code": code})
    assert late.status_code == 400
    assert screen.get("/api/v1/screens/pairing").json == {"state": "expired"}
    assert shown_code(screen) != code  # the screen shows a fresh code


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"kind": "toaster"}, "kind"), ({"site": "ailleurs"}, "site"), ({"name": " "}, "name")],
)
def test_a_bad_pairing_is_a_clear_400(
    two_sites: Any, agent_client: Any, fields: dict[str, Any], field: str
):
    screen = two_sites.test_client()
    body = {"code": shown_code(screen), "site": OTHER, "name": "salle", "kind": "display", **fields}
    response = agent_client.post("/api/v1/admin/devices", json=body)
    assert response.status_code == 400
    assert response.json["error"]["details"]["field"] == field


def test_devices_are_managed_by_admins_only(client: Any, login: Any):
    code = shown_code(client)
    body = {"code": code, "site": HOME, "name": "borne-1", "kind": "kiosk"}
    assert client.post("/api/v1/admin/devices", json=body).status_code == 401
    assert login("demo2").post("/api/v1/admin/devices", json=body).status_code == 403
    assert login("demo2").get("/api/v1/admin/devices").status_code == 403
    assert (
        login("demo2").patch("/api/v1/admin/devices/1", json={"revoked": True}).status_code == 403
    )


def test_rename_move_and_revoke_are_in_the_audit_trail(two_sites: Any, agent_client: Any):
    screen = two_sites.test_client()
    device = pair(agent_client, screen, kind="kiosk", name="borne-1")
    listed = agent_client.get("/api/v1/admin/devices").json
    assert [d["name"] for d in listed["devices"]] == ["borne-1"]
    path = f"/api/v1/admin/devices/{device['id']}"
    moved = agent_client.patch(path, json={"site": HOME, "name": "borne-entrée"})
    assert (moved.json["site"], moved.json["name"]) == (HOME, "borne-entrée")
    assert waiting(screen, f"/s/{OTHER}") == waiting(screen)  # it now serves the home site
    assert agent_client.patch(path, json={"revoked": True}).status_code == 200
    actions = [e["action"] for e in agent_client.get("/api/v1/admin/audit").json]
    assert actions[:2] == ["device.revoked", "device.updated"]  # at the site it moved to


def test_two_live_screens_of_a_site_cannot_share_a_name(two_sites: Any, agent_client: Any):
    pair(agent_client, two_sites.test_client(), name="Salle")
    second = two_sites.test_client()
    body = {"code": shown_code(second), "site": OTHER, "name": "salle", "kind": "display"}
    taken = agent_client.post("/api/v1/admin/devices", json=body)
    assert taken.status_code == 400 and taken.json["error"]["details"]["field"] == "name"


def test_a_flood_of_pairing_requests_is_capped(two_sites: Any, monkeypatch: pytest.MonkeyPatch):
    from server.services import devices

    monkeypatch.setattr(devices, "MAX_PENDING", 2)
    for _ in range(2):
        assert two_sites.test_client().get("/appairage").status_code == 200
    refused = two_sites.test_client().get("/appairage")
    assert refused.status_code == 429


def test_a_paired_kiosks_name_wins_over_the_name_a_request_gives(two_sites: Any, agent_client: Any):
    from server.context import kiosk_name

    screen = two_sites.test_client()
    pair(agent_client, screen, kind="kiosk", name="borne-1")
    token = screen.get_cookie("accueil_screen").value
    with two_sites.test_request_context(
        "/api/v1/tickets",
        headers={"X-Accueil-Kiosk": "borne-2", "Cookie": f"accueil_screen={token}"},
    ):
        assert kiosk_name({"kiosk": "borne-3"}) == "borne-1"
    with two_sites.test_request_context("/api/v1/tickets", headers={"X-Accueil-Kiosk": "borne-2"}):
        assert kiosk_name({"kiosk": "borne-3"}) == "borne-2"


def test_a_paired_displays_socket_gets_its_sites_snapshot(
    two_sites: Any, agent_client: Any, socket_client: Any
):
    screen = two_sites.test_client()
    pair(agent_client, screen)
    two_sites.test_client().post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    live = socket_client("/display", flask_client=screen, auth={"site": HOME})
    assert live.get_received("/display")[0]["args"][0]["waiting_count"] == 1


def test_the_devices_page_shows_waiting_codes_screens_and_printers(
    two_sites: Any, agent_client: Any
):
    pair(agent_client, two_sites.test_client(), kind="kiosk", name="borne-1")
    waiting_code = shown_code(two_sites.test_client())
    printer = {"name": "imprimante-entree", "url": "tcp://192.0.2.10:9100", "location": "borne-1"}
    assert agent_client.post("/api/v1/printers", json=printer).status_code == 201
    outside = {**printer, "name": "ailleurs", "url": "file:///etc/passwd"}
    assert agent_client.post("/api/v1/printers", json=outside).status_code == 400
    html = agent_client.get("/admin/ecrans").get_data(as_text=True)
    assert waiting_code in html
    assert "borne-1" in html and "France Services Moissac" in html
    assert "imprimante-entree" in html and "à côté de borne-1" in html
    assert '<option value="borne-1">' in html  # the kiosks' names offered for a printer
    actions = [e["action"] for e in agent_client.get("/api/v1/admin/audit").json]
    assert actions[0] == "printer.added"


def test_revoking_a_screen_tells_its_sites_screens_to_look_again(
    two_sites: Any, agent_client: Any, socket_client: Any
):
    screen = two_sites.test_client()
    device = pair(agent_client, screen)
    live = socket_client("/display", flask_client=screen)
    live.get_received("/display")
    agent_client.patch(f"/api/v1/admin/devices/{device['id']}", json={"revoked": True})
    heard = [(m["name"], m["args"][0].get("key")) for m in live.get_received("/display")]
    assert ("setting_changed", "devices") in heard


def test_a_site_admin_pairs_and_manages_only_their_own_sites_screens(
    two_sites: Any, agent_client: Any
):
    from sqlalchemy import select

    from server.models import Agent, Site
    from server.services.agents import hash_pin

    with two_sites.app_context():
        other = db.session.scalar(select(Site).where(Site.code == OTHER))
        chef = Agent(name="Chef", login="moissac-chef", pin_hash=hash_pin("2468"), role="admin")
        chef.sites = [other]
        db.session.add(chef)
        db.session.commit()
    chef_client = two_sites.test_client()
    signed_in = chef_client.post(
        "/api/v1/auth/login", json={"login": "moissac-chef", "pin": "2468"}
    )
    assert signed_in.status_code == 200, signed_in.json
    home_screen = pair(agent_client, two_sites.test_client(), site=HOME, name="accueil")
    body = {"code": shown_code(two_sites.test_client()), "site": HOME, "name": "x", "kind": "kiosk"}
    refused = chef_client.post("/api/v1/admin/devices", json=body)
    assert refused.status_code == 400 and refused.json["error"]["details"]["field"] == "site"
    assert chef_client.get("/api/v1/admin/devices").json["devices"] == []
    revoke = chef_client.patch(f"/api/v1/admin/devices/{home_screen['id']}", json={"revoked": True})
    assert revoke.status_code == 404
    assert (
        chef_client.post("/api/v1/admin/devices", json={**body, "site": OTHER}).status_code == 201
    )


def test_the_screens_page_says_when_at_the_offices_time(app: Any, agent_client: Any) -> None:
    """« appairé le 2026-11-30 à 08:00 (UTC) » was an hour off the office's clock in winter."""
    body = {"code": shown_code(app.test_client()), "site": HOME, "name": "borne-1", "kind": "kiosk"}
    assert agent_client.post("/api/v1/admin/devices", json=body).status_code == 201
    page = agent_client.get("/admin/ecrans").get_data(as_text=True)
    # The fake clock: Monday 30 November 2026, 09:00 in Castelsarrasin.
    assert "appairé le 30/11/2026 à 09:00" in page and "(UTC)" not in page
    body = {"site": "fs-itinerante", "label": "portable"}
    created = agent_client.post("/api/v1/admin/sync-tokens", json=body)
    assert created.status_code == 201, created.json
    tokens = agent_client.get("/admin/synchronisation").get_data(as_text=True)
    assert "créé le 30/11/2026 à 09:00" in tokens and "(UTC)" not in tokens


def test_the_sites_page_names_the_screens_addresses_that_exist(
    two_sites: Any, agent_client: Any, client: Any
) -> None:
    """The code's hint said « /s/code/borne », an address that serves nothing."""
    page = agent_client.get("/admin/sites").get_data(as_text=True)
    hint = page.split('id="site-code-hint">')[1].split("</p>")[0]
    paths = re.findall(r"/s/code/[a-z]+", hint)
    assert paths
    for path in paths:
        assert client.get(path.replace("/s/code/", f"/s/{OTHER}/")).status_code == 200, path

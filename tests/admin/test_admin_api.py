"""The back-office API: admins only, clear 400s, and changes that reach screens live."""

from __future__ import annotations

from typing import Any

import pytest

ADMIN_GETS = [
    "/api/v1/admin/counters",
    "/api/v1/admin/agents",
    "/api/v1/admin/services",
]
ADMIN_PAGES = [
    "/admin",
    "/admin/guichets",
    "/admin/agents",
    "/admin/catalogue",
    "/admin/journal",
    "/admin/ecrans",
]


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_admin_api_is_401_anonymous_and_403_for_an_agent(
    client: Any, login: Any, path: str
) -> None:
    assert client.get(path).status_code == 401
    assert login("demo2").get(path).status_code == 403
    assert login("demo1").get(path).status_code == 200


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_for_admins_only(client: Any, login: Any, path: str) -> None:
    anonymous = client.get(path)
    assert anonymous.status_code == 401 and "Connexion" in anonymous.get_data(as_text=True)
    assert login("demo2").get(path).status_code == 403
    page = login("demo1").get(path)
    assert page.status_code == 200 and '<html lang="fr"' in page.get_data(as_text=True)


def test_an_agent_cannot_create_anything(login: Any) -> None:
    agent = login("demo2")
    body = {"code": "bureau-9", "label": "Bureau 9", "kind": "office", "services": []}
    assert agent.post("/api/v1/admin/counters", json=body).status_code == 403
    assert agent.post("/api/v1/admin/agents", json={"login": "x"}).status_code == 403


def test_a_new_counter_appears_in_the_console_and_consoles_hear_it(
    agent_client: Any, socket_client: Any
) -> None:
    console = socket_client("/agent", agent_client)
    console.get_received("/agent")
    body = {"code": "bureau-3", "label": "Bureau 3", "kind": "office", "services": ["caf-rsa"]}
    created = agent_client.post("/api/v1/admin/counters", json=body)
    assert created.status_code == 201
    assert created.json["services"] == ["caf-rsa"] and created.json["active"] is True
    received = [m for m in console.get_received("/agent") if m["name"] == "setting_changed"]
    assert received and received[0]["args"][0]["key"] == "counters"
    codes = [c["code"] for c in agent_client.get("/api/v1/counters").json]
    assert "bureau-3" in codes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "accueil", "label": "Encore", "kind": "office"}, "code"),  # duplicate
        ({"code": "Bad Code", "label": "X", "kind": "office"}, "code"),
        ({"code": "b-4", "label": "", "kind": "office"}, "label"),
        ({"code": "b-4", "label": "B4", "kind": "garage"}, "kind"),
        ({"code": "b-4", "label": "B4", "kind": "office", "services": ["nope"]}, "services"),
        ({"code": "b-4", "label": "x" * 101, "kind": "office"}, "label"),
    ],
)
def test_a_bad_counter_is_a_clear_400_naming_the_field(
    agent_client: Any, body: dict[str, Any], field: str
) -> None:
    response = agent_client.post("/api/v1/admin/counters", json=body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"]["field"] == field
    assert response.json["error"]["message"]


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"code": 3},
        {"services": "caf-rsa"},
        {"active": "maybe"},
        {"unknown": 1},
        "not json",
    ],
)
def test_malformed_admin_bodies_are_400_json_never_500(agent_client: Any, body: Any) -> None:
    for path, method in (
        ("/api/v1/admin/counters", "post"),
        ("/api/v1/admin/counters/accueil", "patch"),
        ("/api/v1/admin/agents", "post"),
        ("/api/v1/admin/agents/demo2", "patch"),
        ("/api/v1/admin/services", "post"),
        ("/api/v1/admin/services/caf-rsa", "patch"),
    ):
        response = getattr(agent_client, method)(path, json=body)
        assert response.status_code == 400, (path, body, response.status_code)
        assert "error" in response.json


def test_closing_a_counter_frees_it_and_hides_it_from_the_console(
    agent_client: Any, login: Any
) -> None:
    colleague = login("demo2")
    assert colleague.post("/api/v1/agent/duty", json={"counter": "bureau-1"}).status_code == 200
    closed = agent_client.patch("/api/v1/admin/counters/bureau-1", json={"active": False})
    assert closed.status_code == 200 and closed.json["held_by"] is None
    assert "bureau-1" not in [c["code"] for c in colleague.get("/api/v1/counters").json]
    refused = colleague.post("/api/v1/agent/duty", json={"counter": "bureau-1"})
    assert refused.status_code == 403
    reopened = agent_client.patch("/api/v1/admin/counters/bureau-1", json={"active": True})
    assert reopened.json["active"] is True


def test_an_agent_created_with_a_pin_signs_in_at_once_and_serves_only_their_skills(
    agent_client: Any, client: Any
) -> None:
    body = {
        "login": "lea",
        "name": "Léa",
        "role": "agent",
        "pin": "5678",
        "services": ["caf-rsa", "cpam-css"],
    }
    created = agent_client.post("/api/v1/admin/agents", json=body)
    assert created.status_code == 201, created.json
    assert created.json["services"] == ["caf-rsa", "cpam-css"]
    assert "pin" not in created.json and "pin_hash" not in created.json
    signed = client.post("/api/v1/auth/login", json={"login": "lea", "pin": "5678"})
    assert signed.status_code == 200 and signed.json["role"] == "agent"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"login": "demo2", "name": "X", "pin": "1234"}, "login"),
        ({"login": "a b", "name": "X", "pin": "1234"}, "login"),
        ({"login": "ok", "name": "X", "pin": "12"}, "pin"),
        ({"login": "ok", "name": "X", "pin": "abcd"}, "pin"),
        ({"login": "ok", "name": "", "pin": "1234"}, "name"),
        ({"login": "ok", "name": "X", "pin": "1234", "role": "boss"}, "role"),
    ],
)
def test_a_bad_agent_is_a_clear_400(agent_client: Any, body: dict[str, Any], field: str) -> None:
    response = agent_client.post("/api/v1/admin/agents", json=body)
    assert response.status_code == 400
    assert response.json["error"]["details"]["field"] == field


def test_deactivating_an_agent_ends_their_sessions_and_sign_ins(
    agent_client: Any, login: Any, client: Any
) -> None:
    colleague = login("demo2")
    assert colleague.get("/api/v1/auth/me").status_code == 200
    response = agent_client.patch("/api/v1/admin/agents/demo2", json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert colleague.get("/api/v1/auth/me").status_code == 401
    again = client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    assert again.status_code == 401


def test_a_pin_reset_replaces_the_old_pin_and_unlocks(agent_client: Any, client: Any) -> None:
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "0000"})
    assert agent_client.get("/api/v1/admin/agents").json[-1]["locked"] in (True, False)
    reset = agent_client.patch("/api/v1/admin/agents/demo2", json={"pin": "8642"})
    assert reset.status_code == 200 and reset.json["locked"] is False
    old = client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    assert old.status_code == 401
    new = client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "8642"})
    assert new.status_code == 200


def test_the_last_admin_can_be_neither_demoted_nor_deactivated(agent_client: Any) -> None:
    demoted = agent_client.patch("/api/v1/admin/agents/demo1", json={"role": "agent"})
    assert demoted.status_code == 400 and demoted.json["error"]["details"]["field"] == "role"
    agent_client.patch("/api/v1/admin/agents/demo2", json={"role": "admin"})
    assert (
        agent_client.patch("/api/v1/admin/agents/demo1", json={"active": False}).status_code == 400
    )


def test_a_switched_off_request_leaves_the_kiosk_and_a_local_one_joins_it(
    agent_client: Any, client: Any, socket_client: Any
) -> None:
    kiosk = socket_client("/kiosk")
    kiosk.get_received("/kiosk")
    off = agent_client.patch("/api/v1/admin/services/caf-rsa", json={"active": False})
    assert off.status_code == 200 and off.json["active"] is False
    assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 404
    body = {
        "code": "mission-locale",
        "label": "Mission locale",
        "partner": "Mission locale",
        "theme": "emploi",
        "prefix": "l",
    }
    added = agent_client.post("/api/v1/admin/services", json=body)
    assert added.status_code == 201 and added.json["local"] and added.json["prefix"] == "L"
    ticket = client.post("/api/v1/tickets", json={"service": "mission-locale"})
    assert ticket.status_code == 201 and ticket.json["number"].startswith("L")
    keys = [
        m["args"][0]["key"] for m in kiosk.get_received("/kiosk") if m["name"] == "setting_changed"
    ]
    assert keys == ["catalogue", "catalogue"]


def test_a_national_request_keeps_its_wording(agent_client: Any) -> None:
    response = agent_client.patch("/api/v1/admin/services/caf-rsa", json={"label": "Autre"})
    assert response.status_code == 400


def test_the_admin_api_is_in_the_openapi_document(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/admin/counters", "/api/v1/admin/agents", "/api/v1/admin/services"):
        assert "post" in paths[path] and "get" in paths[path]
    assert "requestBody" in paths["/api/v1/admin/counters"]["post"]


def test_every_change_is_in_the_audit_trail_without_any_pin(agent_client: Any, login: Any) -> None:
    agent_client.post(
        "/api/v1/admin/agents",
        json={"login": "lea", "name": "Léa", "role": "agent", "pin": "5678"},
    )
    agent_client.patch("/api/v1/admin/counters/bureau-2", json={"label": "Bureau deux"})
    trail = agent_client.get("/api/v1/admin/audit").json
    assert [(e["action"], e["target"], e["by"]) for e in trail[:2]] == [
        ("counter.updated", "bureau-2", "Camille (démo)"),
        ("agent.created", "lea", "Camille (démo)"),
    ]
    assert trail[0]["changes"] == {"label": "Bureau deux"}
    assert "5678" not in str(trail) and trail[1]["changes"]["pin"] == "(modifié)"
    assert login("demo2").get("/api/v1/admin/audit").status_code == 403
    page = agent_client.get("/admin/journal").get_data(as_text=True)
    assert "Bureau deux" in page and "5678" not in page


def test_the_journal_names_the_rules_and_the_roles_as_the_forms_do(agent_client: Any) -> None:
    policy = {
        "policy": {"max_priority_streak": 3},
        "site": {"commune": "Castelsarrasin", "school_zone": "C"},
    }
    assert agent_client.put("/api/v1/admin/settings", json=policy).status_code == 200
    agent = {"login": "lea", "name": "Léa", "role": "admin", "pin": "5678"}
    assert agent_client.post("/api/v1/admin/agents", json=agent).status_code == 201
    page = agent_client.get("/admin/journal").get_data(as_text=True)
    created, saved = page.split("<tbody>")[1].split("</tr>")[:2]
    assert "Rôle</span> : Administrateur du site" in created
    assert "Nom affiché</span> : Léa" in created and "Code PIN</span> : (modifié)" in created
    assert "Appels prioritaires de suite, au plus</span> : 3" in saved
    assert "Commune</span> : Castelsarrasin" in saved and "max_priority_streak" not in saved
    assert "Zone des vacances scolaires</span> : C" in saved and "school_zone" not in saved


def test_the_back_office_leads_to_every_screen_an_administrator_sets_up(login: Any) -> None:
    """The appointment book, the partners' permanences and the itinerant tour are edited at
    /console/…: a manager who opens /admin must find them there, and the printers and the
    statistics from the home page's tiles, not by guessing an address."""
    page = login("demo1").get("/admin").get_data(as_text=True)
    menu, tiles = page.split('<ul class="tiles">')
    for href in ("/console/agenda", "/console/permanences", "/console/itinerance"):
        assert f'href="{href}' in menu, href
        assert f'href="{href}' in tiles, href
    for href in ("/admin/ecrans", "/admin/stats"):
        assert f'href="{href}' in tiles, href


def test_the_journal_speaks_french_at_the_sites_time(agent_client: Any) -> None:
    """The Journal showed the action codes (counter.created), Python lists and UTC times: a
    manager reads « Guichet créé », plain values and the time on the office's clock."""
    body = {"code": "bureau-7", "label": "Bureau 7", "kind": "office", "services": ["caf-rsa"]}
    assert agent_client.post("/api/v1/admin/counters", json=body).status_code == 201
    page = agent_client.get("/admin/journal").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "Guichet créé" in row and "counter.created" not in row
    # The fake clock: Monday 30 November 2026, 09:00 in Castelsarrasin (08:00 UTC).
    assert ">30/11/2026 à 09:00</time>" in row and "(UTC)" not in page
    assert "caf-rsa" in row and "['caf-rsa']" not in row
    # Each value under the form's own words, a counter's type as the form names it too.
    assert "Nom affiché à l&#39;écran</span> : Bureau 7" in row and ">label<" not in row
    assert "Type</span> : Bureau confidentiel" in row and "office" not in row
    # The API keeps the codes and values as stored.
    trail = agent_client.get("/api/v1/admin/audit").json
    assert trail[0]["action"] == "counter.created"
    assert trail[0]["changes"]["services"] == ["caf-rsa"]


def test_an_open_office_does_not_read_as_closed(agent_client: Any) -> None:
    """The office kind was « Bureau fermé »: a new, open office read as closed, and a closed one
    as « Bureau fermé fermé »."""
    body = {"code": "bureau-8", "label": "Bureau 8", "kind": "office", "services": []}
    assert agent_client.post("/api/v1/admin/counters", json=body).status_code == 201
    page = agent_client.get("/admin/guichets").get_data(as_text=True)
    row = page.split("<h3>Bureau 8 ")[1].split("</h3>")[0]
    assert "fermé" not in row and "Bureau confidentiel" in row
    agent_client.patch("/api/v1/admin/counters/bureau-8", json={"active": False})
    page = agent_client.get("/admin/guichets").get_data(as_text=True)
    assert page.split("<h3>Bureau 8 ")[1].split("</h3>")[0].count("fermé") == 1

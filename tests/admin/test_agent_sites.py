"""Agents belong to sites: an agent of several sites chooses one at sign-in, and nobody acts
on a site that is not theirs; a site administrator manages only their sites, a department
administrator every site."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from sqlalchemy import select

from server.demo import DEMO_SITE
from server.extensions import db
from server.models import Agent, AuditEntry, Site
from server.services.agents import hash_pin
from server.services.seed import ensure_site

HOME = DEMO_SITE[0]
OTHER = "fs-moissac"
PIN_HASH = cache(lambda: hash_pin("2468"))  # scrypt is slow on purpose: once for the module


@pytest.fixture
def sites(app: Any) -> None:
    """A second site, an itinerant agent of both, a Moissac agent and admin, a department admin."""
    with app.app_context():
        home = db.session.scalar(select(Site).where(Site.code == HOME))
        other = ensure_site(db.session, code=OTHER, name="France Services de Moissac")
        for login, role, where in (
            ("itinerant", "agent", [home, other]),
            ("lea", "agent", [other]),
            ("moissac-chef", "admin", [other]),
            ("chef", "department_admin", [home]),
        ):
            db.session.add(
                Agent(name=login, login=login, pin_hash=PIN_HASH(), role=role, sites=where)
            )
        db.session.commit()
        db.session.remove()


def sign_in(app: Any, login: str, pin: str = "2468", **extra: str) -> Any:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"login": login, "pin": pin, **extra})
    assert response.status_code == 200, response.json
    return client


def test_an_agent_of_several_sites_chooses_one_after_the_pin(app: Any, sites: None) -> None:
    client = app.test_client()
    wrong = client.post("/api/v1/auth/login", json={"login": "itinerant", "pin": "9999"})
    assert wrong.status_code == 401 and "sites" not in wrong.json["error"]["details"]
    asked = client.post("/api/v1/auth/login", json={"login": "itinerant", "pin": "2468"})
    assert asked.status_code == 409 and asked.json["error"]["code"] == "site_required"
    assert [s["code"] for s in asked.json["error"]["details"]["sites"]] == [HOME, OTHER]
    assert client.get("/api/v1/auth/me").status_code == 401  # nothing opened yet
    chosen = client.post(
        "/api/v1/auth/login", json={"login": "itinerant", "pin": "2468", "site": OTHER}
    )
    assert chosen.status_code == 200
    me = client.get("/api/v1/auth/me").json
    assert me["site"]["code"] == OTHER
    assert [s["code"] for s in me["sites"]] == [HOME, OTHER]


def test_a_one_site_agent_signs_in_as_before_at_their_site(app: Any, sites: None) -> None:
    client = sign_in(app, "lea")
    assert client.get("/api/v1/auth/me").json["site"]["code"] == OTHER
    counters = client.get("/api/v1/counters").json
    assert counters == []  # Moissac has no counter yet; the home site's are not Léa's


def test_nobody_signs_in_at_a_site_that_is_not_theirs(app: Any, sites: None) -> None:
    refused = app.test_client().post(
        "/api/v1/auth/login", json={"login": "lea", "pin": "2468", "site": HOME}
    )
    assert refused.status_code == 403


def test_an_agent_cannot_act_on_another_site_whatever_the_query_says(app: Any, sites: None) -> None:
    client = sign_in(app, "lea")
    for method, path in (
        ("get", f"/api/v1/counters?site={HOME}"),
        ("get", f"/api/v1/agents?site={HOME}"),
        ("get", f"/api/v1/agent/today?site={HOME}"),
        ("post", f"/api/v1/agent/call-next?site={HOME}"),
    ):
        kwargs = {"json": {"counter": "accueil"}} if method == "post" else {}
        response = getattr(client, method)(path, **kwargs)
        assert response.status_code == 403, path


def test_the_console_socket_of_another_site_is_refused(
    app: Any, sites: None, socket_client: Any
) -> None:
    client = sign_in(app, "lea")
    refused = socket_client("/agent", client, query_string=f"site={HOME}")
    assert not refused.is_connected("/agent")
    mine = socket_client("/agent", client)
    assert mine.is_connected("/agent")


def test_a_site_admin_gets_403_on_another_sites_admin_api(app: Any, sites: None) -> None:
    client = sign_in(app, "moissac-chef")
    assert client.get("/api/v1/admin/counters").status_code == 200
    for path in ("counters", "agents", "hours", "highlights", "settings", "services"):
        assert client.get(f"/api/v1/admin/{path}?site={HOME}").status_code == 403, path
    created = client.post(
        f"/api/v1/admin/counters?site={HOME}",
        json={"code": "bureau-9", "label": "Bureau 9", "kind": "office"},
    )
    assert created.status_code == 403
    assert client.get(f"/admin/guichets?site={HOME}").status_code == 403


def test_a_department_admin_manages_any_site(app: Any, sites: None) -> None:
    client = sign_in(app, "chef", site=HOME)
    created = client.post(
        f"/api/v1/admin/counters?site={OTHER}",
        json={"code": "bureau-1", "label": "Bureau 1", "kind": "office"},
    )
    assert created.status_code == 201
    assert [c["code"] for c in sign_in(app, "lea").get("/api/v1/counters").json] == ["bureau-1"]
    assert client.get(f"/admin/guichets?site={OTHER}").status_code == 200


def test_a_site_admin_sees_and_manages_only_the_agents_of_their_sites(
    app: Any, sites: None
) -> None:
    client = sign_in(app, "moissac-chef")
    logins = {a["login"] for a in client.get("/api/v1/admin/agents").json}
    assert logins == {"itinerant", "lea", "moissac-chef"}
    assert client.patch("/api/v1/admin/agents/demo2", json={"name": "x"}).status_code == 403
    assert client.post("/api/v1/admin/agents/demo2/unlock").status_code == 403
    promoted = client.patch("/api/v1/admin/agents/lea", json={"role": "department_admin"})
    assert promoted.status_code == 403
    given = client.patch("/api/v1/admin/agents/lea", json={"sites": [OTHER, HOME]})
    assert given.status_code == 403
    new = client.post(
        "/api/v1/admin/agents",
        json={"login": "noe", "name": "Noé", "role": "agent", "pin": "1357"},
    )
    assert new.status_code == 201 and new.json["sites"] == [OTHER]


def test_an_agents_sites_are_edited_and_the_change_is_in_the_audit(app: Any, sites: None) -> None:
    lea = sign_in(app, "lea")
    chef = sign_in(app, "chef", site=HOME)
    changed = chef.patch("/api/v1/admin/agents/lea", json={"sites": [HOME]})
    assert changed.status_code == 200 and changed.json["sites"] == [HOME]
    # Léa's session at Moissac ended with the site taken away; she now signs in at home.
    assert lea.get("/api/v1/auth/me").status_code == 401
    assert sign_in(app, "lea").get("/api/v1/auth/me").json["site"]["code"] == HOME
    empty = chef.patch("/api/v1/admin/agents/lea", json={"sites": []})
    assert empty.status_code == 400 and empty.json["error"]["details"]["field"] == "sites"
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.target == "lea").order_by(AuditEntry.id)
        ).first()
        assert entry is not None and entry.changes == {"sites": [HOME]}
    # A site admin editing a shared agent keeps the sites they do not manage.
    with app.app_context():
        itinerant = db.session.scalar(select(Agent).where(Agent.login == "itinerant"))
        assert itinerant is not None and len(itinerant.sites) == 2
    kept = sign_in(app, "moissac-chef").patch("/api/v1/admin/agents/itinerant", json={"sites": []})
    assert kept.status_code == 200 and kept.json["sites"] == [HOME]


def test_only_a_department_admin_lists_and_creates_sites(app: Any, sites: None) -> None:
    chef = sign_in(app, "chef", site=HOME)
    body = {"code": "fs-valence", "name": "France Services de Valence", "commune": "Valence"}
    created = chef.post("/api/v1/admin/sites", json=body)
    assert created.status_code == 201 and created.json["code"] == "fs-valence"
    again = chef.post("/api/v1/admin/sites", json=body)
    assert again.status_code == 400 and again.json["error"]["details"]["field"] == "code"
    bad = chef.post("/api/v1/admin/sites", json={"code": "Valence!", "name": "x"})
    assert bad.status_code == 400 and bad.json["error"]["details"]["field"] == "code"
    codes = [s["code"] for s in chef.get("/api/v1/admin/sites").json]
    assert sorted(codes) == sorted([HOME, OTHER, "fs-valence"])
    site_admin = sign_in(app, "moissac-chef")
    assert site_admin.get("/api/v1/admin/sites").status_code == 403
    assert site_admin.post("/api/v1/admin/sites", json={**body, "code": "x1"}).status_code == 403
    assert site_admin.get("/admin/sites").status_code == 403
    page = chef.get("/admin/sites")
    assert page.status_code == 200 and "France Services de Valence" in page.text


def test_a_department_admin_switches_the_managed_site_in_the_back_office(
    app: Any, sites: None
) -> None:
    chef = sign_in(app, "chef", site=HOME)
    page = chef.get(f"/admin/agents?site={OTHER}").text
    assert 'id="managed-site"' in page and f'<option value="{OTHER}" selected>' in page
    assert f'href="/admin/guichets?site={OTHER}"' in page  # the menu keeps the managed site
    # Every agent's sites are checkboxes; Léa works at Moissac only.
    assert 'id="lea-site-fs-moissac" name="sites" value="fs-moissac" checked' in page
    assert f'id="lea-site-{HOME}" name="sites" value="{HOME}">' in page
    site_admin = sign_in(app, "moissac-chef").get("/admin/agents").text
    assert 'id="managed-site"' not in site_admin  # a site admin has nothing to switch
    assert f'id="lea-site-{HOME}"' not in site_admin  # nor another site to hand out


def kiosk_codes(app: Any, prefix: str = "") -> list[str]:
    return [s["code"] for s in app.test_client().get(f"{prefix}/api/v1/services").json]


def test_each_site_switches_and_orders_its_own_catalogue(app: Any, sites: None) -> None:
    home_before = kiosk_codes(app)
    moissac = sign_in(app, "moissac-chef")
    off = moissac.patch("/api/v1/admin/services/caf-rsa", json={"active": False})
    assert off.status_code == 200 and off.json["active"] is False
    first = moissac.patch("/api/v1/admin/services/cpam-css", json={"position": 0})
    assert first.status_code == 200 and first.json["position"] == 0

    at_moissac = kiosk_codes(app, f"/s/{OTHER}")
    assert "caf-rsa" not in at_moissac and at_moissac[0] == "cpam-css"
    assert kiosk_codes(app) == home_before  # the home site's kiosk has not changed
    public = app.test_client()
    refused = public.post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    assert refused.status_code == 404
    assert public.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
    listed = {s["code"]: s for s in moissac.get("/api/v1/admin/services").json}
    assert listed["caf-rsa"]["active"] is False and listed["cpam-css"]["position"] == 0
    home = {
        s["code"]: s for s in sign_in(app, "demo1", pin="1234").get("/api/v1/admin/services").json
    }
    assert home["caf-rsa"]["active"] is True


def test_a_local_request_is_offered_where_it_was_added(app: Any, sites: None) -> None:
    body = {"code": "adil", "label": "ADIL : logement", "theme": "logement", "prefix": "H"}
    added = sign_in(app, "moissac-chef").post("/api/v1/admin/services", json=body)
    assert added.status_code == 201
    assert "adil" in kiosk_codes(app, f"/s/{OTHER}")
    assert "adil" not in kiosk_codes(app)
    home_admin = sign_in(app, "demo1", pin="1234")
    on = home_admin.patch("/api/v1/admin/services/adil", json={"active": True})
    assert on.status_code == 200 and on.json["active"] is True
    assert "adil" in kiosk_codes(app)


def test_a_site_admin_reads_only_their_sites_statistics(app: Any, sites: None) -> None:
    site_admin = sign_in(app, "moissac-chef")
    assert site_admin.get("/admin/stats?period=day&date=2026-11-30").status_code == 200
    other = site_admin.get(f"/admin/stats?period=day&date=2026-11-30&site={HOME}")
    assert other.status_code == 403
    every = site_admin.get("/admin/stats/data.json?period=day&date=2026-11-30&site=all")
    assert every.status_code == 200 and every.json["sites"] == [OTHER]
    chef = sign_in(app, "chef", site=HOME)
    assert chef.get(f"/admin/stats?period=day&date=2026-11-30&site={OTHER}").status_code == 200


def test_the_back_office_sign_in_offers_the_sites_when_there_are_several(
    app: Any, sites: None
) -> None:
    page = app.test_client().get("/admin")
    assert page.status_code == 401
    assert 'name="site"' in page.text and f'<option value="{OTHER}">' in page.text
    client = app.test_client()
    only = client.post("/api/v1/auth/login", json={"login": "lea", "pin": "2468", "site": ""})
    assert only.status_code == 200 and only.json["site"]["code"] == OTHER


def _on_duty_logins(app: Any, code: str) -> set[str]:
    from server.services.waits import agents_on_duty

    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.code == code))
        names = {a.id: a.login for a in db.session.scalars(select(Agent))}
        on_duty = agents_on_duty(db.session, site, datetime.now(UTC), {}, {})
        db.session.remove()
    return {names[agent.id] for agent in on_duty}


def test_an_agent_on_duty_at_one_site_neither_shortens_the_other_sites_wait_nor_joins_its_team(
    app: Any, sites: None
) -> None:
    """An itinerant agent working at Moissac today is no help to the home site's line: the
    home site's wait estimate must not count them, and Moissac's console lists its own team."""
    sign_in(app, "itinerant", site=OTHER)
    assert "itinerant" in _on_duty_logins(app, OTHER)
    assert "itinerant" not in _on_duty_logins(app, HOME)
    moissac_team = {a["name"] for a in sign_in(app, "lea").get("/api/v1/agents").json}
    assert {"lea", "itinerant", "moissac-chef"} <= moissac_team
    home_agents = {
        a["name"] for a in sign_in(app, "itinerant", site=HOME).get("/api/v1/agents").json
    }
    assert "lea" not in home_agents and "moissac-chef" not in home_agents
    assert "itinerant" in home_agents


def test_an_agent_listing_no_site_works_at_the_configured_home_site(make_app: Any) -> None:
    """ACCUEIL_SITE names Moissac, created after the demo's site: an account listing no site
    (`accueil agent add` without --site) signs in there, and there only is it counted on duty,
    not at the install's first site."""
    app = make_app(SITE_CODE=OTHER)
    with app.app_context():
        ensure_site(db.session, code=OTHER, name="France Services de Moissac")
        db.session.add(
            Agent(name="new", login="new", pin_hash=PIN_HASH(), role="agent", on_duty=True)
        )
        db.session.commit()
        db.session.remove()
    assert "new" in _on_duty_logins(app, OTHER)
    assert "new" not in _on_duty_logins(app, HOME)

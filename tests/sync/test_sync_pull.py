"""What the laptop takes from the central: agents who sign in with their usual PIN offline, the
catalogue, the itinerant flag and the highlights; a malformed answer changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Highlight, Service, Setting, Site
from server.services.agents import add_agent
from server.services.statistics import ITINERANT_KEY
from server.services.sync_laptop import SyncFailed
from server.sync_runtime import EXTENSION
from tests.sync.conftest import LAPTOP_SITE


def sync(apps: dict[str, Any]) -> Any:
    return apps["laptop"].extensions[EXTENSION].run_once()


def signs_in(app: Any, login: str, pin: str) -> bool:
    client = app.test_client()
    return client.post("/api/v1/auth/login", json={"login": login, "pin": pin}).status_code == 200


def test_an_agent_created_on_the_central_signs_in_on_the_laptop_with_their_pin(apps):
    with apps["central"].app_context():
        add_agent(db.session, name="Nadia", login="nadia", pin="9753")
        db.session.remove()
    assert not signs_in(apps["laptop"], "nadia", "9753")

    sync(apps)

    assert signs_in(apps["laptop"], "nadia", "9753")
    assert not signs_in(apps["laptop"], "nadia", "1111")


def test_the_catalogue_and_the_itinerant_flag_come_from_the_central(apps):
    laptop = apps["laptop"]
    with laptop.app_context():
        db.session.add(Service(code="local-seul", label="Local", theme="famille", prefix="L"))
        db.session.commit()
        db.session.remove()
    with apps["central"].app_context():
        db.session.scalar(select(Service).where(Service.code == "caf-rsa")).label = "RSA (CAF)"
        db.session.commit()
        db.session.remove()

    sync(apps)

    with laptop.app_context():
        services = {s.code: s for s in db.session.scalars(select(Service))}
        assert services["caf-rsa"].label == "RSA (CAF)"
        assert services["local-seul"].active is False  # not offered by the kiosk any more
        site = db.session.scalar(select(Site).where(Site.code == LAPTOP_SITE))
        assert db.session.get(Setting, (site.id, ITINERANT_KEY)).value is True
        db.session.remove()


def test_a_highlight_written_on_the_central_reaches_the_laptop_display(apps, clock):
    central = apps["central"].test_client()
    central.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    made = central.post(
        "/api/v1/admin/highlights",
        json={"title": "Permanence impôts", "body": "Jeudi", "starts_on": "2026-11-30"},
    )
    assert made.status_code == 201, made.json

    sync(apps)

    with apps["laptop"].app_context():
        titles = db.session.scalars(select(Highlight.title)).all()
        db.session.remove()
    assert "Permanence impôts" in titles


def test_a_malformed_answer_from_the_central_changes_nothing_on_the_laptop(apps):
    transport = apps["transport"]
    real_pull = transport.pull

    def broken(site_code):
        payload = real_pull(site_code)
        payload["catalogue"]["services"][0]["label"] = "Nouveau nom"
        payload["agents"][0]["role"] = "superadmin"  # refused: the whole answer is
        return payload

    transport.pull = broken
    with pytest.raises(SyncFailed) as refused:
        sync(apps)
    assert "role" in refused.value.message
    with apps["laptop"].app_context():
        assert "Nouveau nom" not in db.session.scalars(select(Service.label)).all()
        db.session.remove()


def test_a_pull_for_another_site_is_refused(apps):
    client = apps["central"].test_client()
    bearer = {"Authorization": f"Bearer {apps['token']}"}
    assert client.get(f"/api/v1/sync/pull?site={LAPTOP_SITE}", headers=bearer).status_code == 200
    assert client.get("/api/v1/sync/pull?site=autre", headers=bearer).status_code == 403


def test_the_checklist_library_written_at_the_office_is_on_the_laptop(apps):
    central = apps["central"].test_client()
    central.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    saved = central.put(
        "/api/v1/checklist-library/caf-rsa",
        json={
            "title": "RSA : la suite",
            "steps": [{"kind": "step", "text": "Déclarer chaque mois"}],
        },
    )
    assert saved.status_code == 200, saved.json

    sync(apps)

    laptop = apps["laptop"].test_client()
    laptop.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    entry = laptop.get("/api/v1/checklist-library/caf-rsa").json
    assert "RSA : la suite" in str(entry) and "Déclarer chaque mois" in str(entry)

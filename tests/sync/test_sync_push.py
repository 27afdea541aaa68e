"""The laptop's push to the central server: once, whatever happens to the answers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from server.domain.periods import Period
from server.extensions import db
from server.models import (
    CallbackRequest,
    Presence,
    Service,
    Site,
    SyncLedger,
    SyncState,
    Visit,
    VisitEvent,
)
from server.services.statistics import period_statistics
from server.services.sync_laptop import SyncFailed, pending_counts
from server.sync_runtime import EXTENSION
from tests.sync.conftest import LAPTOP_SITE


def counts(app: Any) -> dict[str, int]:
    """How many rows of the laptop's site this database holds, table by table."""
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.code == LAPTOP_SITE))
        visits = select(Visit.id).where(Visit.site_id == site.id)
        found = {
            "visits": db.session.scalar(select(func.count()).select_from(visits.subquery())),
            "visit_events": db.session.scalar(
                select(func.count(VisitEvent.id)).where(VisitEvent.site_id == site.id)
            ),
            "presences": db.session.scalar(
                select(func.count(Presence.id)).where(Presence.site_id == site.id)
            ),
            "callback_requests": db.session.scalar(
                select(func.count(CallbackRequest.id)).where(CallbackRequest.visit_id.in_(visits))
            ),
        }
        db.session.remove()
        return found


def figures(app: Any, day: Any) -> dict[str, Any]:
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.code == LAPTOP_SITE))
        result = period_statistics(db.session, [site], Period("day", day, day))
        db.session.remove()
    return result


def sync(apps: dict[str, Any]) -> Any:
    return apps["laptop"].extensions[EXTENSION].run_once()


def test_a_day_pushed_twice_reaches_the_central_once_with_the_same_statistics(
    apps, laptop_day, clock
):
    done = laptop_day()
    laptop_rows = counts(apps["laptop"])
    assert laptop_rows["visits"] == done["tickets"] + done["transfers"]

    first = sync(apps)
    assert first.total > 0
    assert counts(apps["central"]) == laptop_rows
    second = sync(apps)
    assert second.total == 0 and second.requests == 0
    assert counts(apps["central"]) == laptop_rows

    day = clock.now().date()
    laptop, central = figures(apps["laptop"], day), figures(apps["central"], day)
    assert central["visits"] == laptop["visits"] > 0
    assert central == laptop


def test_a_visit_changed_after_its_push_is_sent_again_and_updated_not_duplicated(apps, clock):
    laptop = apps["laptop"]
    kiosk = laptop.test_client()
    ticket = kiosk.post("/api/v1/tickets", json={"service": "caf-rsa"}).json
    sync(apps)
    agent = laptop.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    agent.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    agent.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    agent.post(f"/api/v1/tickets/{ticket['id']}/finish", json={})

    report = sync(apps)

    assert report.sent["visits"] == 1 and report.sent["visit_events"] == 3
    with apps["central"].app_context():
        statuses = db.session.scalars(
            select(Visit.status).join(Site).where(Site.code == LAPTOP_SITE)
        ).all()
        db.session.remove()
    assert statuses == ["done"]


def test_a_lost_acknowledgement_makes_the_laptop_push_again_without_duplicating(apps, laptop_day):
    laptop_day(6)
    transport = apps["transport"]
    real_push = transport.push

    def delivered_but_answer_lost(body):
        real_push(body)  # the central applied and committed it...
        raise SyncFailed("serveur central injoignable (connexion coupée)")  # ...the answer is lost

    transport.push = delivered_but_answer_lost
    with pytest.raises(SyncFailed):
        sync(apps)
    with apps["laptop"].app_context():
        assert db.session.scalar(select(func.count()).select_from(SyncLedger)) == 0
        db.session.remove()

    transport.push = real_push
    sync(apps)

    assert counts(apps["central"]) == counts(apps["laptop"])


def test_with_the_central_unreachable_nothing_is_marked_sent_and_the_reason_is_kept(
    apps, laptop_day, clock
):
    laptop_day(4)

    def down(body):
        raise SyncFailed("serveur central injoignable (Connection refused)")

    apps["transport"].push = down
    with pytest.raises(SyncFailed):
        sync(apps)

    laptop = apps["laptop"]
    with laptop.app_context():
        site = db.session.scalar(select(Site).where(Site.code == LAPTOP_SITE))
        pending = pending_counts(db.session, site)
        db.session.remove()
    assert pending["visits"] == 4 + 1 and pending["presences"] == 3  # 4 tickets, 1 transfer
    with laptop.app_context():
        state = db.session.get(SyncState, site.id)
        assert "injoignable" in state.last_error and state.last_success_at is None
        db.session.remove()
    assert counts(apps["central"])["visits"] == 0


def test_pushing_the_same_rows_twice_to_the_central_changes_nothing(apps, clock):
    central = apps["central"].test_client()
    headers = {"Authorization": f"Bearer {apps['token']}"}
    row = {
        "id": 7,
        "at": clock.now().isoformat(),
        "kind": "reading",
    }
    body = {"site": LAPTOP_SITE, "table": "presences", "rows": [row]}

    first = central.post("/api/v1/sync/push", json=body, headers=headers)
    second = central.post("/api/v1/sync/push", json=body, headers=headers)

    assert first.status_code == second.status_code == 200
    assert first.json["created"] == 1 and first.json["acknowledged"] == [7]
    assert second.json["created"] == 0 and second.json["unchanged"] == 1
    assert counts(apps["central"])["presences"] == 1


def test_a_wrong_token_is_401_and_another_sites_data_is_403(apps, clock):
    central = apps["central"].test_client()
    row = {"id": 1, "at": clock.now().isoformat(), "kind": "reading"}
    mine = {"site": LAPTOP_SITE, "table": "presences", "rows": [row]}
    theirs = {**mine, "site": "mde-castelsarrasin"}

    assert central.post("/api/v1/sync/push", json=mine).status_code == 401
    wrong = {"Authorization": "Bearer not-a-token"}
    refused = central.post("/api/v1/sync/push", json=mine, headers=wrong)
    assert refused.status_code == 401 and "jeton" in refused.json["error"]["message"]
    good = {"Authorization": f"Bearer {apps['token']}"}
    other = central.post("/api/v1/sync/push", json=theirs, headers=good)
    assert other.status_code == 403 and LAPTOP_SITE in other.json["error"]["message"]
    assert central.get("/api/v1/sync/pull?site=mde-castelsarrasin", headers=good).status_code == 403
    assert central.get("/api/v1/sync/pull", headers=wrong).status_code == 401
    assert counts(apps["central"])["presences"] == 0


def test_a_revoked_token_is_refused_at_once(apps, clock):
    admin = apps["central"].test_client()
    admin.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    tokens = admin.get("/api/v1/admin/sync-tokens").json["tokens"]
    assert [t["site"] for t in tokens] == [LAPTOP_SITE] and "token" not in tokens[0]
    assert admin.delete(f"/api/v1/admin/sync-tokens/{tokens[0]['id']}").status_code == 204

    with pytest.raises(SyncFailed) as refused:
        sync(apps)
    assert refused.value.status == 401


def test_only_administrators_manage_tokens(apps):
    anonymous = apps["central"].test_client()
    assert anonymous.get("/api/v1/admin/sync-tokens").status_code == 401
    agent = apps["central"].test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    assert agent.post("/api/v1/admin/sync-tokens", json={"site": "x-y"}).status_code == 403


def test_bad_rows_are_refused_whole_in_french_and_nothing_is_kept(apps, clock):
    central = apps["central"].test_client()
    headers = {"Authorization": f"Bearer {apps['token']}"}
    good = {"id": 1, "at": clock.now().isoformat(), "kind": "reading"}
    for rows, words in (
        ([good, {"id": 2, "at": "hier", "kind": "reading"}], "date ou heure invalide"),
        ([good, {"id": "3", "at": clock.now().isoformat()}], "id entier"),
        ([good, good], "deux fois"),
        ("toutes", "liste"),
    ):
        body = {"site": LAPTOP_SITE, "table": "presences", "rows": rows}
        answer = central.post("/api/v1/sync/push", json=body, headers=headers)
        assert answer.status_code == 400 and words in answer.json["error"]["message"]
    unknown = {"site": LAPTOP_SITE, "table": "agents", "rows": []}
    assert (
        "table inconnue"
        in central.post("/api/v1/sync/push", json=unknown, headers=headers).json["error"]["message"]
    )
    assert counts(apps["central"])["presences"] == 0


def test_a_service_the_central_does_not_know_stops_the_sync_with_the_reason(apps, clock):
    laptop = apps["laptop"]
    kiosk = laptop.test_client()
    with laptop.app_context():
        db.session.add(Service(code="ccas-local", label="CCAS", theme="famille", prefix="L"))
        db.session.commit()
    kiosk.post("/api/v1/tickets", json={"service": "ccas-local"})

    with pytest.raises(SyncFailed) as refused:
        sync(apps)

    assert "ccas-local" in refused.value.message
    assert counts(apps["central"])["visits"] == 0
    with laptop.app_context():  # the catalogue still came down: the kiosk stops offering it
        assert (
            db.session.scalar(select(Service.active).where(Service.code == "ccas-local")) is False
        )
        db.session.remove()

    with apps["central"].app_context():  # the office adds the request: the visit goes through
        db.session.add(Service(code="ccas-local", label="CCAS", theme="famille", prefix="L"))
        db.session.commit()
        db.session.remove()
    sync(apps)
    assert counts(apps["central"])["visits"] == 1


def test_a_transfer_keeps_its_chain_on_the_central_and_laptop_counters_get_their_own_codes(
    apps, laptop_day
):
    done = laptop_day(6)
    assert done["transfers"] == 1
    sync(apps)
    with apps["central"].app_context():
        site = db.session.scalar(select(Site).where(Site.code == LAPTOP_SITE))
        successor = db.session.scalar(
            select(Visit).where(Visit.site_id == site.id, Visit.transferred_from_id.is_not(None))
        )
        parent = db.session.get(Visit, successor.transferred_from_id)
        assert parent.site_id == site.id and parent.token == successor.token
        logged = db.session.scalar(
            select(VisitEvent.detail).where(
                VisitEvent.visit_id == successor.id, VisitEvent.action == "issue"
            )
        )
        assert logged == {"transferred_from": parent.id}
        # Counter codes are per site: the laptop's "accueil" keeps its name at the central.
        assert parent.counter.code == "accueil"
        assert parent.counter.site_id == site.id
        db.session.remove()


def test_ids_the_laptop_hands_out_again_after_its_retention_are_new_rows_on_the_central(
    apps, laptop_day, clock
):
    laptop_day(4)
    sync(apps)
    first = counts(apps["central"])
    clock.advance(days=400)  # past the laptop's 12 months: its details are deleted
    apps["laptop"].extensions["accueil.retention"].run_once()
    assert counts(apps["laptop"])["visits"] == 0

    laptop_day(4)  # SQLite hands out the same ids again
    sync(apps)

    again = counts(apps["central"])
    assert again["visits"] == 2 * first["visits"]
    assert again["visit_events"] == 2 * first["visit_events"]
    assert again["presences"] == 2 * first["presences"]


def test_after_the_central_is_restored_from_an_old_backup_sync_all_sends_everything_once_again(
    apps, laptop_day, tmp_path
):
    import shutil

    from server.extensions import db as database

    laptop_day(4)
    central_file = apps["central"].config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with apps["central"].app_context():
        database.engine.dispose()
    shutil.copy(central_file, tmp_path / "backup.db")  # the nightly backup, before the sync
    sync(apps)
    with apps["central"].app_context():
        database.session.remove()
        database.engine.dispose()
    shutil.copy(tmp_path / "backup.db", central_file)  # the central is restored from it
    assert counts(apps["central"])["visits"] == 0
    assert sync(apps).total == 0  # the laptop believes it all arrived

    runtime = apps["laptop"].extensions[EXTENSION]
    again = runtime.run_once(resend=True)
    once_more = runtime.run_once(resend=True)

    assert again.total == once_more.total > 0
    assert counts(apps["central"]) == counts(apps["laptop"])

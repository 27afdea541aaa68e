"""The routes behind the agents' console: counters, current visit, walk-ins, the day's figures,
and the follow-up after a visit (checklist QR code, consented call back)."""

from datetime import date

import pytest
from sqlalchemy import inspect, select

from server.extensions import db
from server.models import CallbackRequest, Checklist, Visit, VisitEvent
from server.services.errors import ServiceError
from server.services.followup import normalize_phone, purge_expired


@pytest.fixture
def serving(agent_client, make_ticket):
    """A ticket demo1 called at the reception point and is now serving."""
    make_ticket()
    ticket = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    return agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/start", json={"version": ticket["version"]}
    ).json


def finish(agent_client, ticket, **outcome):
    body = {
        "outcome": {"request_type": "information", "result": "resolved", **outcome},
        "version": ticket["version"],
    }
    response = agent_client.post(f"/api/v1/tickets/{ticket['id']}/finish", json=body)
    assert response.status_code == 200, response.json
    return response.json


def test_every_console_route_needs_a_signed_in_agent(client, make_ticket):
    ticket = make_ticket()
    for method, path, body in [
        ("get", "/api/v1/counters", None),
        ("get", "/api/v1/agent/current", None),
        ("get", "/api/v1/agent/today", None),
        ("post", "/api/v1/agent/walk-in", {"service": "caf-rsa"}),
        ("post", f"/api/v1/tickets/{ticket['id']}/checklist", {"items": ["Revenir"]}),
        (
            "post",
            f"/api/v1/tickets/{ticket['id']}/callback",
            {"phone": "0612345678", "consent": True},
        ),
    ]:
        response = getattr(client, method)(path, json=body)
        assert response.status_code == 401, path
        assert response.json["error"]["code"] == "unauthorized"


def test_counters_list_the_places_to_sit_and_who_holds_them(login, make_ticket):
    camille, yanis = login("demo1"), login("demo2")
    make_ticket()
    yanis.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    counters = {c["code"]: c for c in camille.get("/api/v1/counters").json}
    assert set(counters) == {"accueil", "bureau-1", "bureau-2", "visio"}  # the floor is shared
    assert counters["bureau-1"]["held_by"] == "Yanis (démo)"
    assert counters["bureau-1"]["mine"] is False
    assert counters["visio"] == {
        "code": "visio",
        "label": "Salle visio",
        "kind": "video",
        "held_by": None,
        "mine": False,
    }
    assert {c["code"]: c["mine"] for c in yanis.get("/api/v1/counters").json}["bureau-1"]


def test_a_reloaded_console_gets_back_the_visit_in_progress(agent_client, make_ticket):
    assert agent_client.get("/api/v1/agent/current").status_code == 204
    make_ticket()
    called = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    current = agent_client.get("/api/v1/agent/current").json
    assert (current["number"], current["status"], current["version"]) == (
        "C001",
        "called",
        called["version"],
    )
    finish(
        agent_client,
        agent_client.post(
            f"/api/v1/tickets/{called['id']}/start", json={"version": called["version"]}
        ).json,
    )
    assert agent_client.get("/api/v1/agent/current").status_code == 204


def test_the_second_agent_acting_with_an_old_version_gets_a_409_with_the_status(login, make_ticket):
    camille, yanis = login("demo1"), login("demo2")
    ticket = make_ticket()
    called = camille.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert called["version"] > ticket["version"]
    response = yanis.post(
        f"/api/v1/tickets/{ticket['id']}/take", json={"version": ticket["version"]}
    )
    assert response.status_code == 409
    assert response.json["error"]["details"]["status"] == "called"


def test_a_walk_in_is_served_at_once_without_a_call_on_the_waiting_room_screen(
    app, agent_client, socket_client
):
    display = socket_client("/display")
    display.get_received("/display")
    response = agent_client.post("/api/v1/agent/walk-in", json={"service": "carte-grise"})
    assert response.status_code == 201
    ticket = response.json
    assert (ticket["number"], ticket["status"], ticket["counter"]) == ("T001", "serving", "espace")
    with app.app_context():
        visit = db.session.get(Visit, ticket["id"])
        assert (visit.source, visit.agent.login) == ("agent", "demo1")
    names = [message["name"] for message in display.get_received("/display")]
    assert "ticket_called" not in names
    assert "queue_changed" in names
    assert agent_client.get("/api/v1/agent/current").json["id"] == ticket["id"]


def test_a_seated_agent_records_a_walk_in_at_their_counter(agent_client):
    ticket = agent_client.post(
        "/api/v1/agent/walk-in", json={"service": "caf-rsa", "counter": "bureau-2"}
    ).json
    assert (ticket["status"], ticket["counter"]) == ("serving", "bureau-2")


def test_a_walk_in_for_an_unknown_request_is_refused_and_numbers_nothing(agent_client):
    response = agent_client.post("/api/v1/agent/walk-in", json={"service": "teleportation"})
    assert response.status_code == 404
    assert response.json["error"]["details"]["field"] == "service"
    assert (
        agent_client.post("/api/v1/agent/walk-in", json={"service": "caf-rsa"}).json["number"]
        == "C001"
    )


def test_the_days_figures_count_served_no_shows_waiting_and_average_times(
    agent_client, make_ticket, clock
):
    first, second = make_ticket(), make_ticket()
    make_ticket()
    clock.advance(minutes=10)
    called = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert called["id"] == first["id"]
    started = agent_client.post(
        f"/api/v1/tickets/{called['id']}/start", json={"version": called["version"]}
    ).json
    clock.advance(minutes=6)
    finish(agent_client, started)
    clock.advance(minutes=4)
    absent = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
    assert absent["id"] == second["id"]
    agent_client.post(f"/api/v1/tickets/{absent['id']}/no-show", json={})
    walk_in = agent_client.post("/api/v1/agent/walk-in", json={"service": "carte-grise"}).json
    finish(agent_client, walk_in)

    figures = agent_client.get("/api/v1/agent/today").json
    assert figures == {
        "day": "2026-11-30",
        "served": 2,
        "no_shows": 1,
        "waiting": 1,
        "average_wait_minutes": 15,  # (10 + 20) / 2: the walk-in never queued
        "average_service_minutes": 3,  # (6 + 0) / 2
    }


def test_accompanying_to_a_self_service_computer_is_kept_in_the_visit_log(app, agent_client):
    ticket = agent_client.post("/api/v1/agent/walk-in", json={"service": "impots-espace"}).json
    finish(
        agent_client,
        ticket,
        request_type="procedure",
        workstation=3,
        partner="dgfip",
        service="impots-espace",
    )
    with app.app_context():
        event = db.session.scalar(
            select(VisitEvent).where(
                VisitEvent.visit_id == ticket["id"], VisitEvent.action == "finish"
            )
        )
        assert event.detail["outcome"]["workstation"] == 3
        assert db.session.get(Visit, ticket["id"]).outcome["workstation"] == 3
    bad = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": {"workstation": 0}}
    )
    assert bad.status_code == 400


def test_a_checklist_is_read_through_its_qr_code_for_30_days(client, agent_client, serving, clock):
    response = agent_client.post(
        f"/api/v1/tickets/{serving['id']}/checklist",
        json={"title": "Votre RSA", "items": ["Créer un compte sur caf.fr", "  ", "Revenir mardi"]},
    )
    assert response.status_code == 201
    checklist = response.json
    assert checklist["items"] == ["Créer un compte sur caf.fr", "Revenir mardi"]
    assert checklist["url"].endswith(f"/c/{checklist['token']}")

    qr = client.get(checklist["qr_url"])
    assert (qr.status_code, qr.mimetype) == (200, "image/svg+xml")
    assert b"<svg" in qr.data
    page = client.get(f"/c/{checklist['token']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Votre RSA" in text and "Créer un compte sur caf.fr" in text
    assert serving["number"] not in text  # nothing that ties the page to a person or a ticket

    clock.advance(days=30, seconds=1)
    assert client.get(f"/c/{checklist['token']}").status_code == 404
    assert client.get(checklist["qr_url"]).status_code == 404


def test_a_checklist_needs_steps_and_a_visit_that_was_served(agent_client, serving, make_ticket):
    empty = agent_client.post(
        f"/api/v1/tickets/{serving['id']}/checklist", json={"items": ["", "   "]}
    )
    assert (empty.status_code, empty.json["error"]["details"]["field"]) == (400, "items")
    waiting = make_ticket()
    response = agent_client.post(
        f"/api/v1/tickets/{waiting['id']}/checklist", json={"items": ["Revenir"]}
    )
    assert response.status_code == 400
    assert agent_client.get("/c/not-a-token").status_code == 404


def test_a_call_back_needs_consent_and_a_french_number(agent_client, serving):
    url = f"/api/v1/tickets/{serving['id']}/callback"
    no_consent = agent_client.post(url, json={"phone": "06 12 34 56 78", "consent": False})
    assert (no_consent.status_code, no_consent.json["error"]["details"]["field"]) == (
        400,
        "consent",
    )
    for wrong in ("12345", "06 12 34 56", "+44 7700 900123", "00 12 34 56 78"):
        response = agent_client.post(url, json={"phone": wrong, "consent": True})
        assert response.status_code == 400, wrong
        assert response.json["error"]["details"]["field"] == "phone"


def test_a_consented_call_back_keeps_one_number_for_two_weeks_later_and_no_name(
    app, agent_client, serving
):
    finished = finish(agent_client, serving)
    response = agent_client.post(
        f"/api/v1/tickets/{finished['id']}/callback",
        json={"phone": "06.12.34.56.78", "consent": True},
    )
    assert response.status_code == 201
    assert response.json == {"due_on": "2026-12-14", "phone": "+33612345678"}
    columns = {column.key for column in inspect(CallbackRequest).columns}
    assert columns == {
        "id",
        "uid",
        "visit_id",
        "phone",
        "consent_at",
        "due_on",
        "done_at",
        "attempts",
        "next_try_on",
        "outcome",
    }  # a number, dates and an outcome: never a name
    with app.app_context():
        assert db.session.scalar(select(CallbackRequest)).due_on == date(2026, 12, 14)


@pytest.mark.parametrize(
    "written",
    [
        "0612345678",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "0033 6 12 34 56 78",
        "06-12-34-56-78",
    ],
)
def test_french_phone_numbers_are_understood_however_they_are_written(written):
    assert normalize_phone(written) == "+33612345678"


def test_an_overseas_or_landline_number_is_a_french_number_too():
    assert normalize_phone("05 63 32 10 10") == "+33563321010"
    with pytest.raises(ServiceError):
        normalize_phone("06 12 34 56 78 9")


def test_the_purge_erases_numbers_of_closed_or_expired_call_backs_and_expired_checklists(
    app, agent_client, login, clock
):
    def served_ticket():
        ticket = agent_client.post("/api/v1/agent/walk-in", json={"service": "caf-rsa"}).json
        return finish(agent_client, ticket)

    called_back, forgotten, recent = served_ticket(), served_ticket(), served_ticket()
    for ticket in (called_back, forgotten):
        agent_client.post(
            f"/api/v1/tickets/{ticket['id']}/callback",
            json={"phone": "0612345678", "consent": True},
        )
    agent_client.post(f"/api/v1/tickets/{recent['id']}/checklist", json={"items": ["Revenir"]})
    clock.advance(days=20)
    later = login("demo1")  # the morning's session expired long ago
    response = later.post(
        f"/api/v1/tickets/{recent['id']}/callback", json={"phone": "0712345678", "consent": True}
    )
    assert response.status_code == 201
    with app.app_context():
        done = db.session.scalar(
            select(CallbackRequest).where(CallbackRequest.visit_id == called_back["id"])
        )
        done.done_at = clock.now()  # closed without going through the service
        db.session.commit()

        assert purge_expired(db.session, clock) == {"callbacks": 1, "checklists": 0}
        kept = {c.visit_id: c for c in db.session.scalars(select(CallbackRequest))}
        assert [v for v, c in kept.items() if c.phone is not None] == [
            forgotten["id"],
            recent["id"],
        ]
        clock.advance(days=10)  # 30 days after the visits: over two weeks past their due day
        assert purge_expired(db.session, clock) == {"callbacks": 2, "checklists": 1}
        kept = {c.visit_id: c for c in db.session.scalars(select(CallbackRequest))}
        assert [c.phone for c in kept.values()] == [None, None, None]
        assert kept[forgotten["id"]].outcome == "expired"  # the outcome stays, the number goes
        assert db.session.scalars(select(Checklist)).all() == []

"""Agents: sign-in, call-next, actions on tickets, and who may do what."""

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Agent, Counter, Service, Visit, VisitEvent


def test_a_wrong_pin_is_401_and_says_how_many_tries_are_left(client):
    response = client.post("/api/v1/auth/login", json={"login": "demo1", "pin": "9999"})
    assert response.status_code == 401
    assert response.json["error"]["details"]["attempts_left"] == 4


def test_an_unknown_login_is_the_same_401_as_a_wrong_pin(client):
    response = client.post("/api/v1/auth/login", json={"login": "nobody", "pin": "1234"})
    assert response.status_code == 401
    assert response.json["error"]["message"] == "identifiant ou code PIN incorrect"


def test_repeated_wrong_pins_lock_the_account_even_for_the_right_pin(client, clock):
    for _ in range(4):
        assert (
            client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "0000"}).status_code
            == 401
        )
    locked = client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "0000"})
    assert locked.status_code == 423
    assert locked.json["error"]["details"]["retry_after_seconds"] == 60
    assert (
        client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"}).status_code == 423
    )
    clock.advance(minutes=1, seconds=1)
    assert (
        client.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"}).status_code == 200
    )


def test_the_session_cookie_is_httponly_and_samesite(client):
    response = client.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_agent_routes_answer_401_to_anonymous_callers(client, make_ticket):
    ticket = make_ticket()
    assert client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).status_code == 401
    assert client.post(f"/api/v1/tickets/{ticket['id']}/cancel", json={}).status_code == 401
    assert client.get("/api/v1/agents").status_code == 401


def test_call_next_calls_the_oldest_ticket_at_the_agents_counter(agent_client, make_ticket):
    first, _ = make_ticket(), make_ticket()
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
    assert response.status_code == 200
    assert response.json["number"] == first["number"]
    assert response.json["status"] == "called"
    assert response.json["counter_label"] == "Bureau 2"


def test_call_next_with_nobody_waiting_is_204(agent_client):
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    assert response.status_code == 204


def test_a_counter_held_by_another_agent_is_403(login, make_ticket):
    make_ticket(), make_ticket()
    assert (
        login("demo1").post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).status_code
        == 200
    )
    response = login("demo2").post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_an_unknown_counter_is_404(agent_client):
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "cellar"})
    assert response.status_code == 404


def test_a_full_visit_start_to_finish_is_logged_step_by_step(app, agent_client, make_ticket):
    ticket = make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/recall", json={})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    done = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/finish",
        json={
            "outcome": {
                "partner": "caf",
                "service": "caf-rsa",
                "request_type": "procedure",
                "result": "resolved",
            }
        },
    )
    assert done.status_code == 200 and done.json["status"] == "done"
    with app.app_context():
        log = db.session.query(VisitEvent).filter_by(visit_id=ticket["id"]).order_by(VisitEvent.id)
        assert [(e.action, e.from_status, e.to_status) for e in log] == [
            ("issue", None, "waiting"),
            ("call", "waiting", "called"),
            ("recall", "called", "called"),
            ("start", "called", "serving"),
            ("finish", "serving", "done"),
        ]
        assert all(e.agent_id for e in log[1:])
        assert db.session.get(Visit, ticket["id"]).outcome["result"] == "resolved"


def test_an_action_the_state_does_not_allow_is_409_with_the_current_state(
    agent_client, make_ticket
):
    ticket = make_ticket()
    response = agent_client.post(f"/api/v1/tickets/{ticket['id']}/finish", json={})
    assert response.status_code == 409
    assert response.json["error"]["details"]["status"] == "waiting"


def test_an_unknown_action_or_ticket_is_404(agent_client, make_ticket):
    ticket = make_ticket()
    assert agent_client.post(f"/api/v1/tickets/{ticket['id']}/dance", json={}).status_code == 404
    assert agent_client.post("/api/v1/tickets/999999/cancel", json={}).status_code == 404


def test_a_bad_outcome_is_400_and_the_ticket_is_untouched(agent_client, make_ticket):
    ticket = make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    response = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": {"result": "magic"}}
    )
    assert response.status_code == 400
    assert (
        agent_client.post(f"/api/v1/tickets/{ticket['id']}/finish", json={}).json["status"]
        == "done"
    )


def test_no_show_and_return_to_the_queue(agent_client, make_ticket, client):
    first, second = make_ticket(), make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert (
        agent_client.post(f"/api/v1/tickets/{first['id']}/return", json={}).json["status"]
        == "waiting"
    )
    again = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).json
    assert again["number"] == first["number"]  # returned tickets keep their place
    assert (
        agent_client.post(f"/api/v1/tickets/{first['id']}/no-show", json={}).json["status"]
        == "no_show"
    )
    waiting = agent_client.get("/api/v1/queue").json["waiting"]
    assert [t["number"] for t in waiting] == [second["number"]]


def test_a_transfer_opens_a_linked_ticket_with_the_same_number_for_the_new_service(
    app, agent_client, make_ticket, client
):
    ticket = make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    response = agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/transfer", json={"service": "impots-declaration"}
    )
    assert response.json["status"] == "transferred"
    waiting = agent_client.get("/api/v1/queue").json["waiting"]
    assert [(t["number"], t["service"]) for t in waiting] == [("C001", "impots-declaration")]
    token = ticket["tracking_url"].rsplit("/", 1)[1]
    followed = client.get(f"/api/v1/tickets/by-token/{token}").json
    assert followed["status"] == "waiting" and followed["number"] == "C001"
    with app.app_context():
        successor = db.session.query(Visit).filter_by(transferred_from_id=ticket["id"]).one()
        assert successor.arrived_at == db.session.get(Visit, ticket["id"]).arrived_at


def test_a_transfer_to_the_video_room_is_called_only_from_that_counter(login, make_ticket):
    ticket = make_ticket()
    desk = login("demo1")
    desk.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    desk.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    desk.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"counter": "visio"})
    other = login("demo2")
    assert other.post("/api/v1/agent/call-next", json={"counter": "bureau-2"}).status_code == 204
    called = other.post("/api/v1/agent/call-next", json={"counter": "visio"})
    assert called.json["number"] == ticket["number"]


def test_a_transfer_without_a_destination_is_400(agent_client, make_ticket):
    ticket = make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    assert agent_client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={}).status_code == 400


def test_a_stale_version_is_a_conflict_not_a_silent_double_action(login, make_ticket):
    ticket = make_ticket()
    first, second = login("demo1"), login("demo2")
    called = first.post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).json
    version = called.get("version")
    first.post(f"/api/v1/tickets/{ticket['id']}/no-show", json={})
    late = second.post(
        f"/api/v1/tickets/{ticket['id']}/start", json={"version": version} if version else {}
    )
    assert late.status_code == 409


def test_the_floor_agent_takes_a_visitor_on_the_spot(login, make_ticket, client):
    ticket = make_ticket()
    taken = login("demo2").post(f"/api/v1/tickets/{ticket['id']}/take", json={})
    assert taken.json["status"] == "serving"
    assert taken.json["coming_to_you"] is True
    last = client.get("/api/v1/queue").json["last_calls"][0]
    assert last["coming_to_you"] is True and last["number"] == ticket["number"]


def test_a_site_set_up_without_a_floor_gets_one_when_an_agent_serves_standing(
    app, login, make_ticket, client
):
    """A real site is set up with its desks only, yet the console offers « Va-vers » at every
    site: « Je prends » answered 404 and the console said « Ce ticket n'existe plus »."""
    from sqlalchemy import update

    from server.extensions import db
    from server.models import Counter

    with app.app_context():
        db.session.execute(update(Counter).where(Counter.kind == "floor").values(kind="office"))
        db.session.commit()
    ticket = make_ticket()
    floor = login("demo2")
    assert floor.post("/api/v1/agent/duty", json={"posture": "floor"}).status_code == 200
    taken = floor.post(f"/api/v1/tickets/{ticket['id']}/take", json={})
    assert taken.status_code == 200, taken.json
    last = client.get("/api/v1/queue").json["last_calls"][0]
    assert last["number"] == ticket["number"] and last["counter_label"] == "Espace d'accueil"
    # Closed in the back-office, the floor stays closed, and the agent is told so.
    admin = login("demo1")
    floor_code = last["counter"]
    closed = admin.patch(f"/api/v1/admin/counters/{floor_code}", json={"active": False})
    assert closed.status_code == 200
    other = make_ticket()
    refused = floor.post(f"/api/v1/tickets/{other['id']}/take", json={})
    assert (
        refused.status_code == 400
        and "espace va-vers est fermé" in refused.json["error"]["message"]
    )


def test_pause_and_posture_are_saved(agent_client):
    assert agent_client.post("/api/v1/agent/duty", json={"paused": True}).json["paused"] is True
    assert (
        agent_client.post("/api/v1/agent/duty", json={"posture": "floor"}).json["posture"]
        == "floor"
    )
    assert agent_client.post("/api/v1/agent/duty", json={"posture": "roof"}).status_code == 400


def test_logout_frees_the_counter_for_a_colleague(login, make_ticket):
    make_ticket(), make_ticket()
    first = login("demo1")
    first.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert first.post("/api/v1/auth/logout").status_code == 204
    assert first.post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).status_code == 401
    assert (
        login("demo2").post("/api/v1/agent/call-next", json={"counter": "bureau-1"}).status_code
        == 200
    )


def test_an_idle_session_expires(agent_client, clock):
    assert agent_client.get("/api/v1/auth/me").status_code == 200
    clock.advance(minutes=31)
    assert agent_client.get("/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize("body", [{}, {"counter": ""}, {"counter": 3}])
def test_call_next_with_bad_input_is_400(agent_client, body):
    assert agent_client.post("/api/v1/agent/call-next", json=body).status_code == 400


def test_a_paused_agent_who_calls_next_is_available_again(agent_client, make_ticket):
    make_ticket()
    agent_client.post("/api/v1/agent/duty", json={"paused": True})
    assert (
        agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"}).status_code == 200
    )
    me = next(a for a in agent_client.get("/api/v1/agents").json if a["name"].startswith("Camille"))
    assert me["paused"] is False


def test_a_call_by_an_agent_already_available_writes_the_ticket_not_the_agent(
    app, agent_client, make_ticket
):
    """Unpausing is written only for a paused agent: the call's transaction holds the write
    lock, and the displays hear of the call only once it commits."""
    from server.extensions import db
    from tests.sql_spy import statements_sent

    make_ticket()
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as seen:
        response = agent_client.post("/api/v1/agent/call-next", json={"counter": "accueil"})
    written = []
    for statement in seen:
        verb, *rest = statement.split()
        if verb in ("INSERT", "UPDATE", "DELETE"):  # INSERT INTO t, UPDATE t, DELETE FROM t
            written.append(rest[0] if verb == "UPDATE" else rest[1])
    assert response.status_code == 200
    assert written and "agents" not in written


def test_a_walk_in_is_served_at_once_and_never_shown_on_public_screens(
    login, client, socket_client
):
    display = socket_client("/display")
    display.get_received("/display")
    floor = login("demo2")
    response = floor.post("/api/v1/agent/walk-in", json={"service": "poste-email"})
    assert response.status_code == 201
    assert response.json["status"] == "serving" and response.json["number"] == "P001"
    assert [m["name"] for m in display.get_received("/display")] == ["queue_changed"]
    snapshot = client.get("/api/v1/queue").json
    assert snapshot["last_calls"] == [] and snapshot["waiting_count"] == 0


def test_call_next_serves_only_what_both_the_counter_and_the_agent_handle(
    app, agent_client, make_ticket
):
    with app.app_context():
        services = {s.code: s for s in db.session.scalars(select(Service))}
        counter = db.session.scalar(select(Counter).where(Counter.code == "bureau-2"))
        counter.serves_all = False
        counter.services = [services["caf-rsa"], services["carte-grise"]]
        agent = db.session.scalar(select(Agent).where(Agent.login == "demo1"))
        agent.serves_all = False
        agent.services = [services["carte-grise"], services["cpam-css"]]
        db.session.commit()
    make_ticket(service="caf-rsa"), make_ticket(service="cpam-css")
    wanted = make_ticket(service="carte-grise")
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
    assert response.json["number"] == wanted["number"]
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
    assert response.status_code == 204


def test_sitting_at_a_counter_takes_it_at_once_for_colleagues(login):
    first, second = login("demo1"), login("demo2")
    assert (
        first.post(
            "/api/v1/agent/duty", json={"posture": "desk", "counter": "bureau-2"}
        ).status_code
        == 200
    )
    held = {a["name"]: a["counter"] for a in second.get("/api/v1/agents").json}
    assert held["Camille (démo)"] == "bureau-2"
    refused = second.post("/api/v1/agent/duty", json={"posture": "desk", "counter": "bureau-2"})
    assert refused.status_code == 403
    assert second.post("/api/v1/agent/call-next", json={"counter": "bureau-2"}).status_code == 403
    assert first.post("/api/v1/agent/duty", json={"posture": "floor"}).status_code == 200
    assert second.post("/api/v1/agent/duty", json={"counter": "bureau-2"}).status_code == 200


def test_a_call_is_current_only_while_the_ticket_is_being_called(agent_client, make_ticket, client):
    """The display's "Appel en cours" follows `active`: a finished visit is history."""
    ticket = make_ticket()
    agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert client.get("/api/v1/queue").json["last_calls"][0]["active"] is True
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/recall", json={})
    calls = client.get("/api/v1/queue").json["last_calls"]
    assert calls[0]["recall"] is True and calls[0]["active"] is True
    agent_client.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    calls = client.get("/api/v1/queue").json["last_calls"]
    assert [c["active"] for c in calls] == [False, False]
    agent_client.post(
        f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": {"result": "resolved"}}
    )
    assert client.get("/api/v1/queue").json["last_calls"][0]["active"] is False


def test_a_visitor_taken_by_the_floor_agent_stays_current_until_the_visit_ends(
    login, make_ticket, client
):
    ticket = make_ticket()
    floor = login("demo2")
    floor.post(f"/api/v1/tickets/{ticket['id']}/take", json={})
    assert client.get("/api/v1/queue").json["last_calls"][0]["active"] is True
    floor.post(f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": {"result": "resolved"}})
    assert client.get("/api/v1/queue").json["last_calls"][0]["active"] is False

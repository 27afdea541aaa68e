"""Guarantees under contention, on SQLite (always) with real threads against one database."""

from collections import Counter as Tally
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from server.extensions import db
from server.services.agents import add_agent

DESK_COUNTERS = ["accueil", "bureau-1", "bureau-2", "visio"]


def test_two_hundred_tickets_issued_at_once_get_two_hundred_distinct_numbers(app):
    def take(index):
        service = ("caf-rsa", "carte-grise", "impots-declaration")[index % 3]
        response = app.test_client().post("/api/v1/tickets", json={"service": service})
        assert response.status_code == 201, response.json
        return response.json["number"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(take, range(200)))
    assert len(set(numbers)) == 200
    assert app.test_client().get("/api/v1/queue").json["waiting_count"] == 200
    caf = sorted(n for n in numbers if n.startswith("C"))
    assert caf == [f"C{i:03d}" for i in range(1, len(caf) + 1)]  # no gap, no repeat


@pytest.fixture
def six_agents(app):
    with app.app_context():
        for index in range(3, 7):
            add_agent(db.session, name=f"Agent {index}", login=f"agent{index}", pin="4321")
    return [("demo1", "1234"), ("demo2", "1234")] + [(f"agent{i}", "4321") for i in range(3, 7)]


def test_agents_pressing_call_next_at_the_same_instant_never_get_the_same_ticket(
    app, six_agents, make_ticket
):
    for _ in range(30):
        make_ticket()
    clients = []
    for login, pin in six_agents:
        agent = app.test_client()
        assert (
            agent.post("/api/v1/auth/login", json={"login": login, "pin": pin}).status_code == 200
        )
        clients.append(agent)
    counters = [*DESK_COUNTERS, "espace", "espace"]  # two standing agents share the floor
    barrier = Barrier(len(clients))

    def press(index):
        barrier.wait()
        called = []
        for _ in range(5):
            response = clients[index].post(
                "/api/v1/agent/call-next", json={"counter": counters[index]}
            )
            assert response.status_code == 200, response.json
            called.append(response.json["number"])
        return called

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        results = [n for called in pool.map(press, range(len(clients))) for n in called]
    assert len(results) == 30
    assert [n for n, count in Tally(results).items() if count > 1] == []
    assert app.test_client().get("/api/v1/queue").json["waiting_count"] == 0


def test_two_agents_acting_on_one_ticket_at_once_one_wins_the_other_gets_409(
    app, login, make_ticket
):
    ticket = make_ticket()
    first, second = login("demo1"), login("demo2")
    first.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    barrier = Barrier(2)

    def act(pair):
        agent, action = pair
        barrier.wait()
        return agent.post(f"/api/v1/tickets/{ticket['id']}/{action}", json={}).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(act, [(first, "start"), (second, "no-show")]))
    assert statuses == [200, 409]

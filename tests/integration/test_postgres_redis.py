"""The same guarantees on PostgreSQL, with two server processes linked by Redis.

Runs when ACCUEIL_TEST_DATABASE_URL and ACCUEIL_TEST_REDIS_URL are set (.ci/run sets both).
"""

import os
from collections import Counter as Tally
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import requests
import sqlalchemy as sa

from tests.integration.test_processes import Listener, called_numbers
from tests.live import LiveServer

DATABASE_URL = os.environ.get("ACCUEIL_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("ACCUEIL_TEST_REDIS_URL")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (DATABASE_URL and REDIS_URL),
        reason="set ACCUEIL_TEST_DATABASE_URL and ACCUEIL_TEST_REDIS_URL",
    ),
]


def reset_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    reset_database(DATABASE_URL)
    env = {
        "ACCUEIL_DATABASE_URL": DATABASE_URL,
        "ACCUEIL_MESSAGE_QUEUE": REDIS_URL,
        "ACCUEIL_SECRET_KEY": "shared-between-processes",
    }
    first = LiveServer(tmp_path_factory.mktemp("pg-a"), **env).start()
    second = LiveServer(tmp_path_factory.mktemp("pg-b"), **env).start()
    yield first, second
    second.stop()
    first.stop()


def test_two_hundred_tickets_across_two_processes_get_two_hundred_distinct_numbers(two_servers):
    def take(index):
        server = two_servers[index % 2]
        service = ("caf-rsa", "carte-grise")[index % 2 // 1 % 2]
        response = requests.post(
            f"{server.url}/api/v1/tickets", json={"service": service}, timeout=30
        )
        assert response.status_code == 201, response.text
        return response.json()["number"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(take, range(200)))
    assert len(set(numbers)) == 200


def test_agents_on_two_processes_calling_at_once_never_share_a_ticket(two_servers):
    first, second = two_servers
    agents = [first.login("demo1"), second.login("demo2")]
    counters = ["bureau-1", "bureau-2"]
    for server in (first, second):
        for _ in range(10):
            requests.post(f"{server.url}/api/v1/tickets", json={"service": "emploi-cv"}, timeout=10)
    barrier = Barrier(2)

    def press(index):
        server = two_servers[index]
        barrier.wait()
        numbers = []
        for _ in range(10):
            response = agents[index].post(
                f"{server.url}/api/v1/agent/call-next",
                json={"counter": counters[index]},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            numbers.append(response.json()["number"])
        return numbers

    with ThreadPoolExecutor(max_workers=2) as pool:
        called = [n for numbers in pool.map(press, range(2)) for n in numbers]
    assert [n for n, count in Tally(called).items() if count > 1] == []


def test_a_call_made_on_one_process_reaches_a_display_connected_to_the_other(two_servers):
    first, second = two_servers
    listener = Listener(second.url)
    try:
        ticket = requests.post(
            f"{first.url}/api/v1/tickets", json={"service": "justice-aide"}, timeout=10
        ).json()
        agent = first.login("demo1")
        # Earlier tests left some 200 people waiting: call ours by its id, not the next 200.
        response = agent.post(
            f"{first.url}/api/v1/tickets/{ticket['id']}/call",
            json={"counter": "accueil"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        assert listener.wait_for(lambda events: ticket["number"] in called_numbers(events))
    finally:
        listener.close()


def test_signing_out_on_one_process_ends_the_console_socket_on_the_other(two_servers):
    import threading

    import socketio

    first, second = two_servers
    agent = first.login("demo2")
    cookie = "; ".join(f"{c.name}={c.value}" for c in agent.cookies if c.name == "accueil_session")
    ended = threading.Event()
    console = socketio.Client(reconnection=False)
    console.on("session_ended", lambda data=None: ended.set(), namespace="/agent")
    console.connect(second.url, namespaces=["/agent"], headers={"Cookie": cookie}, wait_timeout=10)
    try:
        assert console.connected
        agent.post(f"{first.url}/api/v1/auth/logout", json={}, timeout=10).raise_for_status()
        assert ended.wait(10)  # told through Redis; the other process's sweep closes it too
        refused = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            refused.connect(
                second.url, namespaces=["/agent"], headers={"Cookie": cookie}, wait_timeout=10
            )
    finally:
        console.disconnect()

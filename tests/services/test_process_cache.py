"""The catalogue and the settings are read once per process, and the back-office's changes are
seen by the very next request, in this process and (through the message queue) in the others."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import pytest

from server.services import process_cache


class FakeSession:
    """What the cache reads of a session: its info, its pending changes, its engine."""

    def __init__(self, engine: Any) -> None:
        self.info: dict[str, Any] = {}
        self.new = self.dirty = self.deleted = ()
        self.engine = engine

    def get_bind(self) -> Any:
        return self.engine


def waiting_services(agent_client: Any) -> list[str]:
    return [s["code"] for s in agent_client.get("/api/v1/queue").json["services"]]


def test_a_request_switched_off_leaves_the_next_snapshot_at_once(agent_client: Any) -> None:
    assert "carte-grise" in waiting_services(agent_client)  # the catalogue is now kept
    off = agent_client.patch("/api/v1/admin/services/carte-grise", json={"active": False})
    assert off.status_code == 200
    assert "carte-grise" not in waiting_services(agent_client)
    on = agent_client.patch("/api/v1/admin/services/carte-grise", json={"active": True})
    assert on.status_code == 200
    assert "carte-grise" in waiting_services(agent_client)


def test_a_policy_saved_in_the_back_office_rules_the_next_request(
    agent_client: Any, client: Any
) -> None:
    """The settings are kept too: a saved policy is what the next request reads."""
    assert agent_client.get("/api/v1/admin/settings").json["policy"]["starvation_minutes"] == 15
    saved = agent_client.put("/api/v1/admin/settings", json={"policy": {"starvation_minutes": 40}})
    assert saved.status_code == 200
    assert agent_client.get("/api/v1/admin/settings").json["policy"]["starvation_minutes"] == 40


def test_a_caller_editing_what_it_got_changes_nothing_for_the_next() -> None:
    engine = type("Engine", (), {})()
    first = process_cache.cached(FakeSession(engine), "hours", lambda: {"lundi": ["09:00-12:00"]})  # type: ignore[arg-type]
    first["lundi"].append("14:00-17:00")
    again = process_cache.cached(FakeSession(engine), "hours", lambda: {})  # type: ignore[arg-type]
    assert again == {"lundi": ["09:00-12:00"]}


REDIS_URL = os.environ.get("ACCUEIL_TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="set ACCUEIL_TEST_REDIS_URL (.ci/run sets it)")
def test_a_change_in_another_process_empties_this_ones_cache() -> None:
    """Each process listens on the message queue: another process's 'forget' empties ours,
    and our own change tells the others."""
    import redis

    assert REDIS_URL
    engine = type("Engine", (), {})()

    def start(target: Any) -> None:
        threading.Thread(target=target, daemon=True).start()

    process_cache.link_processes(REDIS_URL, start)
    listener = redis.Redis.from_url(REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(process_cache.CHANNEL)
    time.sleep(0.3)  # both subscriptions are in place
    process_cache.cached(FakeSession(engine), "label", lambda: "old")  # type: ignore[arg-type]
    redis.Redis.from_url(REDIS_URL).publish(process_cache.CHANNEL, b"forget")  # the other one
    deadline = time.monotonic() + 5
    value = "old"
    while value == "old" and time.monotonic() < deadline:
        time.sleep(0.05)
        value = process_cache.cached(FakeSession(engine), "label", lambda: "new")  # type: ignore[arg-type]
    assert value == "new"
    process_cache.forget()  # a change here...
    told = None
    while told is None and time.monotonic() < deadline:
        told = listener.get_message(timeout=0.5)
    assert told is not None and told["data"] == b"forget"  # ...is told to the others
    listener.close()


@pytest.mark.skipif(not REDIS_URL, reason="set ACCUEIL_TEST_REDIS_URL (.ci/run sets it)")
def test_another_process_s_situation_change_reaches_this_one_through_redis() -> None:
    """An agent pausing on one server process moves every wait: the others hear it on the
    message queue and read the situation again (server/services/situation_cache.py)."""
    import redis

    from server.services import situation_cache

    assert REDIS_URL

    def start(target: Any) -> None:
        threading.Thread(target=target, daemon=True).start()

    process_cache.link_processes(REDIS_URL, start)
    time.sleep(0.3)  # the listener is subscribed
    before = situation_cache.version()
    redis.Redis.from_url(REDIS_URL).publish(process_cache.CHANNEL, situation_cache.SITUATION)
    deadline = time.monotonic() + 5
    while situation_cache.version() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert situation_cache.version() > before

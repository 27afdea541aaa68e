"""`python -m bench soak`: two server processes on PostgreSQL + Redis, a rush of kiosk tickets
with retries, agents calling, and one process killed with SIGKILL in the middle, then restarted.

Prints what the kiosks were told against what the database holds: acknowledged vs stored,
lost, duplicated, called twice, 5xx answers, and the calls a waiting-room display connected to
the surviving process saw. Target: zeros (connection errors during the kill are counted apart:
a kiosk meets them and retries with the same Idempotency-Key).

Needs a disposable PostgreSQL database (its schema is dropped!) and Redis:
ACCUEIL_SOAK_DATABASE_URL (else ACCUEIL_TEST_DATABASE_URL) and ACCUEIL_SOAK_REDIS_URL (else
ACCUEIL_TEST_REDIS_URL). Bounded: SOAK_TICKETS tickets (default 300), a few minutes at most.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

KIOSKS = 8
SERVICES = ("caf-rsa", "carte-grise", "emploi-cv", "impots-declaration")
DEADLINE_SECONDS = 120.0
RETRIES = 8


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (id, number)
    unacknowledged: int = 0  # a kiosk gave up (every retry failed)
    server_errors: Counter[int] = field(default_factory=Counter)
    connection_errors: int = 0
    retries: int = 0
    calls: list[int] = field(default_factory=list)
    agent_errors: Counter[str] = field(default_factory=Counter)

    def add(self, **changes: Any) -> None:
        with self.lock:
            for name, value in changes.items():
                setattr(self, name, getattr(self, name) + value)


def _urls() -> tuple[str | None, str | None]:
    database = os.environ.get("ACCUEIL_SOAK_DATABASE_URL") or os.environ.get(
        "ACCUEIL_TEST_DATABASE_URL"
    )
    redis = os.environ.get("ACCUEIL_SOAK_REDIS_URL") or os.environ.get("ACCUEIL_TEST_REDIS_URL")
    return database, redis


def _reset(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def take(servers: list[Any], index: int, tally: Tally) -> None:
    """One kiosk tap: POST with an Idempotency-Key, retried on the other process on failure."""
    key = f"soak-{uuid.uuid4().hex[:24]}"
    body = {"service": SERVICES[index % len(SERVICES)]}
    for attempt in range(RETRIES):
        server = servers[(index + attempt) % len(servers)]
        if attempt:
            tally.add(retries=1)
            time.sleep(min(0.2 * attempt, 1.0))
        try:
            response = requests.post(
                f"{server.url}/api/v1/tickets",
                json=body,
                headers={"Idempotency-Key": key, "X-Accueil-Kiosk": f"borne-{index % KIOSKS}"},
                timeout=10,
            )
        except requests.RequestException:
            tally.add(connection_errors=1)
            continue
        if response.status_code >= 500:
            with tally.lock:
                tally.server_errors[response.status_code] += 1
            continue
        if response.status_code in (201, 200):
            ticket = response.json()
            with tally.lock:
                tally.acknowledged[key] = (ticket["id"], ticket["number"])
            return
        if response.status_code == 409:  # the twin of this key is still being processed
            continue
        with tally.lock:
            tally.agent_errors[f"kiosk {response.status_code}"] += 1
        return
    tally.add(unacknowledged=1)


class Agent(threading.Thread):
    """An agent at a counter: call the next ticket, serve it, finish; follows a dead process."""

    def __init__(self, servers: list[Any], home: int, login: str, counter: str, tally: Tally):
        super().__init__(daemon=True)
        self.servers, self.home, self.login, self.counter = servers, home, login, counter
        self.tally = tally
        self.stop = threading.Event()
        self.session = requests.Session()
        self.server = servers[home]

    def _post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.session.post(
            f"{self.server.url}{path}", json=body, headers={"Origin": self.server.url}, timeout=10
        )

    def _sign_in(self) -> None:
        response = self._post("/api/v1/auth/login", {"login": self.login, "pin": "1234"})
        response.raise_for_status()

    def _switch(self) -> None:
        """This process is gone: the agent opens the console on the other one."""
        others = [s for s in self.servers if s is not self.server]
        self.server = others[0] if others else self.server
        try:
            self._sign_in()
        except requests.RequestException:
            time.sleep(0.5)

    def _finish(self, ticket: dict[str, Any]) -> None:
        if ticket["status"] == "called":
            started = self._post(
                f"/api/v1/tickets/{ticket['id']}/start", {"version": ticket["version"]}
            )
            if started.status_code != 200:
                return
            ticket = started.json()
        outcome = {"request_type": "information", "result": "resolved"}
        self._post(
            f"/api/v1/tickets/{ticket['id']}/finish",
            {"outcome": outcome, "version": ticket["version"]},
        )

    def run(self) -> None:
        self._sign_in()
        while not self.stop.is_set():
            try:
                # A console reloaded after a crash picks up the ticket it had called.
                current = self.session.get(f"{self.server.url}/api/v1/agent/current", timeout=10)
                if current.status_code == 200:
                    self._finish(current.json())
                    continue
                if current.status_code == 401:
                    self._sign_in()
                    continue
                called = self._post("/api/v1/agent/call-next", {"counter": self.counter})
            except requests.RequestException:
                self.tally.add(connection_errors=1)
                self._switch()
                continue
            if called.status_code >= 500:
                with self.tally.lock:
                    self.tally.server_errors[called.status_code] += 1
                continue
            if called.status_code == 204:
                time.sleep(0.05)
                continue
            if called.status_code != 200:
                with self.tally.lock:
                    self.tally.agent_errors[f"call {called.status_code}"] += 1
                time.sleep(0.1)
                continue
            ticket = called.json()
            with self.tally.lock:
                self.tally.calls.append(ticket["id"])
            try:
                self._finish(ticket)
            except requests.RequestException:
                self.tally.add(connection_errors=1)
                self._switch()


def main() -> None:
    from tests.integration.test_processes import Listener
    from tests.live import LiveServer

    database, redis_url = _urls()
    if not (database and redis_url):
        print("soak: skipped (set ACCUEIL_SOAK_DATABASE_URL and ACCUEIL_SOAK_REDIS_URL)")
        return
    count = int(os.environ.get("SOAK_TICKETS", "300"))
    _reset(database)
    env = {
        "ACCUEIL_DATABASE_URL": database,
        "ACCUEIL_MESSAGE_QUEUE": redis_url,
        "ACCUEIL_SECRET_KEY": "soak-shared-secret",
        "ACCUEIL_RETENTION_AUTOSTART": "off",
    }
    root = Path(tempfile.mkdtemp(prefix="accueil-soak-"))
    (root / "a").mkdir()
    (root / "b").mkdir()
    victim = LiveServer(root / "a", **env)
    survivor = LiveServer(root / "b", **env)
    servers = [victim, survivor]
    tally = Tally()
    agents = [
        Agent(servers, 0, "demo1", "bureau-1", tally),
        Agent(servers, 1, "demo2", "bureau-2", tally),
    ]
    display: Any = None
    killed_at: float | None = None
    restarted_at: float | None = None
    try:
        victim.start(timeout=60)
        survivor.start(timeout=60)
        display = Listener(survivor.url)
        started = time.monotonic()
        for agent in agents:
            agent.start()
        with ThreadPoolExecutor(max_workers=KIOSKS) as pool:
            futures = [pool.submit(take, servers, index, tally) for index in range(count)]
            while sum(future.done() for future in futures) < count // 2:
                time.sleep(0.05)
            assert victim.process is not None
            os.kill(victim.process.pid, signal.SIGKILL)  # mid-rush, mid-call
            victim.process.wait(10)
            killed_at = time.monotonic() - started
            time.sleep(1.0)
            victim.start(timeout=60)  # restarted on the same port: kiosks come back to it
            restarted_at = time.monotonic() - started
            for future in futures:
                future.result(timeout=DEADLINE_SECONDS)
        # Let the agents empty the line.
        engine = sa.create_engine(database)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                open_tickets = connection.execute(
                    sa.text("SELECT count(*) FROM visits WHERE status IN ('waiting','called')")
                ).scalar_one()
            if open_tickets == 0:
                break
            time.sleep(0.5)
        time.sleep(1.0)  # the last calls reach the display
    finally:
        for agent in agents:
            agent.stop.set()
        for agent in agents:
            agent.join(15)
        if display is not None:
            display.close()
        survivor.stop()
        victim.stop()
    elapsed = time.monotonic() - started
    report(database, tally, display, count, elapsed, killed_at, restarted_at)


def report(
    database: str,
    tally: Tally,
    display: Any,
    count: int,
    elapsed: float,
    killed_at: float | None,
    restarted_at: float | None,
) -> None:
    engine = sa.create_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, number, day, status FROM visits")).all()
        keyed = connection.execute(
            sa.text("SELECT key, visit_id FROM idempotency_keys WHERE key LIKE 'soak-%'")
        ).all()
        call_events = connection.execute(
            sa.text(
                "SELECT visit_id, count(*) FROM visit_events WHERE action = 'call' "
                "GROUP BY visit_id"
            )
        ).all()
    engine.dispose()
    stored = {row.id: row for row in rows}
    by_key = {row.key: row.visit_id for row in keyed}
    lost = [
        key
        for key, (ticket_id, number) in tally.acknowledged.items()
        if ticket_id not in stored or stored[ticket_id].number != number
    ]
    replies_changed = [
        key for key, (ticket_id, _) in tally.acknowledged.items() if by_key.get(key) != ticket_id
    ]
    numbers = Counter((row.day, row.number) for row in rows)
    duplicate_numbers = sum(n - 1 for n in numbers.values() if n > 1)
    without_key = [visit_id for visit_id in stored if visit_id not in set(by_key.values())]
    double_calls = sum(1 for _, calls in call_events if calls > 1)
    called_in_db = {visit_id for visit_id, _ in call_events}
    seen = {data["number"] for name, data in display.events if name == "ticket_called"}
    called_numbers = {stored[visit_id].number for visit_id in called_in_db if visit_id in stored}
    statuses = Counter(row.status for row in rows)
    print(f"soak: {count} kiosk taps, 8 kiosks, 2 agents, 2 processes (PostgreSQL + Redis)")
    print(f"  process A killed (SIGKILL) at {killed_at:.1f} s, restarted at {restarted_at:.1f} s")
    print(
        f"  acknowledged {len(tally.acknowledged)} · stored {len(stored)} · kiosk gave up "
        f"{tally.unacknowledged}"
    )
    print(
        f"  lost {len(lost)} · duplicated {len(without_key) + duplicate_numbers} "
        f"(tickets without their key {len(without_key)}, numbers issued twice "
        f"{duplicate_numbers}) · key answered another ticket {len(replies_changed)}"
    )
    print(
        f"  calls {len(called_in_db)} · double calls {double_calls} · "
        f"calls seen by the display on the surviving process {len(seen & called_numbers)}"
        f"/{len(called_numbers)}"
    )
    print(
        f"  5xx {sum(tally.server_errors.values())} {dict(tally.server_errors)} · "
        f"connection errors {tally.connection_errors} (retried {tally.retries}) · "
        f"other answers {dict(tally.agent_errors)}"
    )
    print(f"  tickets left: {dict(statuses)} · {elapsed:.1f} s")


if __name__ == "__main__":
    main()

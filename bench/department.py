"""A whole department on one process: 22 sites, each with 3 waiting-room displays and 30 phones
following a ticket (about 730 Socket.IO connections), a rush on 5 sites at once (a kiosk tap a
second and an agent calling, serving and finishing at each), while an administrator opens last
month's statistics of a busy site again and again.

Printed: call -> display p50/p95/p99 (from just before the agent's POST to each of the site's
displays receiving the number), the 5xx answers, the dropped events (a display that never got a
call, a phone whose ticket was called and never heard it), the statistics page's time, RSS and
the machine's load. Target (issue 15): p99 <= 200 ms, no 5xx, nothing dropped.

With ACCUEIL_SOAK_DATABASE_URL (a disposable PostgreSQL database: its schema is dropped!) and
ACCUEIL_SOAK_REDIS_URL set, the same department also runs on one then two processes on
PostgreSQL linked by Redis (sockets and requests split between them), and the p99 is printed
against one process. Bounded: DEPARTMENT_RUSH_SECONDS (default 20) of rush per run.
Run with `make bench` or `python -m bench department`.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import socketio
import sqlalchemy as sa

from bench.stats import machine, percentile, rss_mb, table
from tests.live import LiveServer

SITES = int(os.environ.get("DEPARTMENT_SITES", "22"))
DISPLAYS = 3
PHONES = 30
RUSH_SITES = min(5, SITES)
RUSH_SECONDS = float(os.environ.get("DEPARTMENT_RUSH_SECONDS", "20"))
KIOSK_INTERVAL = 1.0  # a tap a second per site in the rush
SERVE_SECONDS = 0.5  # the agent greets, serves (shortened) and finishes
STATS_URL = "/admin/stats?period=month&date=2026-11-15"
COUNTER = "accueil"
SERVICES = ("caf-rsa", "carte-grise", "emploi-cv", "impots-declaration")


def site_code(index: int) -> str:
    return f"fs-{index + 1:02d}"


def prepare(database_url: str) -> None:
    """Migrations, 22 sites with the demo counters, one agent per rush site, and a month of
    history (about 3,000 visits) at the first site for the statistics page."""
    from flask_migrate import upgrade

    from bench.statistics_page import write_month
    from server import create_app
    from server.config import TestConfig
    from server.demo import seed_demo
    from server.extensions import db
    from server.models import Agent, Service
    from server.schema import install_migrations
    from server.services.agents import add_agent

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url))
    install_migrations(app)
    with app.app_context():
        upgrade()
        sites = [seed_demo(db.session, site_code(i)) for i in range(SITES)]
        for i in range(RUSH_SITES):
            add_agent(
                db.session,
                name=f"Agent {i + 1}",
                login=f"rush{i + 1}",
                pin="1234",
                sites=[sites[i]],
            )
        services = list(db.session.query(Service))
        agents = [a.id for a in db.session.query(Agent)]
        write_month(db.session, sites[0], services, agents, random.Random(11))
        db.session.remove()


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    calls: list[tuple[str, str, float]] = field(default_factory=list)  # site, number, t0
    called_tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    seen: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    phones_told: set[str] = field(default_factory=set)  # tokens told "called"
    phone_messages: int = 0
    stats_ms: list[float] = field(default_factory=list)
    stats_windows: list[tuple[float, float]] = field(default_factory=list)  # page start, end
    rush_started: float = 0.0

    def answer(self, status: int) -> None:
        self.statuses[status] += 1


class Department:
    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.tally = Tally()
        self.clients: list[Any] = []
        self.tokens: dict[str, list[str]] = {}

    def url(self, index: int) -> str:
        return self.urls[index % len(self.urls)]

    async def issue(self, http: aiohttp.ClientSession, index: int, site: str) -> str | None:
        async with http.post(
            f"{self.url(index)}/s/{site}/api/v1/tickets",
            json={"service": SERVICES[index % len(SERVICES)]},
        ) as response:
            self.tally.answer(response.status)
            if response.status != 201:
                return None
            return str((await response.json())["tracking_url"]).rsplit("/", 1)[1]

    async def fill(self) -> None:
        """Thirty people already waiting at each site, each following their ticket."""
        async with aiohttp.ClientSession() as http:
            for s in range(SITES):
                code = site_code(s)
                tokens = await asyncio.gather(
                    *(self.issue(http, s + i, code) for i in range(PHONES))
                )
                self.tokens[code] = [t for t in tokens if t]

    async def _connect(self, index: int, namespace: str, query: str, **auth: str) -> Any:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(
            f"{self.url(index)}{query}",
            namespaces=[namespace],
            transports=["websocket"],
            auth=auth or None,
            wait_timeout=60,
        )
        return client

    async def connect(self) -> None:
        tally = self.tally
        jobs = []
        for s in range(SITES):
            code = site_code(s)
            for d in range(DISPLAYS):

                def on_called(data: dict[str, Any], code: str = code) -> None:
                    tally.seen.setdefault((code, data["number"]), []).append(time.perf_counter())

                jobs.append((s + d, "/display", "/", {"site": code}, on_called))
            for p, token in enumerate(self.tokens[code]):

                def on_update(data: dict[str, Any], token: str = token) -> None:
                    tally.phone_messages += 1
                    if data.get("status") == "called":
                        tally.phones_told.add(token)

                jobs.append((s + p, "/ticket", "/", {"token": token}, on_update))
        for start in range(0, len(jobs), 50):  # in batches, as screens come up in a morning
            batch = jobs[start : start + 50]
            clients = await asyncio.gather(
                *(self._connect(i, ns, query, **auth) for i, ns, query, auth, _ in batch)
            )
            for client, (_, namespace, _, _, handler) in zip(clients, batch, strict=True):
                event = "ticket_called" if namespace == "/display" else "ticket_updated"
                client.on(event, handler, namespace=namespace)
                if namespace == "/ticket":
                    client.on("queue_changed", lambda _data: None, namespace=namespace)
            self.clients += clients

    async def kiosk(self, index: int, code: str, until: float) -> None:
        async with aiohttp.ClientSession() as http:
            while time.perf_counter() < until:
                await self.issue(http, index, code)
                await asyncio.sleep(KIOSK_INTERVAL * random.uniform(0.7, 1.3))

    async def agent(self, index: int, code: str, until: float) -> None:
        url = self.url(index)
        jar = aiohttp.CookieJar(unsafe=True)  # cookies of an IP-address host
        async with aiohttp.ClientSession(cookie_jar=jar, headers={"Origin": url}) as http:
            async with http.post(
                f"{url}/api/v1/auth/login", json={"login": f"rush{index + 1}", "pin": "1234"}
            ) as response:
                assert response.status == 200, await response.text()
            while time.perf_counter() < until:
                started = time.perf_counter()
                async with http.post(
                    f"{url}/api/v1/agent/call-next", json={"counter": COUNTER}
                ) as response:
                    self.tally.answer(response.status)
                    if response.status != 200:
                        await asyncio.sleep(0.5)
                        continue
                    ticket = await response.json()
                self.tally.calls.append((code, ticket["number"], started))
                token = str(ticket["tracking_url"]).rsplit("/", 1)[1]
                self.tally.called_tokens[(code, ticket["number"])] = token
                await asyncio.sleep(SERVE_SECONDS)
                for action in ("start", "finish"):
                    body: dict[str, Any] = {"version": ticket["version"]}
                    if action == "finish":
                        body["outcome"] = {"request_type": "information", "result": "resolved"}
                    async with http.post(
                        f"{url}/api/v1/tickets/{ticket['id']}/{action}", json=body
                    ) as response:
                        self.tally.answer(response.status)
                        if response.status == 200:
                            ticket = await response.json()

    async def statistics(self, until: float) -> None:
        url = self.url(1)
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar, headers={"Origin": url}) as http:
            async with http.post(
                f"{url}/api/v1/auth/login", json={"login": "demo1", "pin": "1234"}
            ) as response:
                assert response.status == 200, await response.text()
            while time.perf_counter() < until:
                started = time.perf_counter()
                async with http.get(f"{url}{STATS_URL}") as response:
                    await response.read()
                    self.tally.answer(response.status)
                self.tally.stats_ms.append((time.perf_counter() - started) * 1000)
                self.tally.stats_windows.append((started, time.perf_counter()))
                await asyncio.sleep(1.0)

    async def rush(self) -> None:
        self.tally.rush_started = time.perf_counter()
        until = self.tally.rush_started + RUSH_SECONDS
        rush = [site_code(s) for s in range(RUSH_SITES)]
        await asyncio.gather(
            *(self.kiosk(i, code, until) for i, code in enumerate(rush)),
            *(self.agent(i, code, until) for i, code in enumerate(rush)),
            self.statistics(until),
        )
        # The last calls reach the screens: a call not on every display of its site 10 s
        # after the rush is counted as dropped (as in bench/realtime.py).
        deadline = time.perf_counter() + 10.0
        while time.perf_counter() < deadline and any(
            len(self.tally.seen.get((code, number), [])) < DISPLAYS
            for code, number, _ in self.tally.calls
        ):
            await asyncio.sleep(0.05)

    async def run(self) -> dict[str, Any]:
        await self.fill()
        await self.connect()
        await asyncio.sleep(1.0)
        await self.rush()
        await asyncio.gather(*(c.disconnect() for c in self.clients), return_exceptions=True)
        return self.figures()

    def figures(self) -> dict[str, Any]:
        tally = self.tally
        deliveries, dropped, slowest = [], 0, []
        for code, number, started in tally.calls:
            arrivals = tally.seen.get((code, number), [])
            deliveries += [(t - started) * 1000 for t in arrivals]
            dropped += max(0, DISPLAYS - len(arrivals))
            if arrivals:
                during_stats = any(
                    a <= max(arrivals) and started <= b for a, b in tally.stats_windows
                )
                slowest.append(
                    ((max(arrivals) - started) * 1000, started - tally.rush_started, during_stats)
                )
        followed = {t for tokens in self.tokens.values() for t in tokens}
        phones_called = [t for t in tally.called_tokens.values() if t in followed]
        phones_dropped = sum(1 for t in phones_called if t not in tally.phones_told)
        return {
            "sockets": len(self.clients),
            "calls": len(tally.calls),
            "p50": percentile(deliveries, 0.5),
            "p95": percentile(deliveries, 0.95),
            "p99": percentile(deliveries, 0.99),
            "5xx": sum(n for status, n in tally.statuses.items() if status >= 500),
            "4xx": sum(n for status, n in tally.statuses.items() if 400 <= status < 500),
            "dropped": dropped + phones_dropped,
            "requests": sum(tally.statuses.values()),
            "stats_p50": percentile(tally.stats_ms, 0.5),
            "stats_max": max(tally.stats_ms, default=float("nan")),
            "stats_runs": len(tally.stats_ms),
            # The slowest calls: (ms to the last display, seconds into the rush, whether a
            # statistics page was being computed meanwhile), to tell what the tail waits for.
            "slowest": sorted(slowest, reverse=True)[:3],
        }


def run(servers: list[LiveServer]) -> dict[str, Any]:
    for server in servers:
        server.start(timeout=180)
    try:
        result = asyncio.run(Department([s.url for s in servers]).run())
        result["rss_mb"] = sum(rss_mb(s.process.pid) for s in servers if s.process)
        result["load"] = os.getloadavg()[0]
        return result
    finally:
        for server in servers:
            server.stop()


ENV = {
    "ACCUEIL_TICKET_RATE_LIMIT": "100000 per second",
    "ACCUEIL_RETENTION_AUTOSTART": "off",
    "ACCUEIL_SECRET_KEY": "department-shared-secret",
    "ACCUEIL_SITE": site_code(0),
}


def one_process_sqlite() -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="accueil-department-"))
    prepare(f"sqlite:///{root / 'accueil.db'}")
    return run([LiveServer(root, command="serve", **ENV)])


def on_postgresql(processes: int, database: str, redis_url: str) -> dict[str, Any]:
    engine = sa.create_engine(database)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    prepare(database)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    root = Path(tempfile.mkdtemp(prefix="accueil-department-"))
    env = {**ENV, "ACCUEIL_DATABASE_URL": database, "ACCUEIL_MESSAGE_QUEUE": redis_url}
    servers = []
    for i in range(processes):
        (root / str(i)).mkdir()
        servers.append(LiveServer(root / str(i), command="serve", **env))
    return run(servers)


def main() -> None:
    print(
        f"\n== Department: {SITES} sites x ({DISPLAYS} displays + {PHONES} phones), rush on "
        f"{RUSH_SITES} sites for {RUSH_SECONDS:.0f} s, month statistics meanwhile "
        f"({machine()}) =="
    )
    runs = [("1 process, SQLite", one_process_sqlite())]
    database = os.environ.get("ACCUEIL_SOAK_DATABASE_URL")
    redis_url = os.environ.get("ACCUEIL_SOAK_REDIS_URL")
    if database and redis_url:
        runs.append(("1 process, PostgreSQL", on_postgresql(1, database, redis_url)))
        runs.append(("2 processes, PostgreSQL + Redis", on_postgresql(2, database, redis_url)))
    else:
        print("scale-out: skipped (set ACCUEIL_SOAK_DATABASE_URL and ACCUEIL_SOAK_REDIS_URL)")
    base = runs[0][1]["p99"]
    print(
        table(
            [
                "setup",
                "sockets",
                "calls",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "p99 / 1 process",
                "5xx",
                "4xx",
                "dropped",
                "stats page p50 ms",
                "max",
                "RSS MB",
                "load",
            ],
            [
                [
                    name,
                    r["sockets"],
                    r["calls"],
                    r["p50"],
                    r["p95"],
                    r["p99"],
                    r["p99"] / base,
                    r["5xx"],
                    r["4xx"],
                    r["dropped"],
                    r["stats_p50"],
                    r["stats_max"],
                    r["rss_mb"],
                    r["load"],
                ]
                for name, r in runs
            ],
        )
    )
    for name, r in runs:
        worst = ", ".join(
            f"{ms:.0f} ms at {at:.1f} s{' (statistics page)' if stats else ''}"
            for ms, at, stats in r["slowest"]
        )
        print(f"slowest calls, {name}: {worst}")
    print(f"Targets (issue 15), load now {machine()}:")
    for name, r in runs:
        for label, ok in (
            (f"call -> display p99 <= 200 ms: {r['p99']:.0f} ms", r["p99"] <= 200),
            (f"no 5xx: {r['5xx']}", r["5xx"] == 0),
            (f"nothing dropped: {r['dropped']}", r["dropped"] == 0),
        ):
            print(f"  {name}, {label} {'met' if ok else 'NOT met'}")
    by_name = dict(runs)
    if "2 processes, PostgreSQL + Redis" in by_name:
        one, two = (
            by_name["1 process, PostgreSQL"]["p99"],
            by_name["2 processes, PostgreSQL + Redis"]["p99"],
        )
        verdict = "met" if two <= one else "NOT met"
        print(f"  2 processes no worse than 1 on PostgreSQL: {two:.0f} vs {one:.0f} ms {verdict}")


if __name__ == "__main__":
    main()

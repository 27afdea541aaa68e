"""Call -> every display latency, tickets per second and memory: Accueil against its floor.

The floor is a bare Flask-SocketIO server doing the same insert and emit (bench/floor_server.py),
measured in the same run on the same machine, so the ratio ours/floor means something on a
shared, noisy machine. Run with `make bench` or `python -m bench realtime`.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import socketio

from bench.stats import cpu_seconds, machine, percentile, rss_mb, table
from tests.live import LiveServer, free_port

CLIENT_COUNTS = (10, 100, 500)
CALLS_PER_RUN = 30
CONCURRENCY = (1, 8, 32)
TICKETS_PER_LEVEL = 400


class Ours:
    name = "accueil"

    def __init__(self) -> None:
        self.server = LiveServer(
            Path(tempfile.mkdtemp(prefix="bench-")), ACCUEIL_TICKET_RATE_LIMIT="100000 per second"
        )
        self.cookies: Any = None

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def pid(self) -> int:
        assert self.server.process
        return self.server.process.pid

    async def prepare(self, http: aiohttp.ClientSession) -> None:
        async with http.post(
            f"{self.url}/api/v1/auth/login", json={"login": "demo1", "pin": "1234"}
        ) as response:
            assert response.status == 200, await response.text()

    async def issue(self, http: aiohttp.ClientSession) -> str:
        async with http.post(f"{self.url}/api/v1/tickets", json={"service": "caf-rsa"}) as r:
            assert r.status == 201, await r.text()
            return str((await r.json())["tracking_url"]).rsplit("/", 1)[1]

    async def clear(self, tokens: list[str]) -> None:
        """Empty the line between runs, as the visitors themselves would ("Je renonce")."""
        async with aiohttp.ClientSession() as http:
            for token in tokens:
                async with http.post(f"{self.url}/api/v1/tickets/by-token/{token}/cancel") as r:
                    await r.read()

    async def call(self, http: aiohttp.ClientSession) -> str:
        async with http.post(
            f"{self.url}/api/v1/agent/call-next", json={"counter": "accueil"}
        ) as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["number"])


class Floor(Ours):
    name = "floor"

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.floor_server", "--port", str(self.port)]
        )
        wait_until_up(f"{self.url}/healthz")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process
        return self.process.pid

    async def prepare(self, http: aiohttp.ClientSession) -> None:
        return None

    async def issue(self, http: aiohttp.ClientSession) -> str:
        async with http.post(f"{self.url}/tickets") as response:
            assert response.status == 201
            return str((await response.json())["id"])

    async def clear(self, tokens: list[str]) -> None:
        async with aiohttp.ClientSession() as http, http.post(f"{self.url}/clear") as response:
            assert response.status == 204

    async def call(self, http: aiohttp.ClientSession) -> str:
        async with http.post(f"{self.url}/call") as response:
            assert response.status == 200
            return str((await response.json())["number"])


def wait_until_up(url: str, timeout: float = 30) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def connect_displays(url: str, count: int, seen: dict[str, list[float]]) -> list[Any]:
    clients = []

    def on_called(data: dict[str, Any]) -> None:
        seen.setdefault(data["number"], []).append(time.perf_counter())

    async def connect_one() -> Any:
        client = socketio.AsyncClient(reconnection=False)
        client.on("ticket_called", on_called, namespace="/display")
        await client.connect(
            url, namespaces=["/display"], transports=["websocket"], wait_timeout=30
        )
        return client

    for start in range(0, count, 50):  # in batches: a real building does not connect 500 at once
        clients += await asyncio.gather(*(connect_one() for _ in range(min(50, count - start))))
    return clients


async def latency(target: Ours, count: int) -> dict[str, float]:
    """Per call, time from just before the agent's POST to each display receiving it."""
    seen: dict[str, list[float]] = {}
    clients = await connect_displays(target.url, count, seen)
    deliveries: list[float] = []
    lasts: list[float] = []
    rss = rss_mb(target.pid)
    # unsafe=True: aiohttp otherwise drops cookies set by an IP-address host (the agent login).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        await target.prepare(http)
        await asyncio.sleep(0.5)
        cpu = cpu_seconds(target.pid)
        for _ in range(CALLS_PER_RUN):
            await target.issue(http)
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            number = await target.call(http)
            deadline = time.perf_counter() + 10
            while len(seen.get(number, [])) < count and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            arrivals = seen.get(number, [])
            deliveries += [(t - started) * 1000 for t in arrivals]
            lasts.append((max(arrivals) - started) * 1000 if arrivals else float("nan"))
            await asyncio.sleep(0.05)
        cycle_cpu_ms = (cpu_seconds(target.pid) - cpu) * 1000 / CALLS_PER_RUN
    await asyncio.gather(*(c.disconnect() for c in clients))
    return {
        "clients": count,
        "cycle_cpu_ms": cycle_cpu_ms,  # a ticket, a call and its broadcasts to every display
        "p50": percentile(deliveries, 0.5),
        "p95": percentile(deliveries, 0.95),
        "p99": percentile(deliveries, 0.99),
        "last_p95": percentile(lasts, 0.95),
        "delivered": len(deliveries) / (count * CALLS_PER_RUN) * 100,
        "rss_mb": rss,
    }


async def throughput(target: Ours, concurrency: int) -> tuple[float, float]:
    """(tickets per second, server CPU ms per ticket) with `concurrency` kiosks posting back to
    back, from an empty line."""
    remaining = TICKETS_PER_LEVEL
    tokens: list[str] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        tokens.append(await target.issue(http))  # warm up the connection and the code paths

        async def kiosk() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                tokens.append(await target.issue(http))

        started, cpu = time.perf_counter(), cpu_seconds(target.pid)
        await asyncio.gather(*(kiosk() for _ in range(concurrency)))
        rate = TICKETS_PER_LEVEL / (time.perf_counter() - started)
        cpu_ms = (cpu_seconds(target.pid) - cpu) * 1000 / TICKETS_PER_LEVEL
    await target.clear(tokens)
    return rate, cpu_ms


def measure(target: Ours) -> dict[str, Any]:
    target.start()
    try:
        idle = rss_mb(target.pid)
        # Calls first, on a realistic line (each call takes the ticket just issued).
        runs = [asyncio.run(latency(target, n)) for n in CLIENT_COUNTS]
        measured, after = {}, []  # RSS after each level: growth per ticket issued
        for c in CONCURRENCY:
            measured[c] = asyncio.run(throughput(target, c))
            after.append(rss_mb(target.pid))
        rates = {c: rate for c, (rate, _) in measured.items()}
        cpu = {c: cpu_ms for c, (_, cpu_ms) in measured.items()}
        return {"idle_rss": idle, "rates": rates, "cpu": cpu, "runs": runs, "rss_after": after}
    finally:
        target.stop()


def main() -> None:
    print(f"\n== Real time: call -> every display ({machine()}) ==")
    print("(CPU ms/cycle: the server's CPU time for one ticket and one call with every broadcast)")
    results = {t.name: measure(t) for t in (Floor(), Ours())}
    ours, floor = results["accueil"], results["floor"]
    rows = []
    for mine, base in zip(ours["runs"], floor["runs"], strict=True):
        rows.append(
            [
                mine["clients"],
                mine["p50"],
                mine["p95"],
                mine["p99"],
                base["p50"],
                base["p99"],
                mine["p99"] / base["p99"],
                mine["delivered"],
                mine["rss_mb"],
                mine["cycle_cpu_ms"],
                base["cycle_cpu_ms"],
            ]
        )
    print(
        table(
            [
                "displays",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "floor p50",
                "floor p99",
                "ratio p99",
                "delivered %",
                "RSS MB",
                "CPU ms/cycle",
                "floor CPU ms/cycle",
            ],
            rows,
        )
    )
    print("\n== Tickets per second (POST /api/v1/tickets, SQLite) ==")
    print(
        table(
            [
                "concurrency",
                "accueil /s",
                "floor /s",
                "ratio",
                "accueil CPU ms/ticket",
                "floor CPU ms/ticket",
                "CPU ratio",
            ],
            [
                [
                    c,
                    ours["rates"][c],
                    floor["rates"][c],
                    ours["rates"][c] / floor["rates"][c],
                    ours["cpu"][c],
                    floor["cpu"][c],
                    floor["cpu"][c] / ours["cpu"][c],
                ]
                for c in CONCURRENCY
            ],
        )
    )
    print(f"\nIdle RSS: accueil {ours['idle_rss']:.1f} MB, floor {floor['idle_rss']:.1f} MB")
    after = ours["rss_after"]
    # Each level issues TICKETS_PER_LEVEL tickets (+1) and cancels them: what stays is growth.
    per_ticket_kb = (after[-1] - after[0]) * 1024 / ((len(after) - 1) * (TICKETS_PER_LEVEL + 1))
    print(
        "RSS after each level of tickets: "
        + " / ".join(f"{mb:.1f}" for mb in after)
        + f" MB ({per_ticket_kb:+.2f} KB per ticket after the first level)"
    )
    by_count = {run["clients"]: run for run in ours["runs"]}
    per_client = (by_count[500]["rss_mb"] - by_count[100]["rss_mb"]) / 400
    floor_by_count = {run["clients"]: run for run in floor["runs"]}
    checks = [
        (
            "call -> display p99 at 100, ratio <= 1.5",
            by_count[100]["p99"] / floor_by_count[100]["p99"],
            1.5,
        ),
        (
            "call -> display p99 at 500, ratio <= 1.5",
            by_count[500]["p99"] / floor_by_count[500]["p99"],
            1.5,
        ),
        ("tickets/s at concurrency 8, ratio >= 0.6", ours["rates"][8] / floor["rates"][8], 0.6),
        (
            "server CPU per ticket at concurrency 8, floor/ours >= 0.6 (load-proof)",
            floor["cpu"][8] / ours["cpu"][8],
            0.6,
        ),
        ("RSS with 100 displays, MB <= 130", by_count[100]["rss_mb"], 130.0),
        ("RSS per connected client, MB <= 0.15", per_client, 0.15),
        ("RSS growth per ticket once warm, KB <= 1 (no growth over a day)", per_ticket_kb, 1.0),
    ]
    print(f"\nTargets (issue 15), load now {machine()}:")
    for name, value, bound in checks:
        met = value >= bound if ">=" in name else value <= bound
        print(f"  {name}: {value:.2f} {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

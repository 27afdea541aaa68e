"""`python -m bench.profile [tickets|calls]`: where the server's time goes, sampled by py-spy.

Starts the demo server, attaches py-spy (a sampling profiler: the server runs unmodified), then
drives it like `bench/realtime.py` does: kiosks posting tickets at concurrency 8 (`tickets`),
or an agent calling with 100 displays connected (`calls`). Prints the share of samples spent
in each of our functions and in the main library layers, inclusive. Not part of `make bench`
(py-spy needs ptrace rights); the README's Performance section quotes its output.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import realtime
from bench.stats import machine

LAYERS = {
    "SQL statements (SQLAlchemy + sqlite3)": (
        "Session.execute",
        "Session.scalar",
        "Session.get ",
        "Query.",
        "_emit_lazyload",
    ),
    "commit (flush + sqlite3 commit)": ("Session.commit",),
    "wait look-ahead": ("_look_ahead",),
    "queue snapshot after a change": ("emit_queue_changed",),
    "Socket.IO emit": ("SocketIO.emit",),
    "JSON output (marshmallow)": ("serialize_output",),
    "rate limiter": ("_check_request_limit",),
}


RATE = ("-r", "200", "--nonblocking", "-d", "600")  # samples/s, never pause the server, at most


def _py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        raise SystemExit("py-spy is not installed: pip install -e '.[bench]'")
    return found


def record(mode: str, out: Path) -> str:
    target = realtime.Ours()
    target.start()
    try:
        spy = subprocess.Popen(
            [_py_spy(), "record", "-p", str(target.pid), "-f", "raw", "-o", str(out), *RATE],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        if mode == "calls":
            result = asyncio.run(realtime.latency(target, 100))
            summary = f"100 displays: p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
        else:
            rate, cpu_ms = asyncio.run(realtime.throughput(target, 8))
            summary = f"{rate:.1f} tickets/s at concurrency 8, {cpu_ms:.1f} ms CPU each"
        spy.send_signal(2)  # SIGINT: py-spy writes its file
        spy.wait(60)
        return summary
    finally:
        target.stop()


def _function(frame: str) -> str:
    """'create_ticket (/x/server/api/tickets.py:67)' -> its name and file, without the line."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rstrip(')').rsplit(':', 1)[0]})" if where else name


def shares(raw: Path, skip: str | None = None) -> tuple[int, Counter[str], Counter[str]]:
    """(samples, inclusive samples per function, samples per layer): a stack counts once for
    each function and each layer in it. Stacks through `skip` are left out (the benchmark's
    own clean-up between levels)."""
    total, inclusive, layers = 0, Counter[str](), Counter[str]()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or (skip and skip in stack):
            continue
        samples = int(count)
        total += samples
        for name in {_function(frame) for frame in stack.split(";")}:
            inclusive[name] += samples
        for layer, markers in LAYERS.items():
            if any(marker in stack for marker in markers):
                layers[layer] += samples
    return total, inclusive, layers


OURS = ("server/", "display/", "kiosk/", "agent_console/", "stats/", "back_office/")


def main(mode: str = "tickets") -> None:
    out = Path(tempfile.mkdtemp(prefix="accueil-profile-")) / f"{mode}.txt"
    summary = record(mode, out)
    total, inclusive, layers = shares(out, skip="cancel_by_visitor")
    print(f"\n== Profile ({mode}): {summary} ({machine()}), {total} samples ==")
    print("Layers (share of the server's samples; a stack may count in several):")
    for layer in LAYERS:
        print(f"  {layers[layer] / max(total, 1):6.1%}  {layer}")
    print("Our functions (inclusive, top 25):")
    ours = [(k, n) for k, n in inclusive.most_common() if k.split(" (")[-1].startswith(OURS)]
    for name, n in ours[:25]:
        print(f"  {n / max(total, 1):6.1%}  {name}")
    print(f"raw samples: {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tickets")

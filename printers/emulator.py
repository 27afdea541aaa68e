"""A network ESC/POS printer on a real TCP socket, for demos and integration tests."""

from __future__ import annotations

import argparse
import re
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, get_args

from printers.decode import DecodedTicket, decode_escpos
from printers.preview import render_preview

__all__ = ["DecodedTicket", "EmulatorMode", "PrinterEmulator", "decode_escpos", "main"]

EmulatorMode = Literal["ready", "paper_near_end", "paper_out", "cover_open", "offline", "silent"]

# DLE EOT n=1..4 replies as measured on real printers (see docs/DOMAIN.md).
STATUS_REPLIES: dict[str, bytes] = {
    "ready": bytes.fromhex("12121212"),
    "paper_near_end": bytes.fromhex("1212121e"),
    "paper_out": bytes.fromhex("1a32127e"),
    "cover_open": bytes.fromhex("1a161212"),
    "offline": bytes.fromhex("1a121212"),
}
# Like a real printer, these modes keep received data in the buffer until they recover.
HOLDING_MODES = frozenset({"paper_out", "cover_open", "offline"})

_STATUS_REQUEST = re.compile(rb"\x10\x04[\x01-\x04]")
_STATUS_ONLY = re.compile(rb"(?:\x10\x04[\x01-\x04])*")
_JOB_FILE = re.compile(r"^(\d{4})\.txt$")
_CONNECTION_IDLE_SECONDS = 10.0


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], emulator: PrinterEmulator) -> None:
        self.emulator = emulator
        super().__init__(address, _ConnectionHandler)


class _ConnectionHandler(socketserver.BaseRequestHandler):
    """One connection: answer status requests at once, keep everything else as one job."""

    server: _Server

    def handle(self) -> None:
        emulator = self.server.emulator
        connection: socket.socket = self.request
        connection.settimeout(_CONNECTION_IDLE_SECONDS)
        emulator._track(connection, opened=True)
        received = bytearray()
        search_from = 0
        try:
            while chunk := connection.recv(65536):
                received += chunk
                # Real-time requests are answered on arrival, even in the middle of a job.
                for match in _STATUS_REQUEST.finditer(received, search_from):
                    reply = emulator.status_reply(match.group()[2])
                    if reply:
                        connection.sendall(reply)
                    search_from = match.end()
                search_from = max(search_from, len(received) - 2)
        except OSError:
            pass  # a reset or an idle timeout ends the job like a closed connection
        finally:
            emulator._track(connection, opened=False)
        if not emulator.running:
            # Powered off mid-job: the data is lost, and the sender must see a reset, not a
            # clean close it would take for success.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()
            return
        if not _STATUS_ONLY.fullmatch(received):
            emulator._receive(bytes(received))


class PrinterEmulator:
    """A fake network printer speaking raw TCP 9100, with a mode that can change at run time."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 9100,
        output_dir: Path | None = None,
        mode: EmulatorMode = "ready",
        on_job: Callable[[int, DecodedTicket], None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.output_dir = output_dir
        self.on_job = on_job
        self.jobs: list[DecodedTicket] = []
        self._mode: EmulatorMode = mode
        self._held: list[bytes] = []
        self._condition = threading.Condition()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._next_number = 1

    def start(self) -> PrinterEmulator:
        """Listen in a background thread; `.port` is the real port (kept for a restart)."""
        if self._server is not None:
            return self
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            self._next_number = _next_job_number(self.output_dir)
        self._server = _Server((self.host, self.port), self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"printer-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        """Whether the printer is powered on and listening."""
        return self._server is not None

    def stop(self) -> None:
        """Power off: stop listening, cut connections, lose held and half-received data."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._condition:
            connections = list(self._connections)
            self._held.clear()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RD)  # wakes the handler without a clean close
            except OSError:
                continue
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def __enter__(self) -> PrinterEmulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def mode(self) -> EmulatorMode:
        """The condition the printer is in right now."""
        return self._mode

    @mode.setter
    def mode(self, mode: EmulatorMode) -> None:
        """Change condition; leaving a holding mode prints what was held, in order."""
        if mode not in get_args(EmulatorMode):
            raise ValueError(f"unknown emulator mode {mode!r}")
        with self._condition:
            self._mode = mode
            if mode in HOLDING_MODES:
                return
            held, self._held = self._held, []
        for data in held:
            self._print(data)

    def status_reply(self, n: int) -> bytes | None:
        """The byte a real printer in this mode sends for DLE EOT n, or None when silent."""
        replies = STATUS_REPLIES.get(self._mode)
        return None if replies is None else replies[n - 1 : n]

    @property
    def held_jobs(self) -> int:
        """Jobs received while out of paper (or open, or offline), waiting to print."""
        with self._condition:
            return len(self._held)

    @property
    def qr_payloads(self) -> list[str]:
        """Every QR payload printed so far, in order."""
        with self._condition:
            return [payload for job in self.jobs for payload in job.qr_payloads]

    def wait_for_jobs(self, count: int, timeout: float) -> bool:
        """Wait until at least `count` jobs have printed; False on timeout."""
        with self._condition:
            return self._condition.wait_for(lambda: len(self.jobs) >= count, timeout)

    def _track(self, connection: socket.socket, opened: bool) -> None:
        with self._condition:
            if opened:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def _receive(self, data: bytes) -> None:
        """A job arrived: print it now, or hold it until the printer recovers."""
        with self._condition:
            if self._mode in HOLDING_MODES:
                self._held.append(data)
                return
        self._print(data)

    def _print(self, data: bytes) -> None:
        """'Print' a job: decode it, keep it, and write NNNN.txt / NNNN.png if asked."""
        ticket = decode_escpos(data)
        with self._condition:
            number = self._next_number
            self._next_number += 1
            if self.output_dir is not None:
                stem = self.output_dir / f"{number:04d}"
                stem.with_suffix(".txt").write_text(ticket.text, encoding="utf-8")
                render_preview(ticket).save(stem.with_suffix(".png"))
            self.jobs.append(ticket)
            self._condition.notify_all()
        if self.on_job is not None:
            self.on_job(number, ticket)


def _next_job_number(directory: Path) -> int:
    """Continue numbering after earlier runs instead of overwriting their files."""
    numbers = [
        int(match[1]) for path in directory.iterdir() if (match := _JOB_FILE.match(path.name))
    ]
    return max(numbers, default=0) + 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run an emulated printer until Ctrl-C; type a mode name and Enter to change it."""
    parser = argparse.ArgumentParser(description="Émulateur d'imprimante ESC/POS (TCP 9100).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--output-dir", type=Path, default=None)
    parser.add_argument("--mode", choices=get_args(EmulatorMode), default="ready")
    arguments = parser.parse_args(argv)

    def announce(number: int, ticket: DecodedTicket) -> None:
        summary = " · ".join(ticket.large_text) or (ticket.lines[:1] or ["(vide)"])[0]
        print(f"{number:04d}  {summary}  ({ticket.size} octets)", flush=True)

    # Ctrl-C (and a service manager's SIGTERM) stop it cleanly even when it was started from a
    # shell's background job, which leaves SIGINT ignored and Python then never raises
    # KeyboardInterrupt: the emulator would go on serving forever.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    emulator = PrinterEmulator(
        arguments.host, arguments.port, arguments.output_dir, arguments.mode, on_job=announce
    )
    emulator.start()
    print(
        f"Imprimante émulée sur {emulator.host}:{emulator.port}, mode {emulator.mode}. "
        f"Modes : {', '.join(get_args(EmulatorMode))}. Ctrl-C pour arrêter.",
        flush=True,
    )
    try:
        for line in sys.stdin:
            choice = line.strip()
            if choice in get_args(EmulatorMode):
                emulator.mode = choice  # type: ignore[assignment]  # checked just above
                print(f"Mode : {choice}", flush=True)
            elif choice:
                print(f"Mode inconnu : {choice}", flush=True)
        while True:  # no interactive input (e.g. run as a service): just keep serving
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        emulator.stop()


if __name__ == "__main__":
    raise SystemExit(main())

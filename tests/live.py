"""A real server process on 127.0.0.1, for browser, multi-process and eventlet tests."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from tests.pins import cheap_pin_hash


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_template_lock = threading.Lock()
_template: Path | None = None


def demo_template() -> Path:
    """The database a real `accueil demo` makes from nothing (migrations, demo data), made once
    per test process by starting that command, then with the demo agents' PIN hashed cheaply
    (tests/pins.py). A demo server started on a copy skips the migrations and the slow hashing
    of the demo PINs, and each sign-in on it is quick; it still runs `accueil demo` (an
    up-to-date database is left as it is)."""
    global _template
    with _template_lock:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="accueil-demo-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            with LiveServer(folder, prepared=False):
                pass  # started (so the demo database is complete), then stopped
            path = folder / "accueil.db"
            database = sqlite3.connect(path)
            database.execute(
                "UPDATE agents SET pin_hash = ? WHERE login IN ('demo1', 'demo2')",
                (cheap_pin_hash("1234"),),
            )
            database.commit()
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all in the one file we copy
            database.close()
            _template = path
        return _template


class LiveServer:
    """`accueil demo` in a subprocess: migrations, demo data, then serving.

    A demo on its own SQLite file starts from a copy of `demo_template()` (prepared=False: from
    an empty database, as a first `accueil demo` does)."""

    def __init__(
        self,
        workdir: Path,
        port: int | None = None,
        command: str = "demo",
        prepared: bool = True,
        **env: str,
    ) -> None:
        self.workdir = workdir
        self.prepared = prepared
        self.command = command  # "serve" runs a real site (after `accueil db upgrade`)
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "ACCUEIL_INSTANCE_DIR": str(workdir),
            "ACCUEIL_DATABASE_URL": f"sqlite:///{workdir / 'accueil.db'}",
            "ACCUEIL_OPENING_HOURS": "always",
            "ACCUEIL_TICKET_RATE_LIMIT": "1000 per second",
            "ACCUEIL_DEMO_PRINTER": "off",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> LiveServer:
        """Start and wait until /healthz answers. The bound is generous: on a loaded CI machine
        the migrations and the demo data alone took more than 30 s."""
        database = self.workdir / "accueil.db"
        if (
            self.prepared
            and self.command == "demo"
            and self.env["ACCUEIL_DATABASE_URL"] == f"sqlite:///{database}"
            and self.env.get("ACCUEIL_SITE") == os.environ.get("ACCUEIL_SITE")
            and not database.exists()
        ):
            shutil.copy(demo_template(), database)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server", self.command, "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise RuntimeError(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()  # never leave a half-started server behind for the next test
        raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart(self) -> LiveServer:
        self.stop()
        return self.start()

    def login(self, login: str = "demo1", pin: str = "1234") -> requests.Session:
        session = requests.Session()
        response = session.post(
            f"{self.url}/api/v1/auth/login", json={"login": login, "pin": pin}, timeout=10
        )
        response.raise_for_status()
        return session

    def add_department_admin(self, login: str, pin: str, name: str = "Chef") -> None:
        """`accueil agent add --role department_admin`, typed beside the running server (as
        `accueil init` makes the install's owner)."""
        added = subprocess.run(
            [
                *(sys.executable, "-m", "server", "agent", "add"),
                *("--login", login, "--name", name, "--role", "department_admin", "--pin", pin),
            ],
            env=self.env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert added.returncode == 0, added.stderr

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

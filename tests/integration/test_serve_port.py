"""`accueil serve` on a port already taken says so in a sentence a site manager can act on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from tests.live import demo_template


def test_a_taken_port_is_said_in_french_without_a_traceback(tmp_path: Path) -> None:
    shutil.copy(demo_template(), tmp_path / "accueil.db")
    env = {
        **os.environ,
        "ACCUEIL_INSTANCE_DIR": str(tmp_path),
        "ACCUEIL_DATABASE_URL": f"sqlite:///{tmp_path / 'accueil.db'}",
    }
    with socket.socket() as taken:  # another server on the port
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "server", "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1, done.stderr
    assert f"Impossible d'écouter sur 127.0.0.1:{port}" in done.stderr
    assert "déjà utilisé" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr

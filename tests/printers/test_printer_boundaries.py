"""The printers package stays independent of the web application."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import printers, printers.emulator, printers.spooler, printers.transport
from printers.transport import EscposTransport
EscposTransport("serial", devfile="/dev/nonexistent-printer").status()
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("flask", "server"))
print(",".join(loaded))
"""


def test_importing_every_printer_module_loads_neither_flask_nor_the_server(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "XDG_CACHE_HOME": str(cache)}
    environment.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)

    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=True,
    )

    assert completed.stdout.strip() == ""
    assert any((cache / "accueil" / "escpos").iterdir()), "escpos cache went elsewhere"

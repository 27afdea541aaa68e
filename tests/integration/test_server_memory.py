"""A server process leaves out the libraries that only rare work needs (issue 15: its memory).

`accueil demo` runs in a fresh interpreter up to the moment it would serve, then lists the
modules it loaded. Each library below is loaded where it is used, or never by a server; an
import of one at module level again brings its megabytes back into every server, and this test
names it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

import server

LEFT_OUT = {
    "aiohttp": "Socket.IO client libraries, installed by the test extras only",
    "requests": "Socket.IO client libraries, installed by the test extras only",
    "websocket": "Socket.IO client libraries, installed by the test extras only",
    "alembic": "migrations: a database already at the newest one needs none",
    "flask_migrate": "migrations: a database already at the newest one needs none",
    "qrcode": "QR codes: loaded with the first one drawn",
    "PIL": "pictures and printed QR codes: loaded with the first one",
    "redis": "a message queue's only: a process without ACCUEIL_MESSAGE_QUEUE needs none",
    "holidays": "its country lookup loads every country: jours-feries-france gives the days",
}

UP_TO_SERVING = """
import json, sys
import server.serve


def report(app, host, port, **options):
    server.serve._warm_up()
    loaded = [name for name, module in sys.modules.items() if module is not None]
    print("MODULES " + json.dumps(loaded), flush=True)
    locales = getattr(sys.modules.get("babel.localedata"), "_cache", {})
    print("LOCALES " + json.dumps(sorted(locales)), flush=True)
    raise SystemExit(0)


server.serve.run = report
from server.cli import main

main(["demo", "--port", "0"])
"""


def test_a_demo_server_loads_no_library_only_rare_work_needs(
    database_url: str, tmp_path: Path
) -> None:
    at_the_newest_migration(database_url.removeprefix("sqlite:///"))
    env = {
        **os.environ,
        "ACCUEIL_INSTANCE_DIR": str(tmp_path),
        "ACCUEIL_DATABASE_URL": database_url,
        "ACCUEIL_DEMO_PRINTER": "off",
        "ACCUEIL_MESSAGE_QUEUE": "",  # one process
    }
    done = subprocess.run(
        [sys.executable, "-c", UP_TO_SERVING],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    loaded = set(json.loads(line.removeprefix("MODULES ")))
    assert {name: why for name, why in LEFT_OUT.items() if name in loaded} == {}
    # Babel's locales load on first use, megabytes each: the French words are written out.
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOCALES "))
    assert json.loads(line.removeprefix("LOCALES ")) == []


def at_the_newest_migration(path: str) -> None:
    """Mark the test database (made by create_all) as migrated, as a demo's copy of the
    tests' template is."""
    config = Config()
    config.set_main_option("script_location", str(Path(server.__file__).parent / "migrations"))
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    database.execute(
        "INSERT INTO alembic_version VALUES (?)",
        (ScriptDirectory.from_config(config).get_current_head(),),
    )
    database.commit()
    database.close()

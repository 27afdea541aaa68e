"""The proof of the itinerant kit: two real servers, two databases. The laptop is set up from the
central, records a day of visits while the central is down, then `accueil sync` runs twice and
the central's statistics for the laptop's site equal the laptop's own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from tests.live import LiveServer
from tests.sync.day import record_day

pytestmark = pytest.mark.slow

SITE = "fs-itinerante"
POSTGRES = os.environ.get("ACCUEIL_TEST_DATABASE_URL")


def accueil(workdir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """One `accueil` command, as run on that machine."""
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        env={**os.environ, **env},
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def poster(session: requests.Session, base: str) -> Any:
    def send(path: str, body: dict[str, Any]) -> tuple[int, Any]:
        response = session.post(base + path, json=body, timeout=15)
        return response.status_code, (response.json() if response.content else None)

    return send


@pytest.mark.parametrize(
    "central_database",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES, reason="set ACCUEIL_TEST_DATABASE_URL"),
            ],
        ),
    ],
)
def test_a_day_recorded_offline_reaches_the_central_statistics_once(tmp_path, central_database):
    central_dir, laptop_dir = tmp_path / "central", tmp_path / "laptop"
    central_dir.mkdir()
    laptop_dir.mkdir()
    central_env = {"ACCUEIL_INSTANCE_DIR": str(central_dir)}
    if central_database == "postgresql":
        reset_postgres(POSTGRES)
        central_env["ACCUEIL_DATABASE_URL"] = POSTGRES
    else:
        central_env["ACCUEIL_DATABASE_URL"] = f"sqlite:///{central_dir / 'accueil.db'}"
    central = LiveServer(central_dir, **central_env).start()  # the demo site, demo1/demo2
    laptop: LiveServer | None = None
    try:
        # On the central: a token for the laptop's site (created as an itinerant site).
        issued = accueil(central_dir, central_env, "sync", "token", SITE, "--name", "Itinérante")
        assert issued.returncode == 0, issued.stderr
        token = issued.stdout.split("une seule fois) :\n", 1)[1].split()[0]
        # The department's administrator reads every site's figures (demo1 manages only its own).
        chef = accueil(
            central_dir,
            central_env,
            *("agent", "add", "--login", "chef", "--name", "Chef"),
            *("--role", "department_admin", "--pin", "2468"),
        )
        assert chef.returncode == 0, chef.stderr

        # On the laptop, before leaving: its own site, the central's address and the token.
        laptop_env = {
            "ACCUEIL_INSTANCE_DIR": str(laptop_dir),
            "ACCUEIL_DATABASE_URL": f"sqlite:///{laptop_dir / 'accueil.db'}",
            "ACCUEIL_CENTRAL_URL": central.url,
        }
        init = accueil(
            laptop_dir,
            laptop_env,
            *("init", "--site", SITE, "--name", "France Services itinérante"),
            *("--admin", "portable", "--pin", "2468", "--sync-token", token),
        )
        assert init.returncode == 0, init.stderr
        assert "synchronisé avec le serveur central" in init.stdout
        laptop = LiveServer(
            laptop_dir, command="serve", ACCUEIL_SYNC_INTERVAL_SECONDS="3600", **laptop_env
        ).start()
        owner = laptop.login("portable", "2468")
        made = owner.post(
            f"{laptop.url}/api/v1/admin/counters",
            json={"code": "accueil", "label": "Accueil", "kind": "reception"},
            timeout=10,
        )
        assert made.status_code == 201, made.text

        # In the village hall: no central. The agent signs in with their usual PIN (pulled).
        central.stop()
        agent = laptop.login("demo2", "1234")
        before = agent.get(f"{laptop.url}/api/v1/sync/status", timeout=10).json()
        assert before["configured"] and before["last_success_at"]  # the set-up's first sync
        done = record_day(
            poster(requests.Session(), laptop.url), poster(agent, laptop.url), lambda _: None
        )
        failed = accueil(laptop_dir, laptop_env, "sync")
        assert failed.returncode != 0
        assert "synchronisation impossible" in failed.stderr and "injoignable" in failed.stderr
        status = agent.get(f"{laptop.url}/api/v1/sync/status", timeout=10).json()
        assert status["pending_total"] > 0 and "en attente" in status["text"]
        assert status["last_success_at"] == before["last_success_at"]
        assert "injoignable" in status["last_error"]

        # Back at the office: the central is up again; sync twice.
        central.start()
        started = time.monotonic()
        first = accueil(laptop_dir, laptop_env, "sync")
        elapsed = time.monotonic() - started
        assert first.returncode == 0, first.stderr
        second = accueil(laptop_dir, laptop_env, "sync")
        assert second.returncode == 0, second.stderr
        assert "rien de nouveau" in second.stdout
        print(f"\n{central_database}: {first.stdout.strip()} in {elapsed:.2f} s (with start-up)")

        query = f"/admin/stats/data.json?period=day&site={SITE}"
        on_laptop = owner.get(laptop.url + query, timeout=30).json()
        chef_session = requests.Session()
        signed = chef_session.post(  # two sites on the central now: the chef names one
            f"{central.url}/api/v1/auth/login",
            json={"login": "chef", "pin": "2468", "site": SITE},
            timeout=10,
        )
        assert signed.status_code == 200, signed.text
        on_central = chef_session.get(central.url + query, timeout=30).json()
        assert on_central["visits"] > 0 and on_central["presences"] == 3
        assert done["tickets"] == 12
        assert on_central == on_laptop
        status = agent.get(f"{laptop.url}/api/v1/sync/status", timeout=10).json()
        assert status["pending_total"] == 0 and status["last_error"] == ""
    finally:
        if laptop is not None:
            laptop.stop()
        central.stop()

"""`accueil backup`: a copy taken during a rush restores to a working site."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from server import config as settings
from server import create_app
from server.cli import cli
from server.extensions import db
from server.models import Visit
from server.services.backup import UsePgDump, backup_database


def test_a_backup_taken_during_a_rush_restores_to_a_working_site(
    app: Any, client: Any, database_url: str, tmp_path: Path, clock: Any
) -> None:
    for _ in range(5):
        assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
    stop = threading.Event()
    issued: list[int] = []

    def rush() -> None:
        rush_client = app.test_client()
        while not stop.is_set() and len(issued) < 200:
            issued.append(
                rush_client.post("/api/v1/tickets", json={"service": "cpam-css"}).status_code
            )

    worker = threading.Thread(target=rush)
    worker.start()
    try:
        while len(issued) < 3:
            stop.wait(0.01)
        target = tmp_path / "copies" / "accueil-backup.db"
        size = backup_database(database_url, target)
    finally:
        stop.set()
        worker.join()
    assert size > 0 and set(issued) == {201}

    restored = create_app(
        settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{target}"), clock=clock
    )
    with restored.app_context():
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        copied = db.session.scalar(select(func.count(Visit.id)))
        db.session.remove()
    assert 5 <= copied <= 5 + len(issued)
    restored_client = restored.test_client()
    ticket = restored_client.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert ticket.status_code == 201
    agent = restored_client.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    assert agent.status_code == 200
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()


def test_backup_refuses_to_overwrite_or_to_copy_onto_itself(
    database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "b.db"
    backup_database(database_url, target)
    with pytest.raises(Exception, match="--force"):
        backup_database(database_url, target)
    assert backup_database(database_url, target, overwrite=True) > 0
    with pytest.raises(Exception, match="un autre fichier"):
        backup_database(database_url, Path(database_url.removeprefix("sqlite:///")))


def test_on_postgresql_backup_explains_pg_dump_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(UsePgDump) as caught:
        backup_database("postgresql+psycopg://accueil:s3cret@db.local/accueil", tmp_path / "x")
    assert "pg_dump --format=custom" in caught.value.message
    assert "s3cret" not in caught.value.message and "pg_restore" in caught.value.message


def test_the_backup_command(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_SECRET_KEY", "test")
    target = tmp_path / "nightly.db"
    result = CliRunner().invoke(cli, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
    # The restore in full, as the README says: a stale -wal beside the copied file would be
    # replayed onto it at the next start.
    database = database_url.removeprefix("sqlite:///")
    assert f"copiez-la sur {database}, supprimez {database}-wal et {database}-shm" in " ".join(
        result.output.split()
    )
    again = CliRunner().invoke(cli, ["backup", str(target)])
    assert again.exit_code == 1 and "--force" in again.output

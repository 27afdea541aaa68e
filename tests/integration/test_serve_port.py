"""`accueil serve` on a port already taken says so in a sentence a site manager can act on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

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


def _serve(folder: Path, database: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ACCUEIL_INSTANCE_DIR": str(folder),
        "ACCUEIL_DATABASE_URL": f"sqlite:///{database}",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "server", "serve", "--port", "1"],  # never reached
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serving_before_accueil_db_upgrade_says_to_run_it(tmp_path: Path) -> None:
    """A new install that skipped `accueil db upgrade` met « no such table: agents » and a
    traceback."""
    done = _serve(tmp_path, tmp_path / "accueil.db")
    assert done.returncode == 1, done.stderr
    assert "la base de données est vide : lancez d'abord `accueil db upgrade`" in done.stderr
    assert "Traceback" not in done.stderr


def test_serving_a_database_older_than_the_code_says_to_upgrade_it(tmp_path: Path) -> None:
    """New code on an old database started, then failed on the first request that read a new
    column."""
    from flask_migrate import upgrade

    from server import config as settings
    from server import create_app
    from server.extensions import db
    from server.schema import install_migrations

    database = tmp_path / "old.db"
    app = create_app(settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}"))
    install_migrations(app)
    with app.app_context():
        upgrade(revision="0025_site_services")
        db.engine.dispose()
    done = _serve(tmp_path, database)
    assert done.returncode == 1, done.stderr
    assert "la base de données n'est pas à jour (migration 0025_site_services" in done.stderr
    assert "lancez `accueil db upgrade`" in done.stderr and "Traceback" not in done.stderr


def test_a_database_out_of_reach_is_one_french_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PostgreSQL stopped or a wrong ACCUEIL_DATABASE_URL: every command died in a traceback."""
    from server.cli import main

    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", "postgresql+psycopg://accueil@127.0.0.1:1/accueil")
    with pytest.raises(SystemExit) as stopped:
        main(["printer", "list"])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : la base de données ne répond pas ou n'est pas prête (")
    assert "Vérifiez ACCUEIL_DATABASE_URL" in err and "Traceback" not in err


def test_a_mistyped_accueil_site_is_refused_naming_the_sites(tmp_path: Path) -> None:
    """ACCUEIL_SITE=fs-moisac in the unit: the server started, /healthz said ok, and every
    kiosk, display and phone page answered 404."""
    shutil.copy(demo_template(), tmp_path / "accueil.db")
    done = _serve(tmp_path, tmp_path / "accueil.db", ACCUEIL_SITE="fs-nulle-part")
    assert done.returncode == 1, done.stderr
    assert "ACCUEIL_SITE : aucun site n'a le code « fs-nulle-part » (sites : " in done.stderr
    assert "mde-castelsarrasin" in done.stderr and "Traceback" not in done.stderr


def test_a_database_from_a_newer_version_is_neither_served_nor_migrated(tmp_path: Path) -> None:
    """The code rolled back after an upgrade, the database not restored: serve told to run
    `accueil db upgrade`, which then died in Alembic's « Can't locate revision » traceback."""
    import sqlite3

    from click.testing import CliRunner

    from server.cli import cli

    database = tmp_path / "accueil.db"
    shutil.copy(demo_template(), database)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    connection.close()
    served = _serve(tmp_path, database)
    assert served.returncode == 1, served.stderr
    said = "migrée par une version plus récente d'Accueil (migration 0099_from_the_future"
    assert said in served.stderr and "Traceback" not in served.stderr
    upgraded = CliRunner().invoke(
        cli, ["db", "upgrade"], env={"ACCUEIL_DATABASE_URL": f"sqlite:///{database}"}
    )
    assert upgraded.exit_code == 1 and said in upgraded.output, upgraded.output

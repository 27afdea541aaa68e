"""A database of the previous release upgrades to the back-office schema and keeps its data."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from server import config as settings
from server import create_app
from server.extensions import db

PREVIOUS_RELEASE = "0007"


def test_a_previous_release_database_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    app = create_app(
        settings.TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    )
    with app.app_context():
        upgrade(revision=PREVIOUS_RELEASE)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO sites (id, code, name, commune, timezone) "
                    "VALUES (1, 'mde', 'Maison de l''État', 'Castelsarrasin', 'Europe/Paris')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO agents (id, name, login, pin_hash, role, posture, serves_all, "
                    "on_duty, paused, failed_logins) "
                    "VALUES (1, 'Camille', 'camille', 'x', 'admin', 'desk', 1, 0, 0, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO counters (id, site_id, code, label, kind, serves_all) "
                    "VALUES (1, 1, 'bureau-1', 'Bureau 1', 'office', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO highlights (id, site_id, title, body, month, position, active) "
                    "VALUES (1, 1, 'Nocturne', 'Le jeudi', '2026-02-01', 0, 1)"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            site = connection.execute(
                text("SELECT code, name, address, public_url FROM sites")
            ).one()
            agent = connection.execute(text("SELECT login, role, active FROM agents")).one()
            counter = connection.execute(text("SELECT code, label, active FROM counters")).one()
            # Counter codes are now unique per site: a second site has its own bureau-1.
            connection.execute(
                text(
                    "INSERT INTO sites (id, code, name, commune, timezone, address, public_url) "
                    "VALUES (2, 'fs-moissac', 'Moissac', 'Moissac', 'Europe/Paris', '', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO counters (site_id, code, label, kind, serves_all, active) "
                    "VALUES (2, 'bureau-1', 'Bureau 1', 'office', 1, 1)"
                )
            )
            highlight = connection.execute(
                text("SELECT title, starts_on, ends_on, image_version FROM highlights")
            ).one()
        db.engine.dispose()
    assert tuple(site) == ("mde", "Maison de l'État", "", "")
    assert tuple(agent) == ("camille", "admin", 1)
    assert tuple(counter) == ("bureau-1", "Bureau 1", 1)
    # A highlight of the old release keeps showing for its whole month.
    assert tuple(highlight) == ("Nocturne", "2026-02-01", "2026-02-28", 0)
